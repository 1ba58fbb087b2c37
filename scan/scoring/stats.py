"""Exact statistics of scores kept in tenths (integers), rounded half up to one decimal.

One formula for the team spread (:func:`scan.scoring.team.spread`) and the group tables of
``scan batch --groepeer`` (running sums), so the two can never disagree.
"""

from __future__ import annotations

import math


def sample_sd(n: int, total: int, squares: int) -> float | None:
    """The sample standard deviation in points of ``n`` scores in tenths, from their sum and
    the sum of their squares, rounded half up to one decimal; None when ``n < 2``."""
    if n < 2:
        return None
    # the sample variance in tenths² is a / b; rounded half up, sd = floor(sqrt(a / b) + 1/2)
    a = n * squares - total * total
    b = n * (n - 1)
    return (math.isqrt(4 * a // b) + 1) // 2 / 10
