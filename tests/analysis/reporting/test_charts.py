"""Charts for a council proposal: drawn when their data is there, in the reader's language,
with the user's own names, a colour-blind-safe palette and the provenance on every chart."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis.reporting.charts import draw_all, load_context, style
from analysis.reporting.charts.chain import draw_chain, write_chain
from analysis.reporting.charts.output import save
from sim import text
from sim.loader import load_scenario
from tests.analysis.folders import CENTRE, MMC, run_folder, sweep_folder


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_folder(tmp_path_factory.mktemp("charts") / "centre", CENTRE, replications=3)


@pytest.fixture(scope="module")
def mmc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_folder(tmp_path_factory.mktemp("charts") / "mmc", MMC, replications=2, lang="en")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sweep_folder(tmp_path_factory.mktemp("charts") / "sweep", CENTRE, replications=2)


@pytest.fixture(scope="module")
def centre_nl(centre: Path) -> dict[str, style.Chart]:
    return {c.id: c for c in draw_all(load_context(centre, "nl"))}


@pytest.fixture(scope="module")
def centre_en(centre: Path) -> dict[str, style.Chart]:
    return {c.id: c for c in draw_all(load_context(centre, "en"))}


def texts(chart: style.Chart) -> str:
    return "\n".join(t.get_text() for t in chart.figure.findobj(Text))


def test_a_run_gets_every_chart_its_data_allows(centre_nl: dict[str, style.Chart]) -> None:
    ids = list(centre_nl)
    assert ids == ["triad", "utilisation", "timeseries", "lead-times-textielpartner", "social", "material-flow", "money"]


def test_charts_without_data_are_skipped_not_drawn_empty(mmc: Path) -> None:
    # A textbook queue: no products, contracts, money or target-group supervision.
    ids = {c.id for c in draw_all(load_context(mmc, "en"))}
    assert "utilisation" in ids and "timeseries" in ids
    assert not ids & {"triad", "money", "material-flow", "social"}
    assert not any(i.startswith(("staffing", "lead-times")) for i in ids)


def test_the_staffing_chart_shows_on_time_share_against_the_varied_staffing_with_the_promise(sweep: Path) -> None:
    charts = {c.id: c for c in draw_all(load_context(sweep, "nl"))}
    chart = charts["staffing-textielpartner"]
    ax = chart.figure.axes[0]
    promise = [line for line in ax.lines if list(line.get_ydata()) == [0.9, 0.9]]
    assert promise, "a dashed line at the contract's target on-time share (90%)"
    column = "Statushouders textiel: aantal mensen"
    assert list(chart.data[column]) == [2, 4, 6, 8]
    shares = chart.data["aandeel op tijd"]
    assert ((shares >= 0) & (shares <= 1)).all()
    assert (chart.data["95%-interval laag"] <= shares + 1e-9).all()
    assert ax.get_xlabel() == column
    assert len(ax.collections) >= 1, "the confidence band"


def test_the_staffing_chart_is_the_headline_of_a_sweep_report(sweep: Path) -> None:
    assert draw_all(load_context(sweep, "en"))[0].id == "staffing-textielpartner"


def test_labels_are_in_dutch_with_the_users_own_names_and_dutch_numbers(centre_nl: dict[str, style.Chart]) -> None:
    charts = centre_nl
    util = texts(charts["utilisation"])
    assert "Sorteren" in util and "Statushouders textiel" in util and "Werkbegeleiders" in util
    assert "bezetting" in util and "%" in util
    flow = texts(charts["material-flow"])
    assert "Textiel" in flow and "hergebruikt" in flow
    assert re.search(r"\d{1,3}\.\d{3} kg", flow), "thousands with a point in Dutch"
    assert "€\xa0" in texts(charts["money"]), "euros as Babel writes them in Dutch: € 12.346"
    assert "Atelier Tweede Leven" in charts["lead-times-textielpartner"].title


def test_labels_are_in_english_when_asked(centre_en: dict[str, style.Chart]) -> None:
    charts = centre_en
    util = texts(charts["utilisation"])
    assert "Sorting" in util and "Status holders textile" in util and "utilisation" in util
    assert "bezetting" not in util
    assert re.search(r"\d{1,3},\d{3} kg", texts(charts["material-flow"])), "thousands with a comma in English"


def test_the_language_defaults_to_the_results_folder_setting(centre: Path, mmc: Path) -> None:
    assert load_context(centre).lang == "nl"
    assert load_context(mmc).lang == "en"


def test_every_chart_carries_the_provenance(centre: Path, centre_nl: dict[str, style.Chart]) -> None:
    ctx = load_context(centre, "nl")
    for chart in centre_nl.values():
        text = texts(chart)
        assert ctx.settings["scenario_hash"] in text, chart.id
        assert "startgetal 11" in text and "3 replicaties" in text and "Ambacht 0.1.0" in text, chart.id


def test_every_chart_has_alt_text_caption_and_its_numbers(centre_en: dict[str, style.Chart]) -> None:
    for chart in centre_en.values():
        assert len(chart.alt) > 40 and chart.caption and not chart.data.empty, chart.id


def test_bars_use_the_colour_blind_safe_palette(centre_en: dict[str, style.Chart]) -> None:
    allowed = {c.lower() for c in style.PALETTE + [style.GREY, style.LIGHT, "#ffffff", "#fff3c4", "#d6eaf8"]}
    for chart in centre_en.values():
        for patch in chart.figure.findobj(Rectangle):
            if patch.get_width() > 0 and patch.get_height() > 0 and patch is not chart.figure.patch:
                colour = to_hex(patch.get_facecolor(), keep_alpha=False)
                if not patch.axes or patch is patch.axes.patch or patch.get_alpha() == 0:
                    continue
                assert colour in allowed, f"{chart.id}: {colour}"


def test_series_are_told_apart_without_colour(centre_en: dict[str, style.Chart]) -> None:
    charts = centre_en
    markers = {line.get_marker() for ax in charts["timeseries"].figure.axes for line in ax.lines}
    assert len(markers - {"None", "", None}) >= 2
    hatches = {p.get_hatch() for p in charts["lead-times-textielpartner"].figure.findobj(Rectangle)}
    assert "///" in hatches, "late orders are hatched, not only red"


def test_charts_are_saved_as_png_and_svg(centre_en: dict[str, style.Chart], tmp_path: Path) -> None:
    charts = list(centre_en.values())
    for chart in charts:
        paths = save(chart, tmp_path, "en")
        assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert ET.parse(paths["svg"]).getroot().tag.endswith("svg")
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*"))


def test_the_chain_is_drawn_from_the_scenario_alone(tmp_path: Path) -> None:
    loaded = load_scenario(CENTRE)
    text = texts(draw_chain(loaded, "nl"))
    for name in ("Textiel", "Kleine apparaten", "Sorteren", "Repareren", "Kleding (kg)", "recycling", "afval",
                 "winkel", "webshop", "Atelier Tweede Leven", "Statushouders textiel", "Werkbegeleiders"):
        assert name in text, name
    assert "mislukt 47%" in text, "the repair that fails is shown with its route"
    png = write_chain(loaded, tmp_path / "keten.png", "nl")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_the_charts_show_the_numbers_of_the_summary_without_scaling_of_their_own(
        centre: Path, centre_en: dict[str, style.Chart]) -> None:
    # One time base: kg, hours and money are per year in the summary, and the charts show them as they are.
    from analysis.reporting.charts import material_flow, money

    ctx = load_context(centre, "en")
    key = ctx.keys[0]
    streams, outcomes = material_flow.flows(ctx, key)
    assert sum(kg for _, kg, _ in streams) == pytest.approx(ctx.mean(key, "impact.kg_in"))
    assert outcomes[0][1] == pytest.approx(ctx.mean(key, "impact.kg_reused"))
    assert f"{text.number(ctx.mean(key, 'impact.kg_reused'), 'en')} kg" in texts(centre_en["material-flow"])
    net = [amount for kind, name, amount in money.items(ctx, key) if name == "net_result"]
    assert net == [pytest.approx(ctx.mean(key, "economics.net_result"))]
    social = centre_en["social"].data.set_index("target group")
    hours = social[social.columns[0]]
    supervised = [g for g, group in ctx.scenario.target_groups.items() if group.supervision_ratio]
    assert sum(hours[ctx.names.group(g)] for g in supervised) == pytest.approx(ctx.mean(key, "impact.participant_hours"))


LABELS = {
    "en": {"economics.net_result": ("economics: net result (EUR per year)", "EUR per year"),
           "impact.kg_reused": ("impact: material reused (kg per year)", "kg per year"),
           "steps.sorteren.utilisation": ("step Sorting: utilisation", "")},
    "nl": {"economics.net_result": ("economie: nettoresultaat (euro per jaar)", "euro per jaar"),
           "impact.kg_reused": ("impact: materiaal hergebruikt (kg per jaar)", "kg per jaar"),
           "steps.sorteren.utilisation": ("stap Sorteren: bezetting", "")},
}
"""Label and unit of a few metrics as a reader sees them (the registry's label, unit and time base)."""


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_tables_charts_and_json_agree_on_a_metrics_label_and_unit(centre: Path, lang: str) -> None:
    import json

    from analysis.reporting.metric_text import owner_names
    from analysis.reporting.report import key_figures
    from analysis.reporting.tables import summary_rows

    ctx = load_context(centre, lang)
    key = ctx.keys[0]
    charts = {c.id: c for c in draw_all(ctx)}
    report_rows = {row[0]: row for row in key_figures(ctx, key).rows}
    summary = ctx.summary.loc[key]
    cli_rows = {row[0]: row for row in summary_rows(summary, lang, owner_names(ctx.scenario, lang))}
    for label, unit in LABELS[lang].values():
        assert label in report_rows and label in cli_rows, (label, sorted(report_rows))
        assert label.endswith(f"({unit})") if unit else "(" not in label
    net_label, euros = LABELS[lang]["economics.net_result"]
    kg_label, kg = LABELS[lang]["impact.kg_reused"]
    util_label = LABELS[lang]["steps.sorteren.utilisation"][0]
    # The charts name the same metric with the same words and unit.
    assert charts["money"].figure.axes[0].get_xlabel() == euros
    assert kg in charts["material-flow"].data.columns
    assert kg_label.split(": ")[1].split(" (")[0] in list(charts["material-flow"].data.iloc[:, 1])
    assert util_label.endswith(": " + charts["utilisation"].figure.axes[-1].get_xlabel())
    # The JSON states the same time base (flows per year) and the same numbers.
    time_base = json.loads((centre / "settings.json").read_text(encoding="utf-8"))["time_base"]
    assert time_base["flows"] == "per_year"
    assert report_rows[net_label][1] == text.money(ctx.mean(key, "economics.net_result"), lang)
    assert report_rows[util_label][1] == text.percent(ctx.mean(key, "steps.sorteren.utilisation"), lang)
