"""``docs/metrics.md``, generated from the metric registry (:mod:`sim.registry`).

    python -m analysis.reporting.metric_docs          # rewrite docs/metrics.md
    python -m analysis.reporting.metric_docs --check  # exit 1 when docs/metrics.md is out of date

The page is never edited by hand: change a metric's entry in ``sim/registry.py`` and run the
command; a test fails when the page and the registry disagree.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from sim import registry
from sim.registry import Metric

DOCS = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"

HEADINGS = {
    "steps": "Steps — `steps.<id>.*`",
    "pools": "Pools — `pools.<id>.*`",
    "groups": "Target groups — `groups.<id>.*` (the pools of a group summed)",
    "supervisors": "Supervisors — `supervisors.<id>.*`",
    "materials": "Materials — `materials.<id>.*`",
    "products": "Products — `products.<id>.*`",
    "shop": "Shop — `shop.*`",
    "online": "Webshop — `online.*`",
    "contracts": "Contracts — `contracts.<id>.*`",
    "package_items": "Items of a package — `package_items.<contract>.<product>.*` (only for a contract that orders `items`)",
    "impact": "Impact — `impact.*`",
    "economics": "Economics — `economics.*`",
    "run": "Run — `run.*`",
}

INTRO = f"""# Metrics

<!-- Generated from sim/registry.py by `python -m analysis.reporting.metric_docs`; do not edit by hand. -->

Every run reports a flat namespace of numbers; `ambacht run FILE --format json` lists them all,
and `replications.csv` has one column per metric. `<id>` is your own id from the scenario.
Over replications each metric gets a mean and a 95 % interval that respects its bounds
(`summary.csv`; see [intervals.md](intervals.md)).

**One time base.** Metrics are measured over the *measured window*: the horizon minus the
warm-up (`run.measured_hours`). Every **flow** — kg, units, lots, orders, people, hours and
euros — is then reported **per year** (365 days, {registry.HOURS_PER_YEAR:g} h): the count over the
window times {registry.HOURS_PER_YEAR:g} / `run.measured_hours`. Only metrics whose name says so are
per week (`throughput_per_week`, `arrivals_per_week`: per 168 clock hours). So money and kg
share one base, and euros per kg computed from any two metrics are right. The factor is stated
once in every output: `time_base` in the JSON of `ambacht run FILE --format json` and in
`settings.json` of a results folder, and one sentence above the report's key figures.

The other time bases: a **time average** is a level averaged over the clock hours of the
window; **per lot or order** is a mean or percentile over the lots or orders finished in the
window; a **share** is a ratio of two counts of the window; **at the end of the run** is the level
at the horizon. Durations are in hours. *Better* says which way a metric is better for the centre;
*bounds* are what the number can be (shares lie in 0–1 and their intervals are kept there).

**Little's law** per step: `queue_mean` ≈ `arrivals_per_week` / 168 × `wait_mean`.
"""

LEVERS = """## Levers — `ambacht levers` and `levers.json`
What each lever buys is measured in the metrics above: a lever's `effects` (in `ambacht levers
FILE --format json` and in a results folder's `levers.json`) map a metric's name to the paired
difference lever minus base (mean and 95 % interval), in that metric's unit and time base, so a
gain in `economics.net_result` is euros per year and a gain in an on-time share is a share
(shown in percentage points). The objective is one of these metrics. Besides the effects, each
lever has its cost, with `<id>` the lever's id (`person:statushouders`):
"""

OUTRO = """
## Mass balance
`mass_balance.csv` (and `RunResult.mass_balance`) says where every kg that came in during the
whole run is at its end: `refused`, `in_storage`, `in_queues`, `in_work`, `in_stock`, `sold`,
`recycled`, `wasted`, `left` (textbook queues), and `unaccounted` (always 0; the tests check it).
These are kg over the whole run, warm-up included, not per year.

## Sampled series
`series.parquet` holds the state every `sampling_interval`: `queue.<step>` (lots waiting),
`storage_kg.<stream>`, `stock.<product>`, `backlog.<contract>`, `present.<pool>`.
"""


def _bounds(metric: Metric) -> str:
    if metric.low == 0 and metric.high == 1:
        return "0–1"
    if metric.low == 0 and math.isinf(metric.high):
        return "≥ 0"
    return "any"


def _row(metric: Metric) -> str:
    name = metric.pattern.split(".", 1)[1].replace(registry.ID + ".", "")
    base = registry.TIME_BASES[metric.time_base]
    return (f"| `{name}` | {metric.label} | {registry.UNITS[metric.unit]} | {base} | {metric.direction.value} | "
            f"{_bounds(metric)} | {metric.description} |")


def markdown() -> str:
    """The whole page, from the registry."""
    lines = [INTRO]
    sections: dict[str, list[Metric]] = {}
    for metric in registry.METRICS.values():
        sections.setdefault(metric.section, []).append(metric)
    for section, metrics in sections.items():
        lines += [f"## {HEADINGS.get(section, section)}",
                  "| metric | shown as | unit | time base | better | bounds | meaning |",
                  "|---|---|---|---|---|---|---|"]
        lines += [_row(m) for m in metrics]
        lines.append("")
    lines += [LEVERS, "| number | shown as | unit | time base | better | bounds | meaning |", "|---|---|---|---|---|---|---|"]
    lines += [_row(m) for m in registry.LEVER_ENTRIES]
    lines.append("")
    return "\n".join(lines) + OUTRO


def main(argv: list[str]) -> int:
    text = markdown()
    if "--check" in argv:
        if not DOCS.exists() or DOCS.read_text(encoding="utf-8") != text:
            print(f"{DOCS} is out of date: run python -m analysis.reporting.metric_docs", file=sys.stderr)
            return 1
        return 0
    DOCS.write_text(text, encoding="utf-8")
    print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
