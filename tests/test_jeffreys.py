"""The Jeffreys interval and the incomplete beta function behind it, against closed forms."""

from __future__ import annotations

import math

import pytest

from buzzvalue.model.jeffreys import beta_cdf, beta_quantile, jeffreys_interval


def binomial_tail(x: float, a: int, b: int) -> float:
    """I_x(a, b) for whole a and b: the chance of at least a successes in a + b - 1 trials."""
    n = a + b - 1
    return math.fsum(math.comb(n, j) * x ** j * (1 - x) ** (n - j) for j in range(a, n + 1))


def half_integer(x: float, a: float, b: float) -> float:
    """I_x(a, b) for a, b in 1/2, 3/2, 5/2, ...: from the arcsine law I_x(1/2, 1/2) =
    (2/pi) asin(sqrt x), climbing with I_x(a+1, b) = I_x(a, b) - x^a (1-x)^b / (a B(a, b))
    and I_x(a, b+1) = I_x(a, b) + x^a (1-x)^b / (b B(a, b))."""
    def term(p: float, q: float) -> float:
        log_b = math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)
        return math.exp(p * math.log(x) + q * math.log1p(-x) - log_b)

    value, p, q = (2 / math.pi) * math.asin(math.sqrt(x)), 0.5, 0.5
    while p < a:
        value -= term(p, q) / p
        p += 1
    while q < b:
        value += term(p, q) / q
        q += 1
    return value


@pytest.mark.parametrize(("x", "a", "b"), [
    (0.3, 2, 3), (0.7, 2, 3), (0.5, 1, 1), (0.25, 1, 1), (0.01, 3, 7), (0.9, 3, 7),
    (0.42, 5, 5), (0.6, 5, 5), (0.2, 1, 4), (0.95, 4, 1), (0.999, 10, 2), (0.001, 2, 10)])
def test_beta_cdf_for_whole_parameters(x, a, b):
    # Both sides of the switch at x = (a + 1) / (a + b + 2), where the symmetry is used.
    assert beta_cdf(x, a, b) == pytest.approx(binomial_tail(x, a, b), abs=1e-13)


@pytest.mark.parametrize(("x", "a", "b"), [
    (0.5, 0.5, 0.5), (0.1, 0.5, 0.5), (0.3, 1.5, 0.5), (0.8, 1.5, 0.5), (0.2, 2.5, 4.5),
    (0.7, 2.5, 4.5), (0.05, 0.5, 5.5), (0.6, 5.5, 0.5)])
def test_beta_cdf_for_half_integer_parameters(x, a, b):
    assert beta_cdf(x, a, b) == pytest.approx(half_integer(x, a, b), abs=1e-12)


@pytest.mark.parametrize(("x", "expected"), [(0.0, 0.0), (-0.5, 0.0), (1.0, 1.0), (1.5, 1.0)])
def test_beta_cdf_outside_the_open_interval(x, expected):
    result = beta_cdf(x, 2.5, 3.5)
    assert (result, type(result)) == (expected, float)


@pytest.mark.parametrize(("p", "a", "b"), [
    (0.05, 2.5, 3.5), (0.95, 2.5, 3.5), (0.5, 0.5, 0.5), (0.05, 0.5, 9.5), (0.95, 9.5, 0.5),
    (0.3483, 2, 3)])
def test_beta_quantile_inverts_the_cdf(p, a, b):
    x = beta_quantile(p, a, b)
    assert beta_cdf(x, a, b) == pytest.approx(p, abs=1e-12)


def test_beta_quantile_of_the_uniform_is_the_identity():
    for p in (0.0, 0.05, 0.5, 0.95, 1.0):
        assert beta_quantile(p, 1, 1) == pytest.approx(p, abs=1e-14)
    # Beta(2, 3) at 0.3 is 0.3483 (closed form), so its 0.3483 quantile is 0.3.
    assert beta_quantile(0.3483, 2, 3) == pytest.approx(0.3, abs=1e-12)


@pytest.mark.parametrize(("k", "n"), [(1, 2), (2, 5), (3, 4), (5, 9), (1, 8), (7, 8)])
def test_jeffreys_interval_cuts_five_percent_off_each_tail(k, n):
    a, b = k + 0.5, n - k + 0.5
    low, high = jeffreys_interval(k, n, 0.9)
    assert half_integer(low, a, b) == pytest.approx(0.05, abs=1e-10)
    assert half_integer(high, a, b) == pytest.approx(0.95, abs=1e-10)
    assert jeffreys_interval(k, n) == (low, high)    # 90% unless told
    low80, high80 = jeffreys_interval(k, n, 0.8)
    assert half_integer(low80, a, b) == pytest.approx(0.1, abs=1e-10)
    assert half_integer(high80, a, b) == pytest.approx(0.9, abs=1e-10)


def test_jeffreys_interval_as_the_pages_show_it():
    assert [round(x, 3) for x in jeffreys_interval(2, 5)] == [0.128, 0.739]
    assert [round(x, 3) for x in jeffreys_interval(1, 5)] == [0.036, 0.563]


def test_jeffreys_interval_ends_by_convention():
    assert jeffreys_interval(0, 0) == (0.0, 1.0)
    assert jeffreys_interval(0, -1) == (0.0, 1.0)
    low, high = jeffreys_interval(0, 4)
    assert low == 0.0
    assert half_integer(high, 0.5, 4.5) == pytest.approx(0.95, abs=1e-10)
    low, high = jeffreys_interval(4, 4)
    assert high == 1.0
    assert half_integer(low, 4.5, 0.5) == pytest.approx(0.05, abs=1e-10)
