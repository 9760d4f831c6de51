"""Running one battery case and sorting its outcome into a class.

Outcome classes (``Outcome.kind``):

``right``
    The call returned and every invariant of the case held.
``clear``
    A ``ValueError``/``TypeError`` (subclasses included) raised from our own,
    scikit-learn's or imbalanced-learn's code, with a message that is not a
    numpy/Python internal one.
``deliberate``
    A clear error where the reference library gives a right result, for a
    reason listed in ``_registry.DELIBERATE``.
``worse``
    A clear error where the reference library gives a right result, with no
    listed reason.
``unhelpful``
    Any other exception, or a ValueError/TypeError with an internal message
    (broadcasting, out of bounds indices, conversions, "contains NaN" when
    the input holds none, ...).
``silent``
    The call returned but an invariant failed: a wrong result without a word.
``hang``
    The call did not finish within the time limit.
"""

import os
import re
import signal
import traceback
import warnings
from dataclasses import dataclass

RIGHT, CLEAR, DELIBERATE, WORSE = "right", "clear", "deliberate", "worse"
UNHELPFUL, SILENT, HANG = "unhelpful", "silent", "hang"
FAILING = (WORSE, UNHELPFUL, SILENT, HANG)
ALL_KINDS = (RIGHT, CLEAR, DELIBERATE, WORSE, UNHELPFUL, SILENT, HANG)

TIME_LIMIT = float(os.environ.get("BATTERY_TIME_LIMIT", "20"))

# messages numpy, pandas, scipy or Python write for their own reasons: they
# name neither the parameter at fault nor what is accepted
INTERNAL_MESSAGES = [
    r"operands could not be broadcast",
    r"out of bounds",
    r"could not convert",
    r"setting an array element",
    r"unhashable",
    r"not supported between instances",
    r"invalid literal",
    r"zero-size array",
    r"cannot reshape",
    r"empty sequence",
    r"has no len",
    r"positional argument",
    r"unexpected keyword",
    r"only integer scalar arrays",
    r"truth value of an array",
    r"must be real number",
    r"no loop matching",
    r"ufunc",
    r"list index",
    r"[Cc]annot cast",
    r"dimension mismatch",
    r"not aligned",
    r"array must not contain infs or NaNs",
    r"NoneType",
    r"too many indices",
    r"index \d+ is out of bounds",
    r"arrays used as indices",
    r"Buffer dtype mismatch",
    r"No matching definition",
    r"[Ff]ailed in nopython mode",
    r"cannot convert float NaN",
    r"math domain error",
    r"all the input array dimensions",
    r"need at least one array to concatenate",
    r"object too deep",
    r"inhomogeneous shape",
    r"zip\(\) argument",
    r"Axis must be specified",
    r"boolean index did not match",
    r"Expected 2D array, got 1D array instead",  # sklearn's, but wrong when X was 2-D
]
NONFINITE_MESSAGES = [r"Input (X )?contains (NaN|inf)", r"X contains (NaN|inf)"]

# where a clear error may come from: our code or the libraries whose
# validation messages users know
CLEAR_ORIGINS = (
    f"{os.sep}imbalance_kit{os.sep}",
    f"{os.sep}sklearn{os.sep}",
    f"{os.sep}imblearn{os.sep}",
)


class Wrong(AssertionError):
    """An invariant of a case failed: the result is silently wrong."""


class Hang(BaseException):
    """The time limit ran out."""


def expect(condition, message):
    """Raise :class:`Wrong` with ``message`` unless ``condition``."""
    if not condition:
        raise Wrong(message)


@dataclass
class Outcome:
    kind: str
    message: str = ""
    exc_type: str = ""

    def line(self):
        text = " ".join(self.message.split())
        label = f"{self.exc_type}: " if self.exc_type else ""
        return f"{self.kind} | {label}{text}"[:200]


def _on_alarm(signum, frame):
    raise Hang()


def _innermost_frame(exc):
    frames = traceback.extract_tb(exc.__traceback__)
    return frames[-1] if frames else None


def _raised_by_statement(frame):
    """Whether the innermost Python frame's line is a ``raise`` statement.

    An error raised inside a compiled routine (numpy's C functions, Python
    builtins: ``np.empty(-1)``, ``[1].index(2)``, unpacking, ``bool`` of an
    empty array, ``RandomState.choice``) has no frame of its own: the
    innermost frame is then the line of ours or of a library that called it,
    and that line is not a ``raise``. Such a message is the routine's, not
    one written for the user, whatever its wording.
    """
    line = (frame.line or "").strip()
    return bool(re.match(r"(raise\b|.*:\s*raise\b)", line))


def classify_exception(exc, nonfinite_input=False, expected_2d=True):
    """``clear`` or ``unhelpful`` for an exception raised by a call."""
    message = str(exc)
    name = type(exc).__name__
    if not isinstance(exc, (ValueError, TypeError)):
        return Outcome(UNHELPFUL, message, name)
    if type(exc).__module__.startswith("numba"):
        return Outcome(UNHELPFUL, message, name)
    patterns = list(INTERNAL_MESSAGES)
    if not expected_2d:
        patterns.remove(INTERNAL_MESSAGES[-1])
    if not nonfinite_input:
        patterns += NONFINITE_MESSAGES
    for pattern in patterns:
        if re.search(pattern, message):
            return Outcome(UNHELPFUL, message, name)
    if len(message.strip()) < 8:
        return Outcome(UNHELPFUL, message, name)
    frame = _innermost_frame(exc)
    origin = frame.filename if frame else ""
    if not any(part in origin for part in CLEAR_ORIGINS):
        return Outcome(UNHELPFUL, f"{message} [raised in {origin}]", name)
    if not _raised_by_statement(frame):
        return Outcome(
            UNHELPFUL,
            f"{message} [raised by a compiled routine called at {origin}:"
            f"{frame.lineno}: {(frame.line or '').strip()}]",
            name,
        )
    return Outcome(CLEAR, message, name)


def run(call, check, *, nonfinite_input=False, expected_2d=True, limit=None):
    """Run ``call()`` then ``check(result)`` under a time limit; classify."""
    limit = TIME_LIMIT if limit is None else limit
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # a RuntimeWarning (overflow, division by zero, invalid value)
            # raised in our own code is a numpy-internal message, not ours
            warnings.filterwarnings(
                "error", category=RuntimeWarning, module="imbalance_kit"
            )
            if True:
                try:
                    result = call()
                except Hang:
                    return Outcome(HANG, f"no result within {limit:g} s")
                except Exception as exc:  # noqa: BLE001 - sorted below
                    return classify_exception(exc, nonfinite_input, expected_2d)
                try:
                    check(result)
                except Hang:
                    return Outcome(HANG, f"checks took over {limit:g} s")
                except Wrong as exc:
                    return Outcome(SILENT, str(exc))
                except Exception as exc:  # noqa: BLE001
                    return Outcome(
                        SILENT,
                        f"result could not be checked: {type(exc).__name__}: {exc}",
                    )
                return Outcome(RIGHT)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
