"""The business case in words, tables and a self-contained HTML page, and its results folder.

"Who pays, who gains, from which year" in plain Dutch and English, from the same
:class:`~analysis.economics.business_case.BusinessCaseResult` as the charts and the JSON.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import sim
from analysis.economics.business_case import (
    BusinessCaseMissing,
    BusinessCaseResult,
    run_business_case,
)
from analysis.experiments.executors import Executor
from analysis.experiments.runner import Interrupted, Progress, Silent, Stopped, signum_of
from analysis.experiments.warmup import WarmUpCheck
from analysis.reporting import council, pdf
from analysis.reporting.charts import business as charts
from analysis.reporting.charts.output import png_base64, save
from analysis.results.files import FolderWriter
from analysis.results.folder import settings as settings_of
from sim import text
from sim.loader import LoadedScenario
from sim.scenario.base import label_text

LANGUAGES = ("nl", "en")
HOURS_SHARE = "impact.target_group_hours_share"
OLD_HOURS_SHARE = "impact.pso_share"
"""Its name in results folders written before it was renamed (it is the same share of hours)."""


def _money(value: float, lang: str) -> str:
    return text.money(value, lang)


def _product_name(result: BusinessCaseResult, lang: str) -> Callable[[str], str]:
    names = result.warm_up.get("names") or {}
    return lambda pid: label_text(names.get(pid), lang, pid)


def caveat_texts(result: BusinessCaseResult, lang: str) -> list[str]:
    """The caveats of the numbers, in words: they travel with the numbers into every output."""
    _ = text.translation(lang).gettext
    out = []
    check = WarmUpCheck.from_dict(result.warm_up)
    for caveat in result.caveats:
        if caveat == "start_running":
            out.append(_("The years start from a centre that is already running: a new centre's first year (empty "
                         "shop, everybody new) is not in these numbers; 'businesscase --start opening' shows it."))
        elif caveat == "few_replications":
            # A replication is the whole run over all the years, not one year of it.
            out.append(text.translation(lang).ngettext(
                "Only {n} replication of all the years: it gives no interval; use at least 10 for a council proposal.",
                "Only {n} replications of all the years: the intervals are wide and may miss; use at least 10 "
                "for a council proposal.", result.replications))
        elif caveat in ("warm_up_short", "stock_unsettled") and check is not None:
            # A running start whose warm-up ends before the queues or the shop's stock have settled.
            out.append(check.warning(lang) if caveat == "warm_up_short"
                       else check.stock_warning(lang, _product_name(result, lang)))
        elif caveat == "payback_uncertain":
            out.append(_("Whether the case pays back at all depends on chance: some replications never do."))
    return out


def answer(result: BusinessCaseResult, lang: str) -> list[str]:
    """Who pays, who gains and from which year, in sentences."""
    _ = text.translation(lang).gettext
    m = result.metrics
    first, last = result.years[0], result.years[-1]
    npv = m["economics.npv"]
    sentences = []
    rate = text.percent(result.discount_rate, lang, 2)
    # One replication has no interval: the sentence then leaves it out rather than print "– to –".
    known = all(v is not None and math.isfinite(v) for v in (npv["ci_low"], npv["ci_high"]))
    low, high = (_money(npv["ci_low"], lang), _money(npv["ci_high"], lang)) if known else ("", "")
    if npv["mean"] >= 0 and known:
        sentences.append(_("Over {first}–{last} the stakeholders together gain {amount} (net present value at "
                           "{rate} a year; 95% interval {low} to {high}).", first=first, last=last,
                           amount=_money(npv["mean"], lang), rate=rate, low=low, high=high))
    elif npv["mean"] >= 0:
        sentences.append(_("Over {first}–{last} the stakeholders together gain {amount} (net present value at "
                           "{rate} a year).", first=first, last=last, amount=_money(npv["mean"], lang), rate=rate))
    elif known:
        sentences.append(_("Over {first}–{last} the stakeholders together pay {amount} more than they get back "
                           "(net present value at {rate} a year; 95% interval {low} to {high}).", first=first,
                           last=last, amount=_money(-npv["mean"], lang), rate=rate, low=low, high=high))
    else:
        sentences.append(_("Over {first}–{last} the stakeholders together pay {amount} more than they get back "
                           "(net present value at {rate} a year).", first=first, last=last,
                           amount=_money(-npv["mean"], lang), rate=rate))
    totals = sorted((m[f"ledger.{p}.net_total"]["mean"], p) for p in result.stakeholders)
    payers = [f"{charts.stakeholder_name(result, p, lang)} ({_money(-v, lang)})" for v, p in totals if v < -0.5]
    gainers = [f"{charts.stakeholder_name(result, p, lang)} ({_money(v, lang)})" for v, p in reversed(totals) if v > 0.5]
    if payers:
        sentences.append(_("Who pays on balance: {parties}.", parties=", ".join(payers)))
    if gainers:
        sentences.append(_("Who gains on balance: {parties}.", parties=", ".join(gainers)))
    centre = charts.stakeholder_name(result, result.centre, lang)
    if result.self_supporting_year is not None:
        sentences.append(_("{centre} stands on its own, without grants, from {year}.", centre=centre,
                           year=result.self_supporting_year))
    else:
        sentences.append(_("{centre} does not stand on its own within these years: without grants it runs a "
                           "deficit in {last}.", centre=centre, last=last))
    if result.payback_year is not None:
        sentences.append(_("All stakeholders together have earned their money back in {year}.",
                           year=result.payback_year))
    else:
        sentences.append(_("All stakeholders together do not earn their money back by {last}.", last=last))
    sroi = m["impact.sroi_ratio"]["mean"]
    if math.isfinite(sroi):
        sentences.append(_("Social value (SROI): {value}, that is {ratio} for every euro put in (net of what would "
                           "have happened anyway, of what it displaces and of others' share).",
                           value=_money(m["impact.social_value"]["mean"], lang),
                           ratio=text.money(sroi, lang, cents=True)))
    pso = m.get(HOURS_SHARE, m.get(OLD_HOURS_SHARE, {})).get("mean", math.nan)
    if math.isfinite(pso) and pso > 0:
        sentences.append(_("{share} of the hours worked are worked by people with a distance to the labour "
                           "market (a share of hours, not a PSO score).", share=text.percent(pso, lang)))
    return sentences


def key_figures(result: BusinessCaseResult, lang: str) -> pd.DataFrame:
    """The headline numbers with their 95% intervals, as shown in the page and the terminal."""
    _ = text.translation(lang).gettext
    rows = []

    def add(label: str, name: str, kind: str = "money") -> None:
        e = result.metrics[name]
        show = (lambda v: _money(v, lang)) if kind == "money" else (
            (lambda v: text.percent(v, lang)) if kind == "share" else (lambda v: text.number(v, lang, 2)))
        rows.append({_("figure"): label, _("mean"): show(e["mean"]),
                     _("95% interval"): f"{show(e['ci_low'])} – {show(e['ci_high'])}" if math.isfinite(e["ci_low"]) else "–"})

    add(_("net present value, all stakeholders"), "economics.npv")
    for party in result.stakeholders:
        add(_("{party}: net, discounted total", party=charts.stakeholder_name(result, party, lang)),
            f"ledger.{party}.net_total")
    add(_("social value (discounted)"), "impact.social_value")
    add(_("social value per euro put in"), "impact.sroi_ratio", "number")
    add(_("share of hours worked by target groups (not a PSO score)"),
        HOURS_SHARE if HOURS_SHARE in result.metrics else OLD_HOURS_SHARE, "share")
    none = _("never within these years")
    rows.append({_("figure"): _("payback year"), _("mean"): str(result.payback_year or none), _("95% interval"): ""})
    rows.append({_("figure"): _("centre without grants from"), _("mean"): str(result.self_supporting_year or none),
                 _("95% interval"): ""})
    return pd.DataFrame(rows)


def ledger_table(result: BusinessCaseResult, lang: str) -> pd.DataFrame:
    """Net per stakeholder (rows) and calendar year (columns), in money."""
    _ = text.translation(lang).gettext
    frame = pd.DataFrame([r for r in result.ledger if r["stakeholder"] in result.stakeholders])
    table = frame.pivot(index="stakeholder", columns="calendar_year", values="net").reindex(list(result.stakeholders))
    table.index = [charts.stakeholder_name(result, p, lang) for p in table.index]
    table.index.name = _("stakeholder")
    table.columns = [str(year) for year in table.columns]
    table.columns.name = _("year")  # not the field's name 'calendar_year'
    return table.map(lambda v: _money(v, lang))


def _tag(tag: str, content: str) -> str:
    """An HTML element around escaped text."""
    return f"<{tag}>{html.escape(content)}</{tag}>"


def stamp() -> str:
    return f"Ambacht {sim.__version__} · {dt.date.today().isoformat()}"


def page(result: BusinessCaseResult, lang: str) -> str:
    """A self-contained HTML page: the answer, key figures, the ledger, both charts, caveats."""
    _ = text.translation(lang).gettext
    drawn = charts.draw(result, lang, stamp())
    parts = [f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">",
             _tag("title", _("Business case: {scenario}", scenario=result.scenario)),
             "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60rem;margin:2rem auto;"
             "padding:0 1rem;color:#000}table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:"
             "1px solid #d9d9d9;padding:.25rem .6rem;text-align:right}td:first-child,th:first-child{text-align:"
             "left}img{max-width:100%}table.budget{font-size:.7rem;width:100%}table.budget td:nth-child(2){text-align:left}.note{color:#595959;font-size:.85rem}"
             "@page{size:A4;margin:1.5cm}.caveat{border-left:4px solid #E69F00;padding-left:.8rem}</style></head><body>",
             _tag("h1", _("Business case: {scenario}", scenario=result.scenario)),
             _tag("h2", _("Who pays, who gains, and from which year"))]
    parts += [f"<p>{html.escape(s)}</p>" for s in answer(result, lang)]
    parts += [f"<p class=\"caveat\">{html.escape(c)}</p>" for c in caveat_texts(result, lang)]
    parts.append(_tag("h2", _("Key figures")))
    parts.append(key_figures(result, lang).to_html(index=False, escape=True, border=0))
    parts.append(_tag("h2", _("Net per stakeholder and year")))
    parts.append(ledger_table(result, lang).to_html(escape=True, border=0))
    for heading, sentences, tables, note in council.sections(result, lang):
        parts.append(_tag("h2", heading))
        parts += [f"<p>{html.escape(s)}</p>" for s in sentences]
        for subheading, table in tables:
            if subheading:
                parts.append(_tag("h3", subheading))
            if not table.empty:
                parts.append(table.to_html(index=False, escape=True, border=0, classes="budget"))
        if note:
            parts.append(f"<p class=\"note\">{html.escape(note)}</p>")
    for chart in drawn:
        parts.append(f"<figure><img alt=\"{html.escape(chart.alt)}\" src=\"data:image/png;base64,"
                     f"{png_base64(chart)}\"><figcaption>{html.escape(chart.caption)}</figcaption></figure>")
    parts.append(f"<p style=\"color:#595959;font-size:.8rem\">{html.escape(charts.provenance(result, lang, stamp()))}</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def study(loaded: LoadedScenario, replications: int | None = None, seed: int | None = None,
          executor: Executor | None = None, progress: Progress | None = None, out: Path | None = None,
          force: bool = False, lang: str = "en", start: str | None = None) -> tuple[BusinessCaseResult, Path | None]:
    """The business case of a scenario: simulated, booked and (with ``out``) written to its folder.

    The folder is chosen (and announced through ``progress``) before the first run.
    """
    if loaded.scenario.business_case is None:
        raise BusinessCaseMissing(loaded.source)
    n = replications or loaded.scenario.experiment.replications
    seed = loaded.scenario.experiment.seed if seed is None else seed
    progress = progress or Silent()
    provenance = settings_of("businesscase", loaded.scenario.name, loaded.content_hash, loaded.source, seed, n, lang)
    writer = FolderWriter(out, provenance, force) if out is not None else None
    if writer is not None:
        progress.folder(writer.target)
    _ = text.translation(lang).gettext
    try:
        result = run_business_case(loaded, n, seed, executor, progress, _("simulated years"), start=start)
    except (KeyboardInterrupt, Stopped) as stop:
        if writer is not None:
            writer.abandon()
        raise Interrupted(None, 0, 0, signum_of(stop)) from None
    folder = write_business_case(result, writer, loaded.source, provenance) if writer is not None else None
    return result, folder


def write_business_case(result: BusinessCaseResult, writer: FolderWriter, source: str,
                        settings: dict[str, Any]) -> Path:
    """The results folder: business.json, ledger, lines and cash flow as CSV, charts and the
    page in both languages. Written beside and moved into place: never half a folder."""
    try:
        writer.json("business.json", result.to_dict())
        writer.json("settings.json", settings)
        pd.DataFrame(result.ledger).to_csv(writer.path("ledger.csv"), index=False)
        pd.DataFrame(result.lines).to_csv(writer.path("lines.csv"), index=False)
        pd.DataFrame(result.cash_flow).to_csv(writer.path("cash_flow.csv"), index=False)
        charts_folder = writer.path("charts")
        charts_folder.mkdir(exist_ok=True)
        for lang in LANGUAGES:
            for chart in charts.draw(result, lang, stamp()):
                save(chart, charts_folder, lang)
            writer.path(f"businesscase-{lang}.html").write_text(page(result, lang), encoding="utf-8")
            writer.path(f"businesscase-{lang}.xlsx").write_bytes(council.budget_workbook(result, lang))
            if pdf.engine_problem() is None:
                pdf.write_pdf(page(result, lang), writer.path(f"businesscase-{lang}.pdf"), writer.path("."))
        scenario = Path(source)
        if scenario.exists():
            writer.path("scenario.yaml").write_bytes(scenario.read_bytes())
        return writer.commit()
    except BaseException:
        writer.abandon()
        raise


def read_business_case(folder: Path) -> BusinessCaseResult:
    """A business case back from its results folder (for ``ambacht report``)."""
    data = json.loads((folder / "business.json").read_text(encoding="utf-8"))
    data["payback_range"] = tuple(data["payback_range"])
    # An undefined interval (one replication) is stored as null: NaN again, as the run gave it.
    data["metrics"] = _undefined_back(data["metrics"])
    for year in data.get("per_year", []):
        year["metrics"] = _undefined_back(year["metrics"])
    return BusinessCaseResult(**data)


def _undefined_back(metrics: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: {k: math.nan if v is None else v for k, v in figure.items()} for name, figure in metrics.items()}


def rewrite_page(folder: Path, lang: str | None, out: str | None = None) -> Path:
    """The outputs of a business-case results folder again, in ``lang`` (default: the folder's):
    into the folder its charts, page, workbook and (where WeasyPrint works) PDF, as the run wrote
    them; with ``out`` only the page, there. Returns the page's path."""
    from analysis.results.files import write_bytes_atomic, write_text_atomic

    result = read_business_case(folder)
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    lang = lang or settings.get("language") or "en"
    if out:
        write_text_atomic(Path(out), page(result, lang))
        return Path(out)
    (folder / "charts").mkdir(exist_ok=True)
    for chart in charts.draw(result, lang, stamp()):
        save(chart, folder / "charts", lang)
    target = folder / f"businesscase-{lang}.html"
    text_of_page = page(result, lang)
    write_text_atomic(target, text_of_page)
    write_bytes_atomic(folder / f"businesscase-{lang}.xlsx", council.budget_workbook(result, lang))
    if pdf.engine_problem() is None:
        pdf.write_pdf(text_of_page, folder / f"businesscase-{lang}.pdf", folder)
    return target
