"""The verdict model: value, buzz, their uncertainty, robustness and evidence strength.

A pure function of plain records (cases, claims, a hype phase) and the rubric in
schema/scoring.yaml. It knows nothing of files, graphs or pages, so the same code scores
a technology, a use pattern, or a tiny knowledge base in a test.

Everything random is seeded from the content: the same cases give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace

import numpy as np

from ..core.verdicts import (
    BORDERLINE,
    DELIVERING_BUT_HYPED,
    FIRM,
    INSUFFICIENT,
    LEANING,
    OVERHYPED,
    PROVEN,
    UNPROVEN,
)
from .jeffreys import jeffreys_interval
from .rubric import Rubric


@dataclass(frozen=True)
class SourceRecord:
    type: str
    by: str
    date: str


@dataclass(frozen=True)
class CaseRecord:
    """What the verdict model needs of one use case."""

    id: str
    title: str
    stage: str
    outcome: str
    sources: tuple[SourceRecord, ...]
    tests: tuple[tuple[str, str], ...] = ()      # (claim ref, finding)


@dataclass(frozen=True)
class CaseWeight:
    """How much one case counts, and why."""

    use_case: str
    title: str
    stage: str
    outcome: str
    outcome_value: float | None      # None: not scored (unknown, or does not enter value)
    evidence: str                    # the type of the source that sets the tier
    evidence_by: str                 # who wrote that source
    evidence_weight: float           # the tier: min(type weight, cap for who wrote it)
    stage_weight: float
    raw_weight: float                # tier x stage
    weight: float                    # effective weight in value, after the per-case cap
    enters_value: bool
    excluded_because: str | None


def straddles(interval: Sequence[float], line: float) -> bool:
    """Whether an interval reaches both sides of the line. A value delivers when it is
    above the line, so an interval is clear of it when it lies wholly above, or wholly at
    or below it."""
    low, high = interval
    return not (low > line or high <= line)


@dataclass(frozen=True)
class Assessment:
    """A verdict with everything a sceptic needs to re-derive and weigh it."""

    value: float | None
    buzz: float
    verdict: str
    quadrant: str | None
    tier: str
    wording: str
    evidence_strength: int
    strength_reasons: tuple[str, ...]
    value_interval_90: list[float] | None
    value_interval_80: list[float] | None
    buzz_interval_90: list[float]
    buzz_interval_80: list[float]
    stability: float | None
    assessed: int
    positive: int
    independent_assessed: int        # assessed cases with an independent evaluation, audit...
    independent_positive: int
    with_independent: int            # assessed cases with any independent source
    delivered_share: float | None
    delivered_share_interval_90: list[float] | None
    linked: int
    unknown: int
    unsubstantiated_share: float
    immature_share: float
    phase_score: float
    buzz_terms: dict[str, float]     # what each part adds to buzz: claims, immature, phase
    weighted_sum: float              # sum of effective weight x outcome value
    total_weight: float              # sum of effective weights: value's denominator
    leave_one_out: dict | None
    fragility: dict | None
    sensitivity: dict | None
    contributions: tuple[CaseWeight, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return asdict(self)


_FIELDS = tuple(f.name for f in fields(Assessment) if f.name != "contributions")


# ---------------------------------------------------------------- weights

def source_weight(source: SourceRecord, rubric: Rubric) -> float:
    """A source's weight: its document type's weight, capped by who wrote it."""
    return min(rubric.evidence_weight.get(source.type, 0.0), rubric.author_cap.get(source.by, 0.0))


def case_weight(case: CaseRecord, rubric: Rubric) -> CaseWeight:
    best = max(case.sources, key=lambda s: (source_weight(s, rubric), _by_rank(s.by, rubric)),
               default=None)
    tier = source_weight(best, rubric) if best else 0.0
    stage_w = rubric.stage_weight.get(case.stage, 0.0)
    value = rubric.outcome_value.get(case.outcome)
    excluded = None
    if value is None:
        excluded = "outcome unknown"
    elif case.stage in rubric.value_excluded_stages:
        excluded = f"only {case.stage}"
    elif rubric.exclude_vendor_only and case.sources and \
            all(s.by == "vendor" for s in case.sources):
        excluded = "vendor evidence only"
    raw = round(tier * stage_w, 6)
    return CaseWeight(
        use_case=case.id, title=case.title, stage=case.stage, outcome=case.outcome,
        outcome_value=value if excluded is None else None,
        evidence=best.type if best else "", evidence_by=best.by if best else "",
        evidence_weight=tier, stage_weight=stage_w, raw_weight=raw,
        weight=0.0, enters_value=excluded is None and raw > 0, excluded_because=excluded)


def _by_rank(by: str, rubric: Rubric) -> float:
    return rubric.author_cap.get(by, 0.0)


def capped(weights: np.ndarray, cap: float) -> np.ndarray:
    """Cap each row's entries so none carries more than ``cap`` of the row's total.

    Water-filling: the k largest entries are set to cap x T, where T solves
    T = (sum of the rest) / (1 - k x cap). When no k works (too few positive entries),
    the positive entries share the total equally. Works on one row or a matrix of rows.
    """
    x = np.atleast_2d(np.asarray(weights, dtype=float))
    out = x.copy()
    if cap >= 1 or x.shape[1] == 0:
        return out.reshape(np.shape(weights))
    # Each row largest first, contiguous, so its sum adds in the same order as ever.
    xs = np.sort(x, axis=1)[:, ::-1].copy()
    total = xs.sum(axis=1)
    # Only the first few k can fit (k x cap < 1): the running sums of those columns alone.
    ks = next((k for k in range(x.shape[1]) if k * cap >= 1), x.shape[1])
    before = np.cumsum(xs[:, :ks], axis=1)
    done = np.zeros(len(x), dtype=bool)
    limit = np.full(len(x), np.inf)
    for k in range(ks):
        rest = total - before[:, k - 1] if k else total - 0.0
        t = rest / (1 - k * cap)
        fits = ~done & (rest > 0) & (xs[:, k] <= cap * t + 1e-12)
        limit[fits] = cap * t[fits]
        done |= fits
        if done.all():
            break
    out = np.minimum(x, limit[:, None])
    equal = ~done
    if equal.any():
        positive = x[equal] > 0
        counts = positive.sum(axis=1, keepdims=True)
        out[equal] = np.where(positive, total[equal][:, None] / np.maximum(counts, 1), 0.0)
    return out.reshape(np.shape(weights))


# ---------------------------------------------------------------- value and buzz

def value_of(weights: np.ndarray, values: np.ndarray, rubric: Rubric) -> np.ndarray:
    """Value for each row: centre + per_point x the capped weighted mean outcome."""
    w = capped(weights, rubric.case_cap)
    total = w.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (w * values).sum(axis=-1) / total
    return np.where(total > 0, rubric.value_centre + rubric.value_per_point * mean, np.nan)


def claim_statuses(support: np.ndarray, against: np.ndarray, tested: np.ndarray,
                   rubric: Rubric) -> np.ndarray:
    """Status codes per claim: 0 substantiated, 1 contested, 2 refuted, 3 inconclusive,
    4 untested. Works elementwise on arrays of any shape."""
    m, r = rubric.claim_minimum_mass, rubric.claim_ratio
    subst = (support >= m - 1e-9) & (support >= r * against - 1e-9)
    refuted = ~subst & (against >= m - 1e-9) & (against >= r * support - 1e-9)
    contested = ~subst & ~refuted & (support > 0) & (against > 0)
    status = np.full(np.broadcast(support, against).shape, 3)
    status = np.where(contested, 1, status)
    status = np.where(refuted, 2, status)
    status = np.where(subst, 0, status)
    return np.where(tested, status, 4)


def claim_status_code(support: float, against: float, tested: bool, rubric: Rubric) -> int:
    """``claim_statuses`` for one claim, with plain floats (the same comparisons, without
    numpy's cost per call)."""
    if not tested:
        return 4
    m, r = rubric.claim_minimum_mass, rubric.claim_ratio
    if support >= m - 1e-9 and support >= r * against - 1e-9:
        return 0
    if against >= m - 1e-9 and against >= r * support - 1e-9:
        return 2
    return 1 if support > 0 and against > 0 else 3


CLAIM_STATUS_NAMES = ("substantiated", "contested", "refuted", "inconclusive", "untested")


def buzz_of(unsubstantiated: np.ndarray, immature: np.ndarray, phase_score: float,
            rubric: Rubric) -> np.ndarray:
    return 100 * (rubric.buzz_unsubstantiated_share * unsubstantiated
                  + rubric.buzz_immature_share * immature) + rubric.buzz_phase_share * phase_score


def quadrant(value: float | None, buzz: float, rubric: Rubric) -> str | None:
    if value is None or math.isnan(value):
        return None
    delivers = value > rubric.value_line
    hyped = buzz >= rubric.buzz_line
    if delivers:
        return DELIVERING_BUT_HYPED if hyped else PROVEN
    return OVERHYPED if hyped else UNPROVEN


def same_quadrant(values: np.ndarray, buzzes: np.ndarray, q: str | None,
                  rubric: Rubric) -> np.ndarray:
    """Elementwise ``quadrant(value, buzz) == q``, for arrays of resampled values (NaN where
    no value) and buzzes: the same comparisons, without a Python call per resample."""
    missing = np.isnan(values)
    if q is None:
        return missing
    delivers = q in (DELIVERING_BUT_HYPED, PROVEN)
    hyped = q in (DELIVERING_BUT_HYPED, OVERHYPED)
    return ~missing & ((values > rubric.value_line) == delivers) \
        & ((buzzes >= rubric.buzz_line) == hyped)


# ---------------------------------------------------------------- the assessment

@dataclass
class _Arrays:
    """A group's cases as arrays: the form every computation below works on."""

    ids: list[str]
    titles: list[str]
    raw: np.ndarray          # raw weight (tier x stage) of every case
    values: np.ndarray       # outcome value, NaN where not scored
    enters: np.ndarray       # bool: enters value
    immature: np.ndarray     # bool: never got past announcement or pilot
    support: np.ndarray      # cases x claims: 1 where the case supports the claim
    against: np.ndarray
    tested: np.ndarray       # cases x claims: 1 where the case tests the claim at all


def _arrays(cases: Sequence[CaseRecord], weights: Sequence[CaseWeight], claims: Sequence[str],
            rubric: Rubric) -> _Arrays:
    index = {c: j for j, c in enumerate(claims)}
    n, m = len(cases), len(claims)
    support, against, tested = np.zeros((n, m)), np.zeros((n, m)), np.zeros((n, m))
    for i, case in enumerate(cases):
        for claim, finding in case.tests:
            j = index.get(claim)
            if j is None:
                continue
            tested[i, j] = 1
            if finding == "supports":
                support[i, j] = 1
            elif finding == "contradicts":
                against[i, j] = 1
    return _Arrays(
        ids=[c.id for c in cases], titles=[c.title for c in cases],
        raw=np.array([w.raw_weight for w in weights], dtype=float),
        values=np.array([np.nan if w.outcome_value is None else w.outcome_value
                         for w in weights], dtype=float),
        enters=np.array([w.enters_value for w in weights], dtype=bool),
        immature=np.array([c.stage in rubric.buzz_immature_stages for c in cases], dtype=bool),
        support=support, against=against, tested=tested)


def _value_rows(a: _Arrays, counts: np.ndarray, rubric: Rubric,
                raw: np.ndarray | None = None) -> np.ndarray:
    """Value for each row of case counts (resamples, or a single row of ones)."""
    raw = a.raw if raw is None else raw
    w = np.where(a.enters, raw, 0.0) * counts
    return value_of(w, np.nan_to_num(a.values), rubric)


def _buzz_rows(a: _Arrays, counts: np.ndarray, phase_score: float, rubric: Rubric,
               raw: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    raw = a.raw if raw is None else raw
    weighted = counts * raw
    support = weighted @ a.support
    against = weighted @ a.against
    tested = (counts @ a.tested) > 0
    m = a.support.shape[1]
    status = claim_statuses(support, against, tested, rubric)
    unsubstantiated = (status != 0).sum(axis=-1) / m if m else np.ones(len(counts))
    total = counts.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        immature = np.where(total > 0, (counts * a.immature).sum(axis=-1) / total, 0.0)
    return buzz_of(unsubstantiated, immature, phase_score, rubric), unsubstantiated, immature


def seed_for(group: str, cases: Sequence[CaseRecord], claims: Sequence[str],
             phase: str | None) -> int:
    """A seed drawn from the content: same cases, same seed, whatever the file order."""
    payload = _payload(group, cases, claims, phase)
    return int.from_bytes(hashlib.sha256(payload.encode()).digest()[:8], "big")


def _payload(group: str, cases: Sequence[CaseRecord], claims: Sequence[str],
             phase: str | None) -> str:
    """Everything an assessment reads besides the rubric and the year, in a canonical text:
    the JSON of ``[group, phase, sorted claims, cases sorted by id]``, each case's JSON made
    once per run (a case is in its technology's group and in its patterns')."""
    head = json.dumps([group, phase, sorted(claims)], sort_keys=True, ensure_ascii=True)
    cases_json = ", ".join(_case_json(c) for c in sorted(cases, key=lambda c: c.id))
    return f"{head[:-1]}, [{cases_json}]]"


@functools.lru_cache(maxsize=65536)
def _case_json(case: CaseRecord) -> str:
    return json.dumps(_plain(case), sort_keys=True, ensure_ascii=True)


def assessment_key(group: str, cases: Sequence[CaseRecord], claims: Sequence[str],
                   phase: str | None, today_year: int) -> str:
    """A digest of what ``assess`` reads, the rubric aside: equal keys, equal assessments
    (under one rubric and one version of this code). The inputs as nested tuples of plain
    values, in marshal's bytes (which tell the types apart), each case's made once."""
    payload = (today_year, group, phase, tuple(sorted(claims)),
               tuple(_case_tuple(c) for c in sorted(cases, key=lambda c: c.id)))
    # Version 2: no back-references, so the bytes depend on the values alone.
    return hashlib.blake2b(marshal.dumps(payload, 2), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=65536)
def _case_tuple(case: CaseRecord) -> tuple:
    return (case.id, case.title, case.stage, case.outcome,
            tuple((s.type, s.by, s.date) for s in case.sources), case.tests)


def to_plain(a: Assessment) -> tuple:
    """An assessment as plain data (marshal can store it); ``from_plain`` gives it back."""
    own = vars(a)
    return (*(own[k] for k in _FIELDS), tuple(tuple(vars(c).values()) for c in a.contributions))


def from_plain(t: tuple) -> Assessment:
    return Assessment(*t[:-1], contributions=tuple(CaseWeight(*c) for c in t[-1]))


def _plain(case: CaseRecord) -> dict:
    """``asdict(case)`` for the seed, without its deep copies (the same JSON)."""
    return {**vars(case), "sources": [vars(s) for s in case.sources]}


def r1(x: float) -> float:
    """One decimal: every threshold is compared on this, never on raw floating point."""
    return round(float(x) + 0.0, 1) + 0.0


def assess(group: str, cases: Sequence[CaseRecord], claims: Sequence[str], phase: str | None,
           rubric: Rubric, today_year: int) -> Assessment:
    """The full verdict for one group of cases (a technology's, or a use pattern's)."""
    cases = sorted(cases, key=lambda c: c.id)
    claims = sorted(claims)
    weights = [case_weight(c, rubric) for c in cases]
    a = _arrays(cases, weights, claims, rubric)
    n = len(cases)
    phase_score = rubric.phase_score.get(phase or "", 0.0)
    ones = np.ones((1, n))

    point_value = _value_rows(a, ones, rubric)[0] if n else np.nan
    value = None if math.isnan(point_value) else r1(point_value)
    buzz_arr, unsub, immature = _buzz_rows(a, ones, phase_score, rubric) if n else (
        np.array([buzz_of(1.0, 0.0, phase_score, rubric)]), np.array([1.0]), np.array([0.0]))
    buzz = r1(buzz_arr[0])

    eff = capped(np.where(a.enters, a.raw, 0.0), rubric.case_cap) if n else np.zeros(0)
    weights = [_with_weight(w, float(eff[i])) for i, w in enumerate(weights)]
    scored = [w for w in weights if w.enters_value]
    assessed = len(scored)
    independent = [w for w, c in zip(weights, cases, strict=True)
                   if w.enters_value and _independently_evaluated(c, rubric)]
    positive = sum(w.outcome in rubric.positive_outcomes for w in scored)
    ind_positive = sum(w.outcome in rubric.positive_outcomes for w in independent)
    with_independent = sum(1 for w, c in zip(weights, cases, strict=True)
                           if w.enters_value and any(s.by == "independent" for s in c.sources))

    rng = np.random.default_rng(seed_for(group, cases, claims, phase))
    q = quadrant(value, buzz, rubric)
    intervals = _bootstrap(a, n, phase_score, rubric, rng, q, value, buzz) if n else None

    insufficient = assessed < rubric.tier_minimum_assessed or \
        with_independent < rubric.tier_minimum_independent or value is None
    tier = _tier(intervals, rubric, insufficient)
    verdict = INSUFFICIENT if insufficient else (q or INSUFFICIENT)

    loo = _leave_one_out(a, weights, phase_score, rubric, value, buzz, q) if scored else None
    frag = _fragility(a, weights, rubric, value, buzz) if scored else None
    sens = _sensitivity(cases, claims, a, phase_score, rubric, rng, q) if scored else None
    strength, reasons = _evidence_strength(cases, weights, rubric, intervals, value,
                                           assessed, today_year)
    share, share_iv = None, None
    if assessed:
        share = round(positive / assessed, 3)
        lo, hi = jeffreys_interval(positive, assessed, rubric.count_interval)
        share_iv = [round(lo, 3), round(hi, 3)]
    return Assessment(
        value=value, buzz=buzz, verdict=verdict, quadrant=q, tier=tier,
        wording=_wording(strength, value, rubric, insufficient),
        evidence_strength=strength, strength_reasons=tuple(reasons),
        value_interval_90=intervals["value_90"] if intervals else None,
        value_interval_80=intervals["value_80"] if intervals else None,
        buzz_interval_90=intervals["buzz_90"] if intervals else [buzz, buzz],
        buzz_interval_80=intervals["buzz_80"] if intervals else [buzz, buzz],
        stability=intervals["stability"] if intervals else None,
        assessed=assessed, positive=positive,
        independent_assessed=len(independent), independent_positive=ind_positive,
        with_independent=with_independent,
        delivered_share=share, delivered_share_interval_90=share_iv,
        linked=n, unknown=sum(w.outcome == "unknown" for w in weights),
        unsubstantiated_share=round(float(unsub[0]), 4),
        immature_share=round(float(immature[0]), 4), phase_score=phase_score,
        buzz_terms={
            "claims": round(100 * rubric.buzz_unsubstantiated_share * float(unsub[0]), 2),
            "immature": round(100 * rubric.buzz_immature_share * float(immature[0]), 2),
            "phase": round(rubric.buzz_phase_share * phase_score, 2)},
        weighted_sum=round(math.fsum(w.weight * (w.outcome_value or 0) for w in scored), 4),
        total_weight=round(math.fsum(w.weight for w in scored), 4),
        leave_one_out=loo, fragility=frag, sensitivity=sens, contributions=tuple(weights))


def _with_weight(w: CaseWeight, eff: float) -> CaseWeight:
    return replace(w, weight=round(eff, 4))


def _independently_evaluated(case: CaseRecord, rubric: Rubric) -> bool:
    return any(s.by == "independent" and s.type in rubric.count_independent_types
               for s in case.sources)


def _percentiles(x: np.ndarray, ps: Sequence[float]) -> list[float]:
    """Linear-interpolation percentiles of ``x``, to one decimal, in one pass (numpy finds
    every order statistic in one partition and interpolates each as it would alone)."""
    return [r1(q) for q in np.percentile(x, ps, method="linear")]


def _bootstrap(a: _Arrays, n: int, phase_score: float, rubric: Rubric,
               rng: np.random.Generator, q: str | None, value: float | None,
               buzz: float) -> dict:
    """Percentile intervals and stability from resampling the cases with replacement.

    A percentile interval can miss the point value when the resampled values are very
    skewed (a few heavy cases); it is then widened to reach the point value, so a page
    never shows a value outside its own interval.
    """
    counts = rng.multinomial(n, np.full(n, 1 / n), size=rubric.resamples).astype(float)
    values = _value_rows(a, counts, rubric)
    buzzes, _, _ = _buzz_rows(a, counts, phase_score, rubric)
    values_r = np.round(values, 1)
    buzzes_r = np.round(buzzes, 1)
    ok = ~np.isnan(values_r)
    result: dict = {"value_90": None, "value_80": None, "stability": None}
    if ok.any():
        p5, p95, p10, p90 = _percentiles(values_r[ok], (5, 95, 10, 90))
        result["value_90"] = _around(value, p5, p95)
        result["value_80"] = _around(value, p10, p90)
        same = int(same_quadrant(values_r, buzzes_r, q, rubric).sum())
        result["stability"] = round(same / len(values_r), 3)
    p5, p95, p10, p90 = _percentiles(buzzes_r, (5, 95, 10, 90))
    result["buzz_90"] = _around(buzz, p5, p95)
    result["buzz_80"] = _around(buzz, p10, p90)
    return result


def _around(point: float | None, low: float, high: float) -> list[float]:
    if point is None:
        return [low, high]
    return [min(low, point), max(high, point)]


def _tier(intervals: dict | None, rubric: Rubric, insufficient: bool) -> str:
    if insufficient or not intervals or intervals["stability"] is None:
        return INSUFFICIENT
    stability = intervals["stability"]
    if stability >= rubric.tier_firm and not straddles(intervals["value_90"], rubric.value_line):
        return FIRM
    if stability >= rubric.tier_leaning:
        return LEANING
    return BORDERLINE


# ---------------------------------------------------------------- robustness

def _leave_one_out(a: _Arrays, weights: list[CaseWeight], phase_score: float, rubric: Rubric,
                   value: float | None, buzz: float, q: str | None) -> dict:
    n = len(a.ids)
    rows = np.ones((n, n)) - np.eye(n)
    values = np.round(_value_rows(a, rows, rubric), 1)
    buzzes = np.round(_buzz_rows(a, rows, phase_score, rubric)[0], 1)
    best, shift, flips = None, 0.0, []
    for i in range(n):
        if not weights[i].enters_value:
            continue
        v = None if math.isnan(values[i]) else float(values[i])
        d = abs((v if v is not None else value) - value) if value is not None else 0.0
        if d > shift or best is None:
            best, shift = i, d
        if quadrant(v, float(buzzes[i]), rubric) != q:
            flips.append(a.ids[i])
    found = best is not None
    return {"largest_shift": r1(shift), "most_influential": a.ids[best] if found else None,
            "most_influential_title": a.titles[best] if found else None,
            "flips": bool(flips), "flipping_cases": flips}


def _fragility(a: _Arrays, weights: list[CaseWeight], rubric: Rubric, value: float | None,
               buzz: float) -> dict:
    """How little it takes to move value across the line.

    ``recodings``: the fewest one-step outcome changes (each moves one case one step along
    the scale) that take value across the line. Steps are taken on the heaviest cases
    first, which is optimal since every step moves value by its case's effective weight.
    ``extra_cases``: how many more cases of median weight, at `not-delivered` (or
    `delivered` when value is at or below the line), would take it across.
    """
    if value is None:
        return {"recodings": None, "extra_cases": None, "extra_outcome": None}
    line = rubric.value_line
    above = value > line
    enters = np.where(a.enters, a.raw, 0.0)
    eff = capped(enters, rubric.case_cap)
    vals = np.nan_to_num(a.values).copy()
    top, bottom = max(rubric.outcome_value.values()), min(rubric.outcome_value.values())
    steps = []
    for i in range(len(vals)):
        if not a.enters[i] or eff[i] <= 0:
            continue
        room = (vals[i] - bottom) if above else (top - vals[i])
        steps += [(float(eff[i]), i)] * round(room)
    steps.sort(key=lambda s: (-s[0], a.ids[s[1]]))
    recodings = None
    total = eff.sum()
    current = vals.copy()
    for k, (_, i) in enumerate(steps, start=1):
        current[i] += -1 if above else 1
        v = r1(rubric.value_centre + rubric.value_per_point * (eff * current).sum() / total)
        if (v > line) != above:
            recodings = k
            break
    extra_outcome = "not-delivered" if above else "delivered"
    extra_value = rubric.outcome_value[extra_outcome]
    median = float(np.median(enters[enters > 0])) if (enters > 0).any() else 0.0
    extra = None
    for k in range(1, rubric.fragility_max_extra + 1):
        w = np.concatenate([enters, np.full(k, median)])
        v = np.concatenate([vals, np.full(k, extra_value)])
        new = r1(value_of(w[None, :], v[None, :], rubric)[0])
        if (new > line) != above:
            extra = k
            break
    return {"recodings": recodings, "extra_cases": extra, "extra_outcome": extra_outcome}


def _sensitivity(cases: Sequence[CaseRecord], claims: Sequence[str], a: _Arrays,
                 phase_score: float, rubric: Rubric, rng: np.random.Generator,
                 q: str | None) -> dict:
    """A Monte Carlo over the rubric's arbitrary choices (OECD/JRC style).

    Each run draws every weight (document type, author cap, stage, buzz shares) from
    ±spread around its value, leaves pilots in or out of value, and scores the unknown
    outcomes of discontinued cases as `discontinued_unknown` or leaves them out.
    """
    runs, spread = rubric.sensitivity_runs, rubric.sensitivity_spread
    types = sorted(rubric.evidence_weight)
    bys = sorted(rubric.author_cap)
    stages = sorted(rubric.stage_weight)
    f_type = rng.uniform(1 - spread, 1 + spread, (runs, len(types)))
    f_by = rng.uniform(1 - spread, 1 + spread, (runs, len(bys)))
    f_stage = rng.uniform(1 - spread, 1 + spread, (runs, len(stages)))
    f_buzz = rng.uniform(1 - spread, 1 + spread, (runs, 3))
    pilots_out = rng.random(runs) < 0.5
    unknown_scored = rng.random(runs) < 0.5
    n = len(cases)
    zeros = np.zeros(runs)
    tier: dict[tuple[str, str], np.ndarray] = {}  # each (type, by) pair's drawn tier, once
    column: dict[tuple, int] = {}  # cases with the same source pairs and stage: one column
    drawn: list[np.ndarray] = []
    keys = [(tuple(sorted({(s.type, s.by) for s in c.sources})), c.stage) for c in cases]
    for pairs, stage in keys:
        if (pairs, stage) in column:
            continue
        best = zeros
        for t, by in pairs:  # max is exact in any order
            pair = tier.get((t, by))
            if pair is None:
                tw = rubric.evidence_weight.get(t, 0.0) * f_type[:, types.index(t)] \
                    if t in types else zeros
                cap = rubric.author_cap.get(by, 0.0) * f_by[:, bys.index(by)] \
                    if by in bys else zeros
                pair = tier[(t, by)] = np.minimum(tw, cap)
            best = np.maximum(best, pair)
        sw = rubric.stage_weight.get(stage, 0.0) * f_stage[:, stages.index(stage)] \
            if stage in stages else zeros
        column[(pairs, stage)] = len(drawn)
        drawn.append(best * sw)
    raw = np.stack(drawn, axis=1)[:, [column[k] for k in keys]] if n else np.zeros((runs, 0))
    values = np.nan_to_num(a.values)[None, :].repeat(runs, axis=0)
    enters = a.enters[None, :].repeat(runs, axis=0)
    discontinued_unknown = np.array([c.stage == "discontinued" and c.outcome == "unknown"
                                     for c in cases])
    add = unknown_scored[:, None] & discontinued_unknown[None, :]
    values = np.where(add, rubric.sensitivity_unknown_value, values)
    enters = enters | add
    is_pilot = np.array([c.stage == "pilot" for c in cases])
    enters = enters & ~(pilots_out[:, None] & is_pilot[None, :])
    value = value_of(np.where(enters, raw, 0.0), values, rubric)
    weighted = raw
    support = weighted @ a.support
    against = weighted @ a.against
    tested = (np.ones((runs, n)) @ a.tested) > 0
    m = a.support.shape[1]
    status = claim_statuses(support, against, tested, rubric)
    unsub = (status != 0).sum(axis=-1) / m if m else np.ones(runs)
    immature = a.immature.mean() if n else 0.0
    buzz = 100 * (rubric.buzz_unsubstantiated_share * f_buzz[:, 0] * unsub
                  + rubric.buzz_immature_share * f_buzz[:, 1] * immature) \
        + rubric.buzz_phase_share * f_buzz[:, 2] * phase_score
    v_r, b_r = np.round(value, 1), np.round(buzz, 1)
    same = int(same_quadrant(v_r, b_r, q, rubric).sum())
    ok = v_r[~np.isnan(v_r)]
    return {"runs": runs, "same_verdict": round(same / runs, 3),
            "value_range_90": _percentiles(ok, (5, 95)) if len(ok) else None}


# ---------------------------------------------------------------- evidence strength

def _evidence_strength(cases: Sequence[CaseRecord], weights: list[CaseWeight], rubric: Rubric,
                       intervals: dict | None, value: float | None, assessed: int,
                       today_year: int) -> tuple[int, list[str]]:
    """GRADE-style: start from the independent findings, then one level down for each of
    self-reported evidence, inconsistency, imprecision and staleness. The reasons say, in
    words, where the level comes from."""
    scored = [(w, c) for w, c in zip(weights, cases, strict=True) if w.enters_value]
    findings = sum(1 for _, c in scored if any(
        s.by == "independent" and s.type in rubric.strength_finding_types for s in c.sources))
    level = next(lvl for need, lvl in rubric.strength_start if findings >= need)
    reasons = [f"starts at {level}: {findings} assessed case{'' if findings == 1 else 's'} "
               "with an independent evaluation, audit or court finding"]
    # Shares of weight are summed exactly (fsum) and compared on six decimals, so that
    # half the weight is "half", not 0.5000000000000001, whatever the cases' order.
    total = math.fsum(w.weight for w, _ in scored)
    if total > 0:
        self_w = math.fsum(w.weight for w, _ in scored
                           if w.evidence_by in ("implementer", "vendor"))
        if round(self_w / total, 6) > rubric.strength_self_share:
            level -= 1
            reasons.append(f"−1 self-reported: {round(100 * self_w / total)}% of the weight "
                           "rests on the implementer's or vendor's own material")
        hi = sum(1 for w, _ in scored if w.outcome_value is not None and w.outcome_value >= 1)
        lo = sum(1 for w, _ in scored if w.outcome_value is not None and w.outcome_value <= -1)
        share = rubric.strength_inconsistent_share
        if assessed and hi / assessed >= share and lo / assessed >= share:
            level -= 1
            reasons.append(f"−1 inconsistent: {hi} cases score +1 or more, {lo} score −1 or "
                           "less")
        recent = math.fsum(w.weight for w, c in scored
                           if _newest_year(c) >= today_year - rubric.strength_stale_years)
        if round(recent / total, 6) < rubric.strength_recent_share:
            level -= 1
            reasons.append(f"−1 stale: only {round(100 * recent / total)}% of the weight is "
                           f"dated within {rubric.strength_stale_years} years")
    iv = intervals["value_80"] if intervals else None
    if iv is not None and straddles(iv, rubric.value_line):
        level -= 1
        reasons.append(f"−1 imprecise: the 80% value interval ({iv[0]:g}–{iv[1]:g}) reaches "
                       f"across the line at {rubric.value_line:g}")
    elif assessed < rubric.strength_min_assessed:
        level -= 1
        reasons.append(f"−1 imprecise: only {assessed} assessed case"
                       f"{'' if assessed == 1 else 's'} (fewer than "
                       f"{rubric.strength_min_assessed})")
    return max(level, 0), reasons


def _newest_year(case: CaseRecord) -> int:
    years = [int(s.date[:4]) for s in case.sources if s.date[:4].isdigit()]
    return max(years, default=0)


def _wording(strength: int, value: float | None, rubric: Rubric, insufficient: bool) -> str:
    if value is None or insufficient:
        return rubric.wording_insufficient
    side = "delivers" if value > rubric.value_line else "does not deliver"
    return rubric.wording[side][min(strength, max(rubric.wording[side]))]


# ---------------------------------------------------------------- claims

@dataclass(frozen=True)
class ClaimTest:
    use_case: str
    finding: str
    weight: float           # the case's raw weight (tier x stage)
    evidence: str           # the type of its strongest source
    evidence_by: str        # and who wrote it


@dataclass(frozen=True)
class ClaimStatus:
    status: str
    support: float
    against: float
    basis: str | None       # how thin the status is: "one media report", ...
    strength: float         # the weight of the evidence that decides the status

    @property
    def label(self) -> str:
        return f"{self.status} ({self.basis})" if self.basis else self.status


def claim_status(tests: Sequence[ClaimTest], rubric: Rubric) -> ClaimStatus:
    """A claim's status from the cases that test it, and how much that status rests on."""
    support = round(math.fsum(t.weight for t in tests if t.finding == "supports"), 4)
    against = round(math.fsum(t.weight for t in tests if t.finding == "contradicts"), 4)
    code = claim_status_code(support, against, bool(tests), rubric)
    status = CLAIM_STATUS_NAMES[code]
    deciding = {"substantiated": ("supports",), "refuted": ("contradicts",),
                "contested": ("supports", "contradicts")}.get(status, ())
    basis_tests = [t for t in tests if t.finding in deciding]
    return ClaimStatus(status, support, against, _basis(basis_tests, rubric),
                       round(math.fsum(t.weight for t in basis_tests), 4))


def _weak(t: ClaimTest, rubric: Rubric) -> bool:
    return t.evidence in rubric.claim_weak_types or t.evidence_by in rubric.claim_weak_by


def _basis(tests: Sequence[ClaimTest], rubric: Rubric) -> str | None:
    if not tests:
        return None
    cases = {t.use_case for t in tests}
    if len(cases) == 1:
        t = tests[0]
        if t.evidence_by in ("advocate", "vendor"):
            return f"one {t.evidence_by}'s source"
        if t.evidence == "media":
            return "one media report"
        return "one case"
    if all(_weak(t, rubric) for t in tests):
        return "media or advocate sources only"
    return None
