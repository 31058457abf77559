"""Whether the measured levers decide the verdict, and if not, the replications that would.

The study (:func:`analysis.experiments.levers.study`) spends replications where the answer is
open, up to ``-n``. What it leaves open is named here: a lever that may still beat the
recommended one by more than a trifle (``INDIFFERENT`` of its gain), judged by the paired
difference per replication and the two intervals against the base, or, when no lever buys
something, the lever ahead while it may still buy more than ``MATERIAL`` of the base. For each,
the replications it would need: the fewest whose Student-t interval, at the spread measured,
settles it. An open verdict is withheld (:attr:`LeverStudy.decided`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from analysis.statistics.intervals import SHARE, kind
from analysis.statistics.stats import Estimate, estimate

if TYPE_CHECKING:
    from analysis.experiments.levers import LeverStudy

INDIFFERENT = 0.1
"""Levers whose gain may differ from the best one's by less than this share of it are not separated
by more replications (a difference that small does not change the advice)."""
MOST_NEEDED = 10_000
"""The most replications a withheld verdict names (the CLI's limit)."""


def versus(x: pd.Series, y: pd.Series) -> Estimate:
    """Paired difference x minus y over the replications both have (common random numbers make
    the difference between two levers sharper than either's interval against the base)."""
    both = pd.concat([x, y], axis=1, join="inner").dropna()
    return estimate((both.iloc[:, 0] - both.iloc[:, 1]).to_numpy(dtype=float))


def unsettled(result: LeverStudy, per_run: dict[str, pd.Series]) -> dict[str, int]:
    """The levers the replications leave open against the verdict, with the replications each
    would need (at the spread measured, Student t) to settle it.

    With a recommended lever: another lever whose paired difference with it could still be more
    than ``INDIFFERENT`` of its gain in its favour, while their intervals against the base overlap
    (the test that decides where replications go). Without one (balanced): the lever with the
    largest mean gain while its interval straddles zero."""
    best = result.recommended
    out: dict[str, int] = {}
    if best is None:
        # Balanced unless the lever ahead may still buy more than a trifle (MATERIAL of the base).
        ranked = [x for x in result.levers if x.gain.n > 1 and math.isfinite(x.gain.mean)]
        base = result.base.get(result.objective)
        material = MATERIAL * (1.0 if _is_share(result.objective) else abs(base.mean) if base is not None else math.nan)
        if ranked and math.isfinite(material) and material > 0:
            ahead, g = ranked[0], ranked[0].gain
            if math.isfinite(g.high) and g.high > material and g.high != g.low:
                spread = float(per_run[ahead.lever.id].std(ddof=1)) if ahead.lever.id in per_run else math.nan
                out[ahead.lever.id] = _needed(spread, max(material - g.mean, g.mean), g.n)
        return out
    gain = best.gain
    trifle = INDIFFERENT * abs(gain.mean)
    for x in result.levers:
        g = x.gain
        if x is best or x.lever.id in result.ties or g.n < 2 or not (math.isfinite(g.low) and math.isfinite(g.high)):
            continue
        if g.high == g.low or x.lever.id not in per_run:
            continue
        both = pd.concat([per_run[x.lever.id], per_run[best.lever.id]], axis=1, join="inner").dropna()
        difference = both.iloc[:, 0] - both.iloc[:, 1]  # paired, as versus() takes it
        d = estimate(difference.to_numpy(dtype=float))
        if d.n < 2 or not (math.isfinite(d.low) and math.isfinite(d.high)) or d.high == d.low:
            continue
        if d.high > trifle and g.high >= gain.low:
            # Settled once the interval of the difference leaves out either 'more than a trifle
            # better' or 'not better': half-width below the larger of the two distances.
            target = max(trifle - d.mean, d.mean)
            spread = float(difference.std(ddof=1))
            out[x.lever.id] = _needed(spread, target, d.n)
    return out


MATERIAL = 0.01
"""A gain below this share of the base's objective (1 percentage point for a share) changes no
advice: a balanced verdict stands when no lever can buy more."""


def _is_share(metric: str) -> bool:
    return kind(metric) == SHARE


def _needed(spread: float, half_width: float, have: int) -> int:
    """The fewest replications (more than ``have``) whose 95 % Student-t half-width at standard
    deviation ``spread`` is below ``half_width``; MOST_NEEDED when none is."""
    from scipy import stats

    if not (math.isfinite(spread) and math.isfinite(half_width)) or half_width <= 0 or spread <= 0:
        return MOST_NEEDED
    n = max(have + 1, 3)
    while n < MOST_NEEDED:
        if float(stats.t.ppf(0.975, n - 1)) * spread / math.sqrt(n) < half_width:
            return n
        n += 1 if n < 64 else n // 8
    return MOST_NEEDED
