"""The Jeffreys interval for a proportion: quantiles of Beta(k + 1/2, n - k + 1/2).

Self-contained (no SciPy): the regularised incomplete beta function by its continued
fraction (Lentz's method), and its inverse by bisection, which is monotone and exact to
well below the three decimals the pages show.
"""

from __future__ import annotations

import functools
import math


def _continued_fraction(a: float, b: float, x: float) -> float:
    tiny, eps = 1e-300, 1e-15
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
                    -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1 + num * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < eps:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _continued_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _continued_fraction(b, a, 1 - x) / b


def beta_quantile(p: float, a: float, b: float) -> float:
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if beta_cdf(mid, a, b) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@functools.lru_cache(maxsize=4096)  # a pure function, asked the same (k, n) often
def jeffreys_interval(k: int, n: int, level: float = 0.9) -> tuple[float, float]:
    """The equal-tailed Jeffreys interval for k successes in n trials; by convention the
    lower end is 0 when k = 0 and the upper end 1 when k = n."""
    if n <= 0:
        return (0.0, 1.0)
    tail = (1 - level) / 2
    a, b = k + 0.5, n - k + 0.5
    low = 0.0 if k == 0 else beta_quantile(tail, a, b)
    high = 1.0 if k == n else beta_quantile(1 - tail, a, b)
    return (low, high)
