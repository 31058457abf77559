"""Chart labels a reader can use: names whole (wrapped, never cut), whole numbers on count axes,
lead times in the unit the promise was written in, supervisor teams by their names."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.text import Text

from analysis.experiments.diagnosis import labels_of
from analysis.reporting.charts import draw_all, load_context, style
from analysis.reporting.tables import summary_rows
from sim.loader import load_scenario
from tests.analysis.folders import CENTRE, run_folder

LONG_NAME = "Statushouders textiel uit de Participatiewet (eerste jaar)"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = CENTRE.read_text(encoding="utf-8")
    text = text.replace("name: {nl: Statushouders textiel, en: Status holders textile}", f"name: {{nl: {LONG_NAME}}}")
    text = text.replace("promised_lead_time: 5 days", "promised_lead_time: 1 week")
    text = text.replace("horizon: 20 weeks", "horizon: 12 weeks")
    scenario = tmp_path_factory.mktemp("labels") / "centre.yaml"
    scenario.write_text(text, encoding="utf-8")
    return run_folder(scenario.parent / "out", scenario, replications=2)


@pytest.fixture(scope="module")
def charts(folder: Path) -> dict[str, style.Chart]:
    return {c.id: c for c in draw_all(load_context(folder, "nl"))}


def test_a_long_name_on_an_axis_wraps_and_is_never_cut(charts: dict[str, style.Chart]) -> None:
    ax = charts["utilisation"].figure.axes[1]  # participants and staff
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert LONG_NAME in [" ".join(label.split()) for label in labels]
    assert not any("…" in label for label in labels)
    assert all(len(line) <= 28 for label in labels for line in label.split("\n"))


def test_wrap_keeps_every_word() -> None:
    assert style.wrap("Bijstand (Participatiewet)", 12) == "Bijstand\n(Participatiewet)"
    assert style.wrap("kort", 12) == "kort"


def test_counted_things_get_whole_numbers_on_their_axis(charts: dict[str, style.Chart]) -> None:
    figure = charts["timeseries"].figure
    counted = [ax for ax in figure.axes if ax.get_title(loc="left") in ("Werk dat wacht per stap (partijen)", "Openstaande contractorders")]
    assert counted
    for ax in counted:
        ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks)


def test_lead_times_are_shown_in_the_unit_of_the_promise(charts: dict[str, style.Chart]) -> None:
    chart = charts["lead-times-textielpartner"]
    assert chart.figure.axes[-1].get_xlabel() == "levertijd (weken)"
    assert {"van (weken)", "tot (weken)"} <= set(chart.data.columns)
    promise = [t.get_text() for t in chart.figure.findobj(Text) if "beloofde levertijd" in t.get_text()]
    assert promise == ["beloofde levertijd: 1 week"]
    # The dashed line of the promise sits at 1 on an axis in weeks.
    lines = [line for line in chart.figure.axes[0].get_lines() if line.get_linestyle() == "--"]
    assert [line.get_xdata()[0] for line in lines] == [1.0]


def test_supervisor_teams_are_named_in_tables(folder: Path) -> None:
    loaded = load_scenario(folder / "scenario.yaml")
    import pandas as pd

    summary = pd.read_csv(folder / "summary.csv").set_index("metric")
    rows = [row[0] for row in summary_rows(summary, "nl", labels_of(loaded.scenario, "nl"))]
    teams = [r for r in rows if r.startswith("begeleiders ")]
    assert teams == ["begeleiders Werkbegeleiders: bezetting"]


def test_a_business_case_range_is_named_by_the_files_names_in_the_language() -> None:
    from analysis.reporting.charts.context import Names

    scenario = load_scenario(Path(__file__).resolve().parents[3] / "scenarios" / "gemeente-businesscase.yaml").scenario
    path = "business_case.staff.winkel.hours_per_week"
    assert Names("nl", scenario).path(path) == "Winkelmedewerker: uren per week"
    assert Names("en", scenario).path(path) == "Shop assistant: hours per week"
    # From a business case's results (no scenario): the names the results keep.
    assert Names("nl", owners={"staff.winkel": {"nl": "Winkelmedewerker"}}).path(path) == "Winkelmedewerker: uren per week"
    assert Names("nl", scenario).path("business_case.bookings.target_groups.lks.benefit_saved") == (
        "Werknemers met loonkostensubsidie: bespaarde uitkering per uur")
