"""Progress for long loops (``verbose``): tqdm when installed, else plain lines."""

import sys


def report(iterable, *, verbose, desc, total=None):
    """``iterable``, with progress shown while it is consumed if ``verbose``.

    Uses ``tqdm.auto`` (a notebook widget or a terminal bar) when tqdm is
    installed, otherwise one line per step on stderr.
    """
    if not verbose:
        return iterable
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _lines(iterable, desc, total)
    return tqdm(iterable, desc=desc, total=total)


def _lines(iterable, desc, total):
    # the line goes out when a step is handed over, not when the next one is
    # asked for: a loop that ends with ``break`` still reports its last step
    of = f"/{total}" if total is not None else ""
    for step, item in enumerate(iterable, start=1):
        print(f"{desc}: {step}{of}", file=sys.stderr, flush=True)
        yield item


def say(verbose, message):
    """One progress message on stderr if ``verbose``."""
    if verbose:
        print(message, file=sys.stderr, flush=True)
