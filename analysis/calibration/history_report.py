"""What a back-test tells, in words, charts and a report section: "Checked against the centre's
own history". One chart per figure (the recorded weeks against the model's 90 % band), a verdict
("reproduces 5 of 6 figures within its band; revenue runs 12 % high"), and a page section that
says which weeks calibrated the model and which checked it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from analysis.calibration.backtest import NOMINAL, Backtest
from analysis.reporting.charts import output, style
from analysis.results.files import FolderWriter
from sim import registry, text
from sim.text import N_

SECTION_TITLE = N_("Checked against the centre's own history")


PER_PERIOD = {"week": registry.TIME_BASES[registry.TimeBase.PER_WEEK], "month": N_("per month")}


def weekly_label(metric: str, lang: str, names: Mapping[str, str] | None = None, period: str = "week") -> str:
    """A recorded figure's name with its unit per week (or month): 'material Textile: material in (kg per week)'."""
    tr = text.translation(lang)
    entry = registry.lookup(metric)
    owner = registry.owner_of(metric)
    head = tr.gettext(registry.SECTIONS[entry.section])
    if owner is not None:
        head = f"{head} {(names or {}).get(f'{entry.section}.{owner}', owner)}"
    said = head + ": " + tr.gettext(entry.label)
    if entry.unit == "share":
        return said
    unit = tr.gettext("{unit} {time_base}", unit=tr.gettext(registry.UNITS[entry.unit]),
                      time_base=tr.gettext(PER_PERIOD[period]))
    return f"{said} ({unit})"


def verdict(result: Backtest, lang: str, names: Mapping[str, str] | None = None) -> str:
    """'Reproduces 5 of 6 figures within its 90% band; material in runs 12% high.'"""
    tr = text.translation(lang)
    kept = result.reproduced()
    said = tr.ngettext("Reproduces {k} of {n} figure within its 90% band",
                       "Reproduces {k} of {n} figures within its 90% band", len(result.metrics),
                       k=len(kept), n=len(result.metrics))
    notes = []
    for metric, scores in result.metrics.items():
        if not scores["flagged"]:
            continue
        label = weekly_label(metric, lang, names, result.period)
        bias = scores["bias"]
        if bias is not None and abs(bias) >= 0.05:
            way = N_("{figure} runs {share} high") if bias > 0 else N_("{figure} runs {share} low")
            notes.append(tr.gettext(way, figure=label, share=text.percent(abs(bias), lang)))
        else:
            notes.append(tr.gettext("{figure} varies from week to week in a way the model does not",
                                    figure=label))
    return f"{said}; {'; '.join(notes)}." if notes else f"{said}."


def start_said(result: Backtest, lang: str) -> str:
    """How the runs started: from the centre's state the file states, or from the records' first week."""
    tr = text.translation(lang)
    if result.start == "state":
        return tr.gettext("The runs started from the centre's state on {date} as the file states it (stock, queues, "
                          "people part-way through their trajectories), with no warm-up.", date=result.simulated_from)
    return tr.gettext("The file states no start state, so the runs started on {date}, a warm-up before the records' "
                      "first week, and reached the checked weeks on their own.", date=result.simulated_from)


def chart(result: Backtest, metric: str, lang: str, names: Mapping[str, str] | None = None) -> style.Chart:
    """The recorded weeks (dots) against the model's 90 % band and median."""
    tr = text.translation(lang)
    scores = result.metrics[metric]
    days = np.array([np.datetime64(d) for d in result.validation_weeks])
    fig = style.figure(9.0, 4.2)
    ax = fig.subplots()

    def clean(values: list[float | None]) -> list[float]:
        return [float("nan") if v is None else v for v in values]

    ax.fill_between(days, clean(scores["low"]), clean(scores["high"]), color=style.SKY, alpha=0.35, lw=0,
                    label=tr.gettext("model: 90% band"))
    ax.plot(days, clean(scores["median"]), color=style.BLUE, lw=1.5, label=tr.gettext("model: median"))
    ax.plot(days, clean(scores["observed"]), "o", color=style.VERMILLION, ms=4, label=tr.gettext("recorded"))
    label = weekly_label(metric, lang, names, result.period)
    entry = registry.lookup(metric)
    if entry.unit != "share":
        ax.set_ylabel(tr.gettext("{unit} {time_base}", unit=tr.gettext(registry.UNITS[entry.unit]),
                                 time_base=tr.gettext(PER_PERIOD[result.period])))
    if entry.unit == "share":
        style.share_axis(ax.yaxis, lang)
    else:
        style.number_axis(ax.yaxis, lang)
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    provenance = tr.gettext("Scenario '{scenario}' · records {file} (sha256 {digest}) · seed {seed}",
                            scenario=result.scenario, file=Path(result.records).name, digest=result.records_digest,
                            seed=result.seed)
    title = tr.gettext("{figure}: {share} of the weeks inside the band", figure=label,
                       share=text.percent(scores["coverage"], lang))
    style.finish(fig, style.wrap(title, 90), provenance)
    safe = metric.replace(".", "-").replace("_", "-")
    return style.Chart(f"backtest-{safe}", title, title, tr.gettext(
        "Dots: the centre's records; band: where 90% of the model's weeks fall"), fig)


def section_html(result: Backtest, lang: str, names: Mapping[str, str] | None = None) -> str:
    """The report section: which weeks fitted, which checked, the verdict, a table and the charts."""
    tr = text.translation(lang)
    cal, val = result.calibration_weeks, result.validation_weeks
    weeks = tr.gettext(
        "Calibrated on {n_cal} weeks ({cal_first} to {cal_last}); checked on {n_val} weeks it had not seen "
        "({val_first} to {val_last}).",
        n_cal=len(cal), cal_first=cal[0] if cal else "-", cal_last=cal[-1] if cal else "-", n_val=len(val),
        val_first=val[0], val_last=val[-1])
    rows = []
    for metric, scores in result.metrics.items():
        mape = text.percent(scores["mape"], lang) if scores["mape"] is not None else "–"
        bias = text.percent(scores["bias"], lang, 1) if scores["bias"] is not None else "–"
        mark = tr.gettext("no") if scores["flagged"] else tr.gettext("yes")
        rows.append(f"<tr><td>{html.escape(weekly_label(metric, lang, names, result.period))}</td>"
                    f"<td>{text.percent(scores['coverage'], lang)}</td><td>{mape}</td><td>{bias}</td>"
                    f"<td>{mark}</td></tr>")
    columns = (N_("figure"), N_("weeks inside the 90% band"), N_("mean absolute error"), N_("model minus records"),
               N_("reproduced"))
    head = "".join("<th>" + html.escape(tr.gettext(h)) + "</th>" for h in columns)
    images = "".join(
        f'<figure><img alt="{html.escape(c.alt)}" src="data:image/png;base64,{output.png_base64(c)}">'
        f"<figcaption>{html.escape(c.caption)}</figcaption></figure>"
        for c in (chart(result, m, lang, names) for m in result.metrics))
    nominal = tr.gettext("A figure counts as reproduced unless fewer of its weeks fall inside the band than "
                         "chance allows at {nominal} (two binomial standard errors).",
                         nominal=text.percent(NOMINAL, lang))
    title = tr.gettext(SECTION_TITLE)
    return (f"<section id='history'><h2>{html.escape(title)}</h2>"
            f"<p>{html.escape(weeks)} {html.escape(start_said(result, lang))}</p><p><strong>{html.escape(verdict(result, lang, names))}</strong></p>"
            f"<p>{html.escape(nominal)}</p><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            f"</table>{images}</section>")


def page(result: Backtest, lang: str, names: Mapping[str, str] | None = None) -> str:
    """The back-test's own HTML page (``backtest-<lang>.html``): its title and :func:`section_html`."""
    title = html.escape(tr_title(lang, result.scenario))
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}img{max-width:100%}"
            "td,th{padding:.2em .6em;text-align:left}</style></head><body>"
            f"<h1>{title}</h1>{section_html(result, lang, names)}</body></html>\n")


def write_folder(result: Backtest, folder: Path, lang: str, names: Mapping[str, str] | None = None,
                 provenance: dict[str, Any] | None = None, replace: bool = False) -> Path:
    """A results folder with ``backtest.json``, ``settings.json``, the scenario checked
    (``scenario.yaml``), a chart per figure (PNG and SVG) and ``backtest-<lang>.html``; written
    whole or not at all, beside a taken folder (``folder-2``) unless ``replace`` (then only a
    folder Ambacht wrote is replaced). ``ambacht report`` writes the page again in any language
    (:func:`rewrite_page`). Returns the page."""
    import json

    provenance = provenance or {"command": "backtest", "scenario": result.scenario, "language": lang}
    with FolderWriter(folder, provenance, replace) as writer:
        writer.path("backtest.json").write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
        writer.json("settings.json", provenance)
        if provenance.get("scenario_file"):
            writer.copy(Path(provenance["scenario_file"]), "scenario.yaml")
        for metric in result.metrics:
            output.save(chart(result, metric, lang, names), writer.tmp, lang)
        writer.path(f"backtest-{lang}.html").write_text(page(result, lang, names), encoding="utf-8")
        target = writer.commit()
    return target / f"backtest-{lang}.html"


def read_backtest(folder: Path) -> Backtest:
    """A back-test back from its results folder (``backtest.json`` and ``settings.json``)."""
    import json

    data = json.loads((folder / "backtest.json").read_text(encoding="utf-8"))
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    return Backtest(scenario=str(settings.get("scenario", folder.name)), records=str(data["records"]),
                    records_digest=str(data["records_sha256"]), calibration_weeks=list(data["calibration_weeks"]),
                    validation_weeks=list(data["validation_weeks"]), samples=int(data["samples"]),
                    replications=int(data["replications"]), seed=int(data["seed"]), metrics=dict(data["metrics"]),
                    period=str(data.get("period", "week")), start=str(data.get("start", "records")),
                    simulated_from=str(data.get("simulated_from", "")))


def rewrite_page(folder: Path, lang: str, out: Path | None = None) -> Path:
    """The charts and page of a back-test's results folder again, in ``lang``; the figures are
    named as the folder's scenario names them (by their keys when it is missing)."""
    from analysis.reporting.charts.context import load_folder_scenario
    from analysis.reporting.metric_text import owner_names
    from analysis.results.files import write_text_atomic

    result = read_backtest(folder)
    loaded = load_folder_scenario(folder)
    names = owner_names(loaded.scenario, lang) if loaded is not None else None
    for metric in result.metrics:
        output.save(chart(result, metric, lang, names), folder, lang)
    target = out or folder / f"backtest-{lang}.html"
    write_text_atomic(target, page(result, lang, names))
    return target


def tr_title(lang: str, scenario: str) -> str:
    return text.translation(lang).gettext("{scenario}: checked against its own history", scenario=scenario)
