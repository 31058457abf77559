"""A user who makes a mistake reads FILE:LINE:COL: path: message, says what is allowed.

Each file in tests/data/broken/ is tests/data/small-centre.yaml with one mistake (named on its
first line); the table pins the line, column, field and the words of the message in English and
Dutch. Hostile files (deep, huge, alias bombs) are refused with a message, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sim.loader import (
    MAX_BYTES,
    MAX_DEPTH,
    ScenarioError,
    load_bytes,
    load_scenario,
    load_text,
    validate,
)

# file, line, column, field path, words in English, words in Dutch
CASES = [
    ("unknown-key", 24, 5, "steps.sorting.work_place",
     "unknown key 'work_place' (did you mean 'work_places'?); allowed here: name, skill, work_places",
     "onbekende sleutel 'work_place' (bedoelt u 'work_places'?); hier toegestaan: name, skill"),
    ("missing-field", 45, 5, "market.contracts.atelier.promised_lead_time",
     "required key 'promised_lead_time' is missing: add 'promised_lead_time:' under 'atelier:' (from order",
     "verplichte sleutel 'promised_lead_time' ontbreekt: voeg 'promised_lead_time:' toe onder 'atelier:'"),
    ("wrong-type", 32, 5, "workforce.participants.people",
     "expected a whole number, got 'four'", "verwacht een heel getal, maar kreeg 'four'"),
    ("out-of-range", 43, 18, "market.shop.demand.clothing.probability",
     "must be at most 1, got '1.5'", "mag hoogstens 1 zijn, maar is '1.5'"),
    ("no-unit", 52, 3, "experiment.horizon",
     "'8' has no unit; write a duration such as '6 min'", "'8' heeft geen eenheid; schrijf een duur zoals '6 min', '2 uur'"),
    ("wrong-unit", 52, 3, "experiment.horizon",
     "'8 kg' is a mass, but here a duration is needed: a duration such as '6 min'",
     "'8 kg' is een massa, maar hier is een duur nodig"),
    ("unknown-choice", 14, 35, "materials.textile.arrivals.during",
     "got 'dropof' (did you mean 'dropoff'?); allowed: 'workshop', 'shop' or 'dropoff'",
     "kreeg 'dropof' (bedoelt u 'dropoff'?); toegestaan: 'workshop', 'shop' of 'dropoff'"),
    ("distribution-name", 13, 5, "materials.textile.weight_per_unit",
     "unknown distribution 'triangle' (did you mean 'triangular'?); allowed: 'fixed', 'exponential'",
     "onbekende verdeling 'triangle' (bedoelt u 'triangular'?)"),
    ("distribution-order", 26, 7, "steps.sorting.work_content.textile",
     "this distribution needs min <= mode <= max, got '{distribution: triangular, min: 12 min, mode: 10 min",
     "deze verdeling vraagt min <= mode <= max"),
    ("distribution-parameter", 34, 5, "workforce.participants.vacancy_refill.max",
     "required key 'max' is missing: add 'max:' under 'vacancy_refill:' (the largest value",
     "verplichte sleutel 'max' ontbreekt: voeg 'max:' toe onder 'vacancy_refill:'"),
    ("shares", 15, 5, "materials.textile.grades",
     "the grade shares must add up to 1, they add up to 1.2 (good 0.6 + bad 0.6)",
     "moeten samen 1 zijn, maar ze zijn samen 1.2"),
    ("duplicate-key", 13, 5, "materials.textile.unit",
     "the key 'unit' appears twice in the same block (first on line 12)",
     "de sleutel 'unit' komt twee keer voor in hetzelfde blok (eerst op regel 12)"),
    ("syntax", 20, 40, "", "YAML syntax error: expected ',' or ']', but got '}'", "YAML-syntaxfout"),
    ("tab", 24, 1, "", "a tab is used for indentation; YAML indents with spaces only",
     "er is een tab gebruikt om in te springen"),
    ("route-step", 20, 22, "routes.to_waste.steps.0",
     "unknown step 'sortng' (did you mean 'sorting'?); defined: sorting",
     "stap 'sortng' bestaat niet (bedoelt u 'sorting'?); gedefinieerd: sorting"),
    ("grade-route", 17, 25, "materials.textile.grades.bad.route",
     "unknown route 'to_wast' (did you mean 'to_waste'?); defined: to_stock, to_waste",
     "route 'to_wast' bestaat niet (bedoelt u 'to_waste'?)"),
    ("step-skill", 23, 5, "steps.sorting.skill",
     "no pool (or productive supervisor) has the skill 'sewing'", "geen groep (of meewerkende begeleider) heeft de vaardigheid 'sewing'"),
    ("unsupervised", 28, 14, "target_groups.bijstand.supervision_ratio",
     "target group 'bijstand' needs supervision, but no supervisor has the qualification 'bijstand' (qualifications present: statushouders)",
     "doelgroep 'bijstand' heeft begeleiding nodig, maar geen begeleider heeft de kwalificatie 'bijstand'"),
    ("contract-product", 47, 7, "market.contracts.atelier.product",
     "unknown product 'clothes' (did you mean 'clothing'?); defined: clothing",
     "product 'clothes' bestaat niet (bedoelt u 'clothing'?)"),
    ("contract-not-made", 47, 7, "market.contracts.atelier.product",
     "no route makes the product 'clothing'", "geen route maakt het product 'clothing'"),
    ("sweep-path", 59, 9, "experiment.sweeps.staffing.vary.workforce.participant.people",
     "'workforce.participant' does not exist (did you mean 'workforce.participants.people'?)",
     "'workforce.participant' bestaat niet (bedoelt u 'workforce.participants.people'?)"),
    ("empty", 1, 1, "", "the file is empty; start from 'ambacht init FILE'", "het bestand is leeg"),
    ("not-utf8", 2, 10, "", "the file is not UTF-8 text (byte 0xE9 here); save it as UTF-8", "sla het op als UTF-8"),
    ("not-a-mapping", 1, 1, "", "a scenario is a block of 'key: value' lines at the top level", "'sleutel: waarde'-regels"),
    ("alias-bomb", 6, 1, "", "the file holds more than 50000 values (counting what anchors and aliases repeat)",
     "meegeteld wat ankers en aliassen herhalen"),
]


def problems_of(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


def test_the_base_of_the_broken_files_is_valid(repo):
    assert load_scenario(repo / "tests" / "data" / "small-centre.yaml").scenario.name == "Small centre"


@pytest.mark.parametrize(("name", "line", "column", "path", "english", "dutch"), CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_at_its_line_and_field(broken, name, line, column, path, english, dutch):
    file = broken / f"{name}.yaml"
    error = problems_of(file)
    assert len(error.problems) == 1, error.render()
    problem = error.problems[0]
    assert (problem.line, problem.column, problem.path) == (line, column, path)
    prefix = f"{file}:{line}:{column}: " + (f"{path}: " if path else "")
    assert error.render("en") == prefix + problem.render("en").removeprefix(prefix)
    assert error.render("en").startswith(prefix) and english in error.render("en")
    assert error.render("nl").startswith(prefix) and dutch in error.render("nl")


def test_every_broken_file_has_a_case(broken):
    assert {p.stem for p in broken.glob("*.yaml")} - {c[0] for c in CASES} == {"field-and-reference"}


def test_field_errors_and_reference_errors_come_in_one_pass(broken):
    error = problems_of(broken / "field-and-reference.yaml")
    assert [(p.line, p.path) for p in error.problems] == [
        (20, "routes.to_waste.steps.0"),
        (32, "workforce.participants.people"),
    ]


def test_a_reference_resting_on_a_broken_field_is_not_reported(repo):
    # With the pool's skills misspelt as a key, "no pool has the skill" would only be an echo.
    text = (repo / "tests" / "data" / "small-centre.yaml").read_text()
    error = _text_error(text.replace("    skills: [sorting]", "    skils: [sorting]"))
    assert sorted(p.code for p in error.problems) == ["extra_forbidden", "missing"]
    assert "(did you mean 'skills'?)" in error.render()


def test_a_key_at_the_wrong_level_says_where_it_belongs(repo):
    text = (repo / "tests" / "data" / "small-centre.yaml").read_text()
    error = _text_error(text.replace("    people: 4\n", "    people: 4\n    supervision_ratio: 8\n"))
    assert "unknown key 'supervision_ratio' (it belongs under target_groups.<id>)" in error.render()
    assert "(hoort bij target_groups.<id>)" in error.render("nl")


def test_an_ambiguous_thousands_separator_is_refused(repo):
    text = (repo / "tests" / "data" / "small-centre.yaml").read_text()
    error = _text_error(text.replace("price: 4 EUR", "price: 4.000 EUR"))
    assert error.problems[0].path == "products.clothing.price"
    assert "'4.000 EUR' is ambiguous: write thousands without a separator" in error.render()


def test_an_impossible_date_is_located(repo):
    text = (repo / "tests" / "data" / "small-centre.yaml").read_text()
    error = _text_error(text.replace("start_date: 2026-01-05", "start_date: 2026-13-01"))
    assert error.render() == "s.yaml:5:3: calendar.start_date: expected a date such as 2026-01-05, got '2026-13-01'"


def test_warm_up_longer_than_the_horizon_points_at_the_warm_up_as_written(repo):
    text = (repo / "tests" / "data" / "small-centre.yaml").read_text()
    error = _text_error(text.replace("warm_up: 1 week", "warm_up: 9 weeks"))
    assert error.render("nl") == (
        "s.yaml:53:3: experiment.warm_up: de inloopperiode (9 weeks) moet korter zijn dan de horizon (8 weeks)"
    )


def test_a_missing_top_level_section_points_at_the_top():
    error = _text_error("name: x\n")
    assert {(p.line, p.path) for p in error.problems} >= {(1, "calendar"), (1, "experiment")}
    assert "add 'calendar:' at the top level" in error.render()
    assert "toe op het hoogste niveau" in error.render("nl")


def test_many_problems_are_cut_short_with_a_count():
    text = "name: x\n" + "".join(f"extra_{i}: 1\n" for i in range(80))
    rendered = _text_error(text).render()
    assert rendered.count("\n") == 50 and rendered.endswith("more problems (fix the first ones first)")


def _text_error(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "s.yaml")
    return caught.value


# --- hostile files, in process (the CLI tests run them as subprocesses with a timeout) ---------


def test_missing_file_and_directory(tmp_path):
    assert problems_of(tmp_path / "nope.yaml").render() == f"{tmp_path / 'nope.yaml'}: file not found"
    assert problems_of(tmp_path).render("nl") == (f"{tmp_path}: dit is een map, geen scenariobestand; geef het pad "
                                                  "van een scenariobestand (.yaml)")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_text("name: x\n" + "#" * (MAX_BYTES + 10) + "\n")
    assert "a scenario may be at most 256 KB" in problems_of(huge).render()


@pytest.mark.parametrize("text", ["[" * 10_000, "a: " + "{a: " * 10_000 + "1" + "}" * 10_000, "- " * 10_000 + "x",
                                  "".join(" " * i + "a:\n" for i in range(200))])
def test_deep_nesting_is_refused_where_it_gets_too_deep(text):
    error = _text_error(text)
    assert error.problems[0].code == "yaml_too_deep" and error.problems[0].line >= 1
    assert f"more than {MAX_DEPTH} levels" in error.render()


@pytest.mark.parametrize("text", ["sources: [" + ", ".join(["a"] * 100_000) + "]", "sources:\n" + "  - a\n" * 40_000])
def test_a_file_of_countless_tiny_values_is_refused_before_parsing(text):
    # Under the size limit, but parsing it would take seconds: the count comes first.
    error = _text_error(text)
    assert error.problems[0].code == "file_too_many_items" and "more than 5000 lines and list items" in error.render()


def test_an_integer_too_long_to_read_is_located():
    error = _text_error("name: x\nseed: " + "9" * 5000 + "\n")
    assert (error.problems[0].line, error.problems[0].column) == (2, 7)


@pytest.mark.parametrize(("raw", "words"), [
    (b"name: a\x00b\n", "NUL character"),
    ("name: x\n".encode("utf-16"), "saved as UTF-16"),
    (b"\xef\xbb\xbf", "the file is empty"),
])
def test_odd_encodings_are_named(raw, words):
    with pytest.raises(ScenarioError) as caught:
        load_bytes(raw, "s.yaml")
    assert words in caught.value.render()


def test_a_utf8_byte_order_mark_is_fine(repo):
    raw = (repo / "tests" / "data" / "small-centre.yaml").read_bytes()
    assert load_bytes(b"\xef\xbb\xbf" + raw, "s.yaml").scenario.name == "Small centre"


def test_a_merge_key_alias_bomb_is_refused():
    lines = ["a0: &a0 {x0: 1, x1: 2, x2: 3, x3: 4}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}], y{i}: 1, z: *a{i - 1}, w: *a{i - 1}}}" for i in range(1, 30)]
    assert "anchors and aliases" in _text_error("\n".join(lines)).render()


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_infinite_numbers_are_refused(value):
    error = _text_error(f"name: x\nexperiment: {{seed: {value}}}\n")
    assert error.problems[0].line == 2 and "finite number" in error.render()


# --- nothing a user types makes the loader crash ----------------------------------------------

YAML_PIECES = st.sampled_from([
    "\n", "  ", "\t", "- ", ": ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!str ", "!tag ", "'", '"',
    "#", "|", ">", "---", "...", "%YAML 1.2", "name", "calendar", "materials", "6 min", "0.5", "1e999", "-1",
    "2026-01-05", "~", "true", "no", "\\x", "é", "\u2028", "\x85", "9" * 30,
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(YAML_PIECES, max_size=60).map("".join)))
def test_random_text_gives_a_result_or_a_scenario_error(text):
    try:
        load_text(text, "s.yaml")
    except ScenarioError as error:
        assert error.problems and all(p.render("nl") for p in error.problems)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=20), st.sampled_from(["6 min", "40 per week", "2 kg", "0.5", "weekdays", "09:00-17:00"]))
KEYS = st.one_of(st.text(max_size=12), st.sampled_from(
    ["name", "calendar", "materials", "routes", "steps", "workforce", "experiment", "distribution", "min", "max",
     "share", "route", "grades", "arrivals", "rate", "to", "horizon", "sweeps", "vary", "skill", "work_content"]))
NESTED = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(KEYS, inner, max_size=4)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, NESTED, max_size=8))
def test_random_nested_data_gives_a_result_or_a_scenario_error(data):
    try:
        validate(data, "data")
    except ScenarioError as error:
        assert all(p.render("en") and p.render("nl") for p in error.problems)


def _base_data(repo: Path) -> dict:
    return YAML(typ="safe").load((repo / "tests" / "data" / "small-centre.yaml").read_text())


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_value_replaced_anywhere_gives_a_result_or_a_scenario_error(repo, data):
    scenario = _base_data(repo)
    places = [p for p in _paths(scenario) if p]
    place = data.draw(st.sampled_from(places))
    node = scenario
    for part in place[:-1]:
        node = node[part]
    node[place[-1]] = data.draw(NESTED)
    try:
        validate(scenario, "data")
    except ScenarioError as error:
        assert all(re.match(r"^data: ", p.render()) for p in error.problems)


def test_an_absurd_rate_is_refused_before_an_endless_run(tmp_path):
    from sim.loader import ScenarioError, load_scenario
    from tests.analysis.helpers import write_scenario

    path = write_scenario(tmp_path / "absurd.yaml", **{"materials.meubels.arrivals.rate": "1000000 per week"})
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    text = error.value.render("en")
    assert "materials.meubels.arrivals.rate" in text and "at most 20,000,000" in text
    assert "aankomsten" in error.value.render("nl")


@pytest.mark.parametrize(("text", "dutch", "english"), [
    ("name:x\ncalendar: {start_date: 2026-01-05}\n", "hier mag geen 'sleutel: waarde' staan", "mapping values are not allowed here"),
    ("name: x\nm: {a: 1, b: 2\n", "maar kreeg het einde van het bestand", "but got <stream end>"),
    ("name: @x\n", "het teken '@' mag een waarde niet beginnen", "found character '@' that cannot start any token"),
    ("name: 'x\ncalendar: 1\n", "het bestand houdt onverwacht op", "found unexpected end of stream"),
])
def test_yaml_syntax_errors_are_dutch_in_dutch(text: str, dutch: str, english: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "centrum.yaml")
    assert dutch in caught.value.render("nl") and english not in caught.value.render("nl")
    assert english in caught.value.render("en")


def test_an_old_yaml_version_line_is_a_clean_error() -> None:
    with pytest.raises(ScenarioError):
        load_text("%YAML 1.0\nname: x\n", "centrum.yaml")


@pytest.mark.parametrize(("text", "located", "started_en", "started_nl"), [
    # A flow mapping opened on line 2 and never closed: the error is at the end of the file,
    # the message points back at where the unfinished part starts.
    ("name: x\nm: {a: 1, b: 2\n", "centrum.yaml:3:1:", " (in the part that starts on line 2, column 4)",
     " (in het blok dat begint op regel 2, kolom 4)"),
    ("name: x\ncalendar:\n  start_date: 2026-01-05\nnotes: 'open\n\n", "centrum.yaml:6:1:",
     " (in the part that starts on line 4, column 8)", " (in het blok dat begint op regel 4, kolom 8)"),
])
def test_a_yaml_syntax_error_names_where_the_unfinished_part_starts(text: str, located: str, started_en: str,
                                                                     started_nl: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "centrum.yaml")
    english, dutch = caught.value.render("en"), caught.value.render("nl")
    assert english.startswith(located) and dutch.startswith(located)
    assert started_en in english and started_nl in dutch


def test_a_yaml_syntax_error_on_the_line_where_its_part_starts_says_no_more() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_text("name: x\nm: {a: 1, b: 2]\n", "centrum.yaml")
    english = caught.value.render("en")
    assert english.startswith("centrum.yaml:2:") and "in the part that starts" not in english
