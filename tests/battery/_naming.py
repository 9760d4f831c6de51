"""Does a clear error name what was wrong? (issue 15: "names the parameter and
the problem").

For the case families below, a clear error's message must mention the input or
parameter the case got wrong. Two messages of the peer libraries are accepted
as they stand, since imbalanced-learn and scikit-learn give them on the same
input: imbalanced-learn's "needs to have more than 1 class. Got 0 class" for
no rows, and scikit-learn's "inconsistent numbers of samples" for arrays of
different lengths.
"""

import re

PEER_MESSAGES = {
    "no_rows": r"needs to have more than 1 class\. Got 0 class",
    "sample_weight_short": r"inconsistent numbers of samples",
}

# case name pattern -> what the message must mention (case-insensitive)
NAMED = [
    (r"^(equal-|adaptive-)?y_(short|long)$", r"\by(_\w+)?\b|labels|numbers of samples"),
    (r"^no_rows$", r"0 sample|empty|no rows|minimum of 1|at least|0 rows"),
    (r"^X_1d$", r"2D|2-D|1-D|1D|reshape"),
    (r"^one_class$", r"class"),
    (r"^no_columns$", r"feature|column"),
    (r"^sample_weight", r"weight"),
    (r"^(nan|inf)_in_X$", r"nan|inf|finite"),
    (r"^unknown_strategy_key$", r"sampling_strategy|class"),
    (r"^([kmn])_neighbors", r"neighbo"),
    (r"^(equal-|adaptive-)?costs?_", r"cost"),
    (r"^(labels|classes)_", r"label|class"),
    (r"^priors_", r"prior"),
    (r"^(equal-|adaptive-)?groups_", r"group"),
    (r"^(equal-|adaptive-)?budget_", r"budget"),
    (r"^shares_", r"shares"),
    (r"^fraction_", r"fraction"),
    (r"^max_rows_", r"max_rows"),
    (r"^name_", r"name"),
]


def names_the_problem(case, message):
    """True unless ``case`` is in a family above and ``message`` misses its name."""
    peer = PEER_MESSAGES.get(case)
    if peer and re.search(peer, message):
        return True
    for pattern, must in NAMED:
        if re.search(pattern, case):
            return re.search(must, message, re.IGNORECASE) is not None
    return True
