"""Hamilton's (largest-remainder) method, one unit at a time, with plain loops."""

from fractions import Fraction


def hamilton(total, weights, capacity=None):
    """Integer shares of ``total`` proportional to ``weights``.

    Exact arithmetic (fractions): each group gets the integer part of its
    share, then the remaining units go one by one to the group with the
    largest fractional part (the first such group on ties). With
    ``capacity``, a group above its capacity is cut back to it and the
    rest is split again over the groups with room (equally if their weights
    are all zero).
    """
    n = len(weights)
    weights = [Fraction(w) for w in weights]
    counts = [0] * n
    cap = [None] * n if capacity is None else [int(c) for c in capacity]
    while True:
        left = total - sum(counts)
        room = [cap[g] is None or counts[g] < cap[g] for g in range(n)]
        if left <= 0 or not any(room):
            return counts
        w = [weights[g] if room[g] else Fraction(0) for g in range(n)]
        if sum(w) == 0:
            w = [Fraction(1) if room[g] else Fraction(0) for g in range(n)]
        share = [left * w[g] / sum(w) for g in range(n)]
        add = [int(s) for s in share]  # floor: shares are non-negative
        rest = [share[g] - add[g] for g in range(n)]
        for _ in range(left - sum(add)):
            best = 0
            for g in range(1, n):
                if rest[g] > rest[best]:
                    best = g
            add[best] += 1
            rest[best] = Fraction(-1)
        for g in range(n):
            counts[g] += add[g]
            if cap[g] is not None and counts[g] > cap[g]:
                counts[g] = cap[g]
