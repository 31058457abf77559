"""The council's page of a business case: the operating budget per stakeholder, line and year with
the budget each cost is paid from and the gap named as a gap, the do-nothing alternative beside the
case, and the money's sensitivity. Tables for the HTML page and the PDF, from the same
:class:`~analysis.economics.business_case.BusinessCaseResult` as the JSON."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from analysis.economics.budget import GAP, GAP_LINE, OWN_INCOME
from analysis.reporting.charts.business import stakeholder_name
from analysis.reporting.charts.context import Names
from sim import text
from sim.scenario.base import label_text
from sim.text import N_

LINE_LABELS = {
    "sales.contracts": N_("contract sales (net of VAT)"),
    "vat.contracts": N_("VAT on contract purchases"),
    "avoided_cost.contracts": N_("purchases avoided"),
    "sales": N_("sales (net of VAT)"),
    "recycling_revenue": N_("recycling revenue"),
    "wages": N_("wages, full employer cost"),
    "allowances": N_("participant allowances"),
    "supervisors": N_("supervisors"),
    "staff": N_("staff"),
    "overhead": N_("overhead"),
    "work_places": N_("work places"),
    "waste_cost.passed_on": N_("gate fees passed on"),
    "waste_cost": N_("gate fees"),
    "disposal_cost_avoided": N_("disposal cost avoided"),
    "income": N_("tariffs, subsidies and fees"),
    "benefit_saved_employed": N_("benefits saved (employees)"),
    "benefit_savings": N_("benefits saved (jobs found)"),
    "care_savings": N_("care cost avoided"),
    "depreciation": N_("depreciation"),
    "interest": N_("interest"),
    "one_off": N_("one-off cost"),
    "grant": N_("grant"),
    GAP_LINE: N_("funding gap"),
}
INPUT_LABELS = {
    "prices": N_("sales prices ±25%"),
    "wages": N_("wages ±10%"),
    "benefits": N_("benefits and care saved ±25%"),
    "deadweight": N_("deadweight ±0.1"),
    "discount_rate": N_("discount rate 0 to double"),
}


LINE_OWNERS = {
    "sales.contracts": "contracts", "vat.contracts": "contracts", "avoided_cost.contracts": "contracts",
    "wages": "pools", "supervisors": "supervisors", "staff": "staff", "income": "groups",
    "benefit_saved_employed": "groups", "benefit_savings": "groups", "care_savings": "groups",
    "depreciation": "investments", "interest": "investments", "one_off": "investments", "grant": "grants",
}
"""What the id at the end of a line names: ``wages.bijstand`` is the pool ``bijstand``."""
KIND_LABELS = {
    "revenue": N_("revenue"),
    "saving": N_("saving"),
    "cost": N_("cost"),
    "capital_charge": N_("capital charge"),
    "one_off": N_("one-off cost"),
    "grant": N_("grant"),
    "gap": N_("funding gap"),
}


def line_label(line: str, lang: str, owners: dict[str, Any] | None = None) -> str:
    """A booked line in words: its kind, then the user's name of what it belongs to (the file's id
    where the results do not name it)."""
    _ = text.translation(lang).gettext
    for prefix, label in LINE_LABELS.items():
        if line == prefix:
            return _(label)
        if line.startswith(prefix + "."):
            key = line[len(prefix) + 1:]
            owner = (owners or {}).get(f"{LINE_OWNERS.get(prefix, prefix)}.{key}")
            return _("{line}: {owner}", line=_(label), owner=label_text(owner, lang, key))
    return line


def kind_label(kind: str, lang: str) -> str:
    """What a budget line is for its stakeholder (revenue, saving, cost, ...) in words."""
    label = KIND_LABELS.get(kind)
    return text.translation(lang).gettext(label) if label else kind


def cover_label(result: Any, budget: str | None, lang: str) -> str:
    _ = text.translation(lang).gettext
    if budget is None:
        return ""
    if budget == OWN_INCOME:
        return _("own income")
    if budget == GAP:
        return _("GAP: no budget named")
    return label_text(result.budgets.get(budget), lang, budget)


def budget_tables(result: Any, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """Per stakeholder its lines (amount per calendar year and total; + received, - paid) with their
    cover, and the net of each year."""
    _ = text.translation(lang).gettext
    years = list(result.years)
    cells: dict[tuple[str, str, str], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    order: list[tuple[str, str, str]] = []
    for row in result.budget:
        key = (row["stakeholder"], row["line"], row["funded_by"] or "")
        if key not in cells:
            order.append(key)
        cells[key][row["calendar_year"]] += row["amount"]
    tables = []
    for party in result.stakeholders:
        keys = [k for k in order if k[0] == party]
        if not keys:
            continue
        records = []
        totals: dict[int, float] = defaultdict(float)
        for key in keys:
            values = cells[key]
            record = {_("line"): line_label(key[1], lang, result.owners), _("paid from"): cover_label(result, key[2] or None, lang)}
            for y in years:
                record[str(y)] = text.money(values.get(y, 0.0), lang)
                if key[1] != GAP_LINE:
                    totals[y] += values.get(y, 0.0)
            record[_("total")] = text.money(sum(values.values()), lang)
            records.append(record)
        record = {_("line"): _("net of the year"), _("paid from"): ""}
        for y in years:
            record[str(y)] = text.money(totals[y], lang)
        record[_("total")] = text.money(sum(totals.values()), lang)
        records.append(record)
        tables.append((stakeholder_name(result, party, lang), pd.DataFrame(records)))
    return tables


def gap_sentences(result: Any, lang: str) -> list[str]:
    """The funding gap in words: the centre's deficit per year and the costs without a named budget."""
    _ = text.translation(lang).gettext
    out = []
    deficit = {int(y): v for y, v in result.gaps.get("centre_deficit", {}).items()}
    centre = stakeholder_name(result, result.centre, lang)
    if deficit:
        years = ", ".join(f"{y}: {text.money(v, lang)}" for y, v in sorted(deficit.items()))
        out.append(_("Funding gap: {centre} runs a deficit that no budget covers ({years}; in all {total}).",
                     centre=centre, years=years, total=text.money(sum(deficit.values()), lang)))
    else:
        out.append(_("No funding gap: {centre} covers its costs every year.", centre=centre))
    unfunded = result.gaps.get("unfunded_lines", [])
    if unfunded:
        named = ", ".join(f"{stakeholder_name(result, u['stakeholder'], lang)} – {line_label(u['line'], lang, result.owners)} "
                          f"({text.money(u['amount'], lang)})" for u in unfunded)
        out.append(_("Costs for which the file names no budget: {lines}.", lines=named))
    return out


def baseline_table(result: Any, lang: str) -> pd.DataFrame:
    """Per stakeholder: doing nothing, the case, and the difference the centre makes (NPV, euros of the first year)."""
    _ = text.translation(lang).gettext
    rows = []
    base = result.baseline.get("stakeholders", {})
    for party in result.stakeholders:
        nothing = base.get(party, {}).get("npv", 0.0)
        change = result.metrics[f"ledger.{party}.net_total"]["mean"]
        rows.append({_("stakeholder"): stakeholder_name(result, party, lang), _("do nothing"): text.money(nothing, lang),
                     _("with the centre"): text.money(nothing + change, lang),
                     _("difference"): text.money(change, lang)})
    nothing = result.baseline.get("npv", 0.0)
    change = result.metrics["economics.npv"]["mean"]
    rows.append({_("stakeholder"): _("all stakeholders"), _("do nothing"): text.money(nothing, lang),
                 _("with the centre"): text.money(nothing + change, lang), _("difference"): text.money(change, lang)})
    return pd.DataFrame(rows)


def spread_table(result: Any, lang: str, spread: dict[str, Any] | None = None) -> pd.DataFrame:
    """p5, p50 and p95 of the NPV and of each stakeholder's net (over replications by default)."""
    _ = text.translation(lang).gettext
    spread = result.sensitivity.get("spread", {}) if spread is None else spread
    rows = []
    for name, values in spread.items():
        label = (_("net present value, all stakeholders") if name == "economics.npv"
                 else stakeholder_name(result, name.split(".")[1], lang))
        rows.append({_("figure"): label, "p5": text.money(values["p5"], lang), "p50": text.money(values["p50"], lang),
                     "p95": text.money(values["p95"], lang)})
    return pd.DataFrame(rows)


def tornado_table(result: Any, lang: str) -> pd.DataFrame:
    """Each money input at its low and high end: the NPV of all stakeholders."""
    _ = text.translation(lang).gettext
    rows = []
    for row in result.sensitivity.get("tornado", []):
        rows.append({_("input"): _(INPUT_LABELS[row["input"]]),
                     _("NPV at the low end"): text.money(row["low"]["economics.npv"], lang),
                     _("NPV at the high end"): text.money(row["high"]["economics.npv"], lang)})
    return pd.DataFrame(rows)


def range_section(result: Any, lang: str) -> list[tuple[str, list[str], list[tuple[str, pd.DataFrame]], str]]:
    """The spread over the ranges written in the business case, and which ranges keep their likely value."""
    _ = text.translation(lang).gettext
    ranges = result.sensitivity.get("ranges")
    likely = result.sensitivity.get("likely_only", [])
    names = Names(lang, owners=result.owners)
    sentences = []
    tables: list[tuple[str, pd.DataFrame]] = []
    if ranges:
        sentences.append(_("The ranges in the business case ({inputs}), {n} Latin-hypercube samples, each booking the "
                           "same simulated years: the 5th, 50th and 95th percentile.",
                           inputs=", ".join(names.path(p) for p in ranges["inputs"]), n=ranges["samples"]))
        tables.append(("", spread_table(result, lang, ranges["spread"])))
        rows = [{_("input"): names.path(r["input"]), _("NPV at the low end"): text.money(r["low"]["economics.npv"], lang),
                 _("NPV at the high end"): text.money(r["high"]["economics.npv"], lang)} for r in ranges["tornado"]]
        tables.append(("", pd.DataFrame(rows)))
    if likely:
        sentences.append(_("These ranges change the simulation and keep their likely value here; 'ambacht "
                           "uncertainty' samples them: {inputs}.", inputs=", ".join(names.path(p) for p in likely)))
    return [(_("The ranges in the file"), sentences, tables, "")] if sentences else []


def sections(result: Any, lang: str) -> list[tuple[str, list[str], list[tuple[str, pd.DataFrame]], str]]:
    """The council's sections: heading, sentences, table, note under it."""
    _ = text.translation(lang).gettext
    if not result.budget:
        return []  # a results folder from before the council's page: nothing to show
    base_npv = result.sensitivity.get("base_npv")
    return [
        (_("Operating budget per stakeholder, line and year"), gap_sentences(result, lang), budget_tables(result, lang),
         _("Nominal euros per year (indexed), net of VAT: + received, − paid. Investments appear as capital "
           "charges (depreciation and interest); what is still on the books after the last year: {value}.",
           value=text.money(result.book_value_end, lang))),
        (_("Beside doing nothing"), [_("Without the centre each stakeholder goes on paying the benefits, care, "
                                       "disposal and purchases that the centre saves it.")],
         [("", baseline_table(result, lang))], _("Net present values in euros of the first year.")),
        (_("How sure the money is"), [_("By chance (replications): the 5th, 50th and 95th percentile.")],
         [("", spread_table(result, lang))], ""),
        *range_section(result, lang),
        (_("Risks and what to follow"), risk_sentences(result, lang), [], ""),
        (_("What the money hinges on"),
         [_("Each input moved on its own to the end of its range, the others as in the file; the mean NPV is "
            "{npv}.", npv=text.money(base_npv or 0.0, lang))], [("", tornado_table(result, lang))], ""),
    ]


KPI_TEXTS = (
    N_("participant hours per target group, against the plan"),
    N_("outflow to a job per target group, and how many are still in work a year later"),
    N_("kg reused and sales net of VAT per year, against the budget"),
    N_("the centre's result per year against the budget, and the funding gap"),
    N_("hours lost to missing supervision"),
)


def risk_sentences(result: Any, lang: str) -> list[str]:
    """Risks in words, from the numbers: what the money hinges on most, the gap, whether it pays back."""
    _ = text.translation(lang).gettext
    out = []
    tornado = result.sensitivity.get("tornado", [])
    if tornado:
        top = tornado[0]
        out.append(_("The money hinges most on {input}: the NPV of all stakeholders then lies between {low} and {high}.",
                     input=_(INPUT_LABELS[top["input"]]), low=text.money(top["low"]["economics.npv"], lang),
                     high=text.money(top["high"]["economics.npv"], lang)))
    deficit = sum(result.gaps.get("centre_deficit", {}).values())
    if deficit > 0:
        out.append(_("Until the funding gap of {amount} is covered, the centre's continuity is at risk.",
                     amount=text.money(deficit, lang)))
    out.append(_("Follow these figures every year: {kpis}.", kpis="; ".join(_(k) for k in KPI_TEXTS)))
    return out


def budget_workbook(result: Any, lang: str) -> bytes:
    """The budget as a spreadsheet: one row per stakeholder and line, a column per year, numbers as numbers."""
    import datetime as dt
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    _ = text.translation(lang).gettext
    years = list(result.years)
    cells: dict[tuple[str, str, str, str], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for row in result.budget:  # in the results' order, as on the page: the lines as the file lists them
        cells[(row["stakeholder"], row["line"], row["kind"], row["funded_by"] or "")][row["calendar_year"]] += row["amount"]
    book = Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)
    book.properties.creator = "Ambacht"
    ws = book.active
    assert ws is not None
    ws.title = _("Budget")[:31]
    ws.append([_("stakeholder"), _("line"), _("kind"), _("paid from"), *[str(y) for y in years], _("total")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    order = {p: i for i, p in enumerate(result.stakeholders)}
    for (party, line, kind, cover), values in sorted(cells.items(), key=lambda kv: order[kv[0][0]]):
        amounts = [round(values.get(y, 0.0), 2) for y in years]
        ws.append([stakeholder_name(result, party, lang), line_label(line, lang, result.owners), kind_label(kind, lang),
                   cover_label(result, cover or None, lang), *amounts, round(sum(amounts), 2)])
        for cell in ws[ws.max_row][4:]:
            cell.number_format = "#,##0.00"
    for column, width in zip("ABCD", (28, 40, 14, 30), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
