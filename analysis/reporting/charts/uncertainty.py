"""The tornado chart: which uncertain input the answer hinges on.

Per input a bar from the objective's mean over the samples with that input in its lowest quarter
to its mean with the input in its highest quarter, inputs ordered by their sensitivity index
(RBD-FAST first order), the most influential on top. Drawn from the same
:class:`~analysis.experiments.uncertainty.UncertaintyResult` as the table, the text and the JSON.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.reporting.charts import style
from sim import text

MAX_BARS = 12


def input_label(loaded_names: dict[str, str], path: str) -> str:
    return loaded_names.get(path, path)


def provenance(result: Any, lang: str, stamp: str) -> str:
    _ = text.translation(lang).gettext
    return _("Scenario '{scenario}' · {samples} samples of the inputs × {n} replications · seed {seed} · {stamp}",
             scenario=result.scenario, samples=result.samples, n=result.replications, seed=result.seed, stamp=stamp)


def tornado(result: Any, lang: str, stamp: str, names: dict[str, str], metric_label: str,
            formatter: Any) -> style.Chart | None:
    _ = text.translation(lang).gettext
    rows = [r for r in result.sensitivity.get(result.objective, [])
            if math.isfinite(r["mean_when_low"]) and math.isfinite(r["mean_when_high"])][:MAX_BARS]
    if not rows:
        return None
    centre = result.outputs[result.objective]["p50"]
    fig = style.figure(9.5, 1.9 + 0.5 * len(rows))
    ax = fig.subplots()
    y = np.arange(len(rows))
    for i, row in enumerate(rows):
        low, high = row["mean_when_low"], row["mean_when_high"]
        ax.barh(i, low - centre, left=centre, color=style.SKY, edgecolor=style.BLACK, linewidth=0.5, height=0.6,
                label=_("input in its lowest quarter") if i == 0 else None)
        ax.barh(i, high - centre, left=centre, color=style.ORANGE, hatch="///", edgecolor=style.BLACK,
                linewidth=0.5, height=0.6, label=_("input in its highest quarter") if i == 0 else None)
    ax.axvline(centre, color=style.BLACK, linewidth=0.9)
    labels = [_("{input}  (index {index})", input=style.wrap(input_label(names, r["path"]), 40),
                index=text.number(r["index"], lang, 2)) for r in rows]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(formatter)
    ax.set_xlabel(metric_label)
    ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(rows) < 4 else -0.2), ncol=2)
    title = _("What the answer hinges on: {metric}", metric=metric_label)
    style.finish(fig, title, provenance(result, lang, stamp))
    data = pd.DataFrame([{
        _("input"): input_label(names, r["path"]), _("sensitivity index"): r["index"],
        _("rank correlation"): r["spearman"], _("mean, input low"): r["mean_when_low"],
        _("mean, input high"): r["mean_when_high"]} for r in rows])
    first = input_label(names, rows[0]["path"])
    return style.Chart(
        id="tornado", title=title,
        alt=_("Tornado chart of {metric} for each uncertain input; the widest bar, on top, is {first}.",
              metric=metric_label, first=first),
        caption=_("Each bar runs from the mean of {metric} over the samples with the input in the lowest quarter "
                  "of its range to the mean with it in the highest quarter. The vertical line is the median over "
                  "all samples. Inputs are ordered by their sensitivity index: the share of the spread they explain "
                  "on their own (RBD-FAST).", metric=metric_label),
        figure=fig, data=data,
    )
