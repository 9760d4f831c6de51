"""The battery's judge: each kind of outcome is recognised for what it is."""

import time
import warnings

import numpy as np
import pytest
from sklearn.utils.validation import check_array

from imbalance_kit.metrics import expected_cost

from ._outcome import CLEAR, HANG, RIGHT, SILENT, UNHELPFUL, expect, run


def nothing(result):
    return None


def test_a_result_that_meets_its_checks_is_right():
    assert run(lambda: 2 + 2, lambda r: expect(r == 4, "sum")).kind == RIGHT


def test_a_result_that_breaks_a_check_is_silently_wrong():
    outcome = run(lambda: 2 + 2, lambda r: expect(r == 5, "sum is not 5"))
    assert outcome.kind == SILENT and outcome.message == "sum is not 5"


def test_our_value_error_naming_the_parameter_is_clear():
    outcome = run(lambda: expected_cost([0, 1], [0, 1], [[0, 1]]), nothing)
    assert outcome.kind == CLEAR


def test_scikit_learn_validation_messages_are_clear():
    outcome = run(
        lambda: check_array(np.array([[1.0, np.nan]])), nothing, nonfinite_input=True
    )
    assert outcome.kind == CLEAR


def test_nan_message_for_input_without_nan_is_unhelpful():
    # the message scikit-learn gives when an overflow made the NaN
    outcome = run(
        lambda: check_array(np.array([[1.0, np.nan]])), nothing, nonfinite_input=False
    )
    assert outcome.kind == UNHELPFUL


@pytest.mark.parametrize(
    "call",
    [
        lambda: [1, 2][5],  # IndexError
        lambda: {}["key"],  # KeyError
        lambda: 1 / 0,  # ZeroDivisionError
        lambda: np.ones(3) + np.ones(4),  # numpy broadcast message
        lambda: np.zeros(2)[np.array([0, 7])],  # out of bounds
        lambda: float("abc"),  # conversion
    ],
    ids=["IndexError", "KeyError", "ZeroDivision", "broadcast", "bounds", "convert"],
)
def test_internal_errors_are_unhelpful(call):
    assert run(call, nothing).kind == UNHELPFUL


def test_a_value_error_raised_outside_our_libraries_is_unhelpful():
    def numpy_raises():
        return np.reshape(np.arange(6), (4, 4))

    assert run(numpy_raises, nothing).kind == UNHELPFUL


def test_a_call_over_the_time_limit_is_a_hang():
    outcome = run(lambda: time.sleep(5), nothing, limit=0.2)
    assert outcome.kind == HANG


def test_runtime_warning_from_our_modules_is_unhelpful_from_others_not():
    from imbalance_kit.utils import _pandas  # any module of ours

    code = compile("np.float64(1.0) / np.float64(0.0)", _pandas.__file__, "eval")
    ours = {"np": np, "__name__": "imbalance_kit.utils._pandas"}
    assert run(lambda: eval(code, ours), nothing).kind == UNHELPFUL
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # attributed to this test module, not ours: stays a warning
        outcome = run(lambda: np.log(np.zeros(1)), nothing)
    assert outcome.kind == RIGHT


PROBE = """
import numpy as np


def ours():
    raise ValueError("k_neighbors must be a positive integer; got -1.")


def ours_multiline():
    if True:
        raise TypeError(
            "sampling_strategy must be a dict, a float or a string; got "
            f"{[1]!r}."
        )


def index():
    return [1, 2].index(3)


def unpack():
    a, b = [1]
    return a, b


def empty_truth():
    return bool(np.array([]))


def negative_size():
    return np.empty(-1)


def choice():
    return np.random.RandomState(0).choice(3, size=5, replace=False)


def concatenate():
    return np.concatenate([np.ones(2), np.ones((2, 2))])


def mentions_X():
    return np.zeros((2, 2)).reshape("X")
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """A module under a directory named imbalance_kit, with real source lines."""
    import importlib.util

    folder = tmp_path_factory.mktemp("probe") / "imbalance_kit"
    folder.mkdir()
    path = folder / "_probe.py"
    path.write_text(PROBE)
    spec = importlib.util.spec_from_file_location("battery_probe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["ours", "ours_multiline"])
def test_a_raise_statement_of_ours_is_clear(probe, name):
    assert run(getattr(probe, name), nothing).kind == CLEAR


@pytest.mark.parametrize(
    "name",
    [
        "index",  # "3 is not in list"
        "unpack",  # "not enough values to unpack"
        "empty_truth",  # "The truth value of an empty array is ambiguous"
        "negative_size",  # "negative dimensions are not allowed"
        "choice",  # "Cannot take a larger sample than population"
        "concatenate",  # "all the input arrays must have same number of dims"
        "mentions_X",  # "'str' object cannot be interpreted as an integer"
    ],
)
def test_a_compiled_routines_error_in_our_code_is_unhelpful(probe, name):
    # raised by numpy's or Python's C code called on a line of ours: the
    # innermost frame is ours, the message is not
    outcome = run(getattr(probe, name), nothing)
    assert outcome.kind == UNHELPFUL, outcome.line()
