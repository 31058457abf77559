"""docs/metrics.md is generated from the registry and kept in sync."""

from __future__ import annotations

from analysis.reporting import metric_docs
from sim import registry


def test_committed_metrics_page_is_generated_from_the_registry():
    assert metric_docs.DOCS.read_text(encoding="utf-8") == metric_docs.markdown(), (
        "docs/metrics.md is out of date: run python -m analysis.reporting.metric_docs")


def test_every_registered_metric_is_on_the_page():
    text = metric_docs.markdown()
    for metric in registry.ENTRIES + registry.LEVER_ENTRIES:
        field = metric.pattern.split(".", 1)[1].replace(registry.ID + ".", "")
        assert f"`{field}`" in text and metric.description in text


def test_check_mode_fails_on_a_stale_page(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "metrics.md"
    stale.write_text("# Metrics\n", encoding="utf-8")
    monkeypatch.setattr(metric_docs, "DOCS", stale)
    assert metric_docs.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert metric_docs.main([]) == 0
    assert metric_docs.main(["--check"]) == 0


def test_a_levers_cost_says_it_holds_the_employers_cost_and_a_share_of_a_supervisor():
    from sim import text

    cost = registry.lookup("levers.<id>.cost_per_year").description
    assert "employer's full cost" in cost and "share of a qualified supervisor" in cost
    assert cost in metric_docs.DOCS.read_text(encoding="utf-8")
    dutch = text.translation("nl").gettext(cost)
    assert "werkgeverslasten" in dutch and "begeleider" in dutch
