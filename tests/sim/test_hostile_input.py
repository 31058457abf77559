"""Odd and hostile input is refused at load time, at its line, before a run can fail on it.

One test per class of defect that a fuzz campaign once found (extreme numbers passing the checks
and breaking the run, sweep values checked only at run time, weights that overflow, tags and
aliases that made the parser run away or print its internals); tests/test_fuzz.py mutates the
example files at random on top of these.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.loader import ScenarioError, load_text

SMALL = (Path(__file__).resolve().parents[1] / "data" / "small-centre.yaml").read_text(encoding="utf-8")


def refused(text: str) -> list[tuple[int, str, str, str]]:
    """(line, path, English, Dutch) of every problem of a scenario text that must be refused."""
    with pytest.raises(ScenarioError) as error:
        load_text(text, "centre.yaml")
    problems = error.value.problems
    out = []
    for p in problems:
        english, dutch = p.render("en"), p.render("nl")
        assert re.match(r"^centre\.yaml:\d+:\d+: ", english), english
        out.append((p.line, p.path, english, dutch))
    return out


def edited(old: str, new: str, text: str = SMALL) -> str:
    assert old in text
    return text.replace(old, new)


WORK = "textile: {distribution: triangular, min: 6 min, mode: 10 min, max: 16 min}"

# (what, old text, new text, line, path, words in English, words in Dutch)
EXTREMES = [
    ("1e308 in a triangular", WORK, "textile: {distribution: triangular, min: 6 min, mode: 10 min, max: 1e308 min}",
     26, "steps.sorting.work_content.textile.max", "may be at most 100 years in size", "mag hoogstens 100 years"),
    ("a product that overflows", "horizon: 8 weeks", "horizon: 1e308 years",
     52, "experiment.horizon", "may be at most 100 years in size, got '1e308 years'", "mag hoogstens"),
    ("inf h", "horizon: 8 weeks", "horizon: inf h", 52, "experiment.horizon", "expected a duration", "verwacht een duur"),
    ("inf EUR per kg", "price: 4 EUR}", "price: 4 EUR}\neconomics: {disposal_cost: inf EUR per kg}",
     39, "economics.disposal_cost", "expected an amount per kg", "verwacht een bedrag per kg"),
    ("a huge price", "price: 4 EUR}", "price: 1e300 EUR}", 38, "products.clothing.price",
     "may be at most 1000000000 EUR in size", "mag hoogstens 1000000000 EUR"),
    ("a rate beyond the ceiling", "rate: 40 per week", "rate: 1e308 per week", 14, "materials.textile.arrivals.rate",
     "may be at most 10000 per hour in size", "mag hoogstens 10000 per hour"),
    ("a date far in the future", "start_date: 2026-01-05", "start_date: 9999-12-31", 5, "calendar.start_date",
     "must be at most 2200-12-31", "mag hoogstens 2200-12-31"),
    ("a date before 1900", "start_date: 2026-01-05", "start_date: 1899-12-31", 5, "calendar.start_date",
     "must be at least 1900-01-01", "moet minstens 1900-01-01"),
    ("an endless batch", "during: dropoff}", "during: dropoff, batch_size: 1e308}", 14,
     "materials.textile.arrivals.batch_size", "must be at most 1000000", "mag hoogstens 1000000"),
    ("a huge weekday weight", "during: dropoff}", "during: dropoff, weekday_weights: {monday: 1e308}}", 14,
     "materials.textile.arrivals.weekday_weights.monday", "must be at most 1000000", "mag hoogstens 1000000"),
    ("an order every instant", "interval: 4 weeks", "interval: 1e-300 h", 49, "market.contracts.atelier.interval",
     "arrivals over the horizon", "aankomsten over de horizon"),
    ("a lognormal without finite moments", "vacancy_refill: {distribution: uniform, min: 2 weeks, max: 8 weeks}",
     "vacancy_refill: {distribution: lognormal, mean: 1e-300 h, sd: 100 years}", 34,
     "workforce.participants.vacancy_refill", "cannot be drawn from with these parameters", "niet te trekken"),
]


@pytest.mark.parametrize(("what", "old", "new", "line", "path", "english", "dutch"), EXTREMES,
                         ids=[e[0] for e in EXTREMES])
def test_extreme_numbers_are_refused_at_load_time_at_their_line(what, old, new, line, path, english, dutch):
    problems = refused(edited(old, new))
    assert (line, path) in [(p[0], p[1]) for p in problems], problems
    found = next(p for p in problems if (p[0], p[1]) == (line, path))
    assert english in found[2] and dutch in found[3]


def test_a_sweep_value_is_checked_at_load_time_at_its_own_line():
    text = edited("workforce.participants.people: [2, 4]",
                  "workforce.participants.people: [2, 4]\n        economics.disposal_cost: [0.1 EUR per kg, 1e308 EUR per kg]")
    [(line, path, english, dutch)] = refused(text)
    assert line == 60 and path == "experiment.sweeps.staffing.vary.economics.disposal_cost.1"
    assert "the sweep value 1e308 EUR per kg for 'economics.disposal_cost' makes a scenario that cannot run: " \
           "economics.disposal_cost: may be at most 1000000 EUR per kg in size" in english
    assert "de waarde 1e308 EUR per kg van de parameterstudie" in dutch


def test_a_sweep_range_is_checked_at_load_time():
    [(line, _, english, _)] = refused(edited("people: [2, 4]", "people: 2..20000"))
    assert line == 59 and "a range such as" in english and "at most 10000 values" in english


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!foo 4",
                                    "!!set {a, b}", "!!float 4"])
def test_tags_are_refused_at_their_place(tagged):
    [(line, _, english, dutch)] = refused(edited("people: 4", f"people: {tagged}"))
    assert line == 32 and "a YAML tag" in english and "een YAML-tag" in dutch


def test_anchors_with_tags_and_merge_keys_stay_small_and_are_refused_cleanly():
    bomb = ["m0: &m0 {a: 1, b: 2}"] + [f"m{k}: &m{k} {{<<: [*m{k - 1}, *m{k - 1}], k{k}: {k}}}" for k in range(1, 40)]
    problems = refused("\n".join(bomb) + "\n" + SMALL)
    assert all("m0" not in p[2] or len(p[2]) < 500 for p in problems)
    laughs = ["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"x{k}: &x{k} [" + ", ".join([f"*x{k - 1}"] * 10) + "]" for k in range(1, 9)]
    [(_, _, english, _)] = refused("\n".join(laughs) + "\n" + SMALL)
    assert "more than 50000 values (counting what anchors and aliases repeat)" in english
    [(_, _, english, _)] = refused("t: &t !foo {a: [1, 2, 3], b: *t}\n" + SMALL)
    assert "a YAML tag" in english


def test_messages_quote_short_and_never_print_the_parsers_objects():
    # A long value where a number is expected: the message quotes its start, never all of it.
    long_list = "[" + ", ".join(["{a: [1, 2, {b: c}]}"] * 300) + "]"
    [(_, _, english, dutch)] = refused(edited("people: 4", f"people: {long_list}"))
    for text in (english, dutch):
        assert len(text) < 600 and "Commented" not in text and "ruamel" not in text
