"""`ambacht init` as a user types it: sized from a few facts, or asked, or the starter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.sizing.presets import catalogue
from cli.main import main
from sim.loader import load_scenario
from tests.cli.test_dutch_everywhere import english

ROOT = Path(__file__).resolve().parents[2]
FACTS = ["--inhabitants", "60000", "--streams", "meubels,textiel,fietsen",
         "--groups", "statushouders,wmo-ggz,bijstand,bbl,vrijwilligers"]
CONTRACT = "gemeente: 20 fietsen per maand, binnen 3 weken"


def invoke(*args: str, input: str | None = None):
    return CliRunner(env={"LANG": "C", "LC_ALL": None, "LC_MESSAGES": None}).invoke(main, list(args), input=input)


def test_the_facts_of_the_issue_give_a_scenario_that_validates(tmp_path):
    target = tmp_path / "centrum.yaml"
    result = invoke("init", str(target), *FACTS, "--contract", CONTRACT, "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert "24 deelnemers" in result.output and "EERST VERVANGEN" in result.output
    assert "REPLACE FIRST" not in result.output + target.read_text(encoding="utf-8")
    s = load_scenario(target).scenario
    assert s.language == "nl" and list(s.materials) == ["meubels", "textiel", "fietsen"]
    assert list(s.workforce) == ["statushouders", "wmo-ggz", "bijstand", "bbl", "vrijwilligers"]
    contract = s.market.contracts["contract"]
    assert (contract.partner, contract.product, contract.quantity) == ("gemeente", "fietsen", 20)
    assert (tmp_path / "scenario.schema.json").exists()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert "Vervang eerst" in text and "docs/sources.md#inzameling-per-inwoner" in text


def test_groups_and_streams_default_when_only_the_town_is_given(tmp_path):
    target = tmp_path / "town.yaml"
    assert invoke("init", str(target), "--inhabitants", "30000").exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "Replace these first" in text
    assert set(load_scenario(target).scenario.materials) == {"meubels", "textiel", "fietsen"}


def test_an_existing_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("name: my own work\n", encoding="utf-8")
    result = invoke("init", str(target), *FACTS)
    assert result.exit_code == 1 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "name: my own work\n"
    assert invoke("init", str(target), *FACTS, "--force").exit_code == 0
    load_scenario(target)


@pytest.mark.parametrize("args, english, dutch", [
    (["--contract", "gemeente 20 fietsen"], "could not read it", "niet te lezen"),
    (["--contract", "gemeente: 20 stoelen per maand, binnen 3 weken"], "no chosen stream makes 'stoelen'",
     "geen gekozen stroom maakt 'stoelen'"),
    (["--groups", "bijstand,granieten-bestand"], "unknown: granieten-bestand", "onbekend: granieten-bestand"),
    (["--streams", ""], "give at least one", "geef er ten minste één"),
])
def test_bad_facts_are_explained_in_english_and_dutch_and_nothing_is_written(tmp_path, args, english, dutch):
    target = tmp_path / "x.yaml"
    for lang, words in (("en", english), ("nl", dutch)):
        result = invoke("init", str(target), *FACTS, *args, "--lang", lang)
        assert result.exit_code == 1 and words in result.output, result.output
        assert "Traceback" not in result.output and not target.exists()


@pytest.mark.parametrize("value", ["60k", "12", "-5", "zestigduizend"])
def test_a_bad_number_of_inhabitants_is_exit_1_in_the_users_language(tmp_path, value):
    result = invoke("init", str(tmp_path / "x.yaml"), "--inhabitants", value, "--lang", "nl")
    assert result.exit_code == 1 and "inwoners van 1000 tot 2000000" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_options_without_the_town_are_refused(tmp_path):
    result = invoke("init", str(tmp_path / "x.yaml"), "--streams", "textiel")
    assert result.exit_code == 1 and "--inhabitants" in result.output


def _comments(written: str) -> str:
    return "\n".join(line.split("#", 1)[1] for line in written.splitlines()[1:] if "#" in line)


def test_a_sized_scenario_in_dutch_has_dutch_notes_beside_every_number(tmp_path):
    # Every stream and group, and a contract: each note of the presets and each computed note is written.
    target = tmp_path / "alles.yaml"
    everything = ["--inhabitants", "60000", "--streams", ",".join(catalogue().streams),
                  "--groups", ",".join(catalogue().groups), "--contract", CONTRACT]
    result = invoke("init", str(target), *everything, "--lang", "nl")
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    comments = _comments(written)
    assert not english(comments), sorted(english(comments))
    assert "estimate (~7,7 kg per zak)" in comments and "# --- Kalender ---" in written
    assert "60.000 x 7,5 kg x 30 % = 135 t per jaar" in comments and "docs/sources.md#bijstand" in comments
    assert load_scenario(target).scenario.language == "nl"


def test_a_sized_scenario_in_english_keeps_its_english_notes(tmp_path):
    target = tmp_path / "centre.yaml"
    result = invoke("init", str(target), "--inhabitants", "60000", "--streams", "meubels,textiel",
                    "--groups", "bijstand", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    for line in ["# --- Calendar (kalender) ---------------------------------------------------------------",
                 "    # estimate (~7.7 kg a bag)",
                 "    storage: 5.2 t                  # estimate (about 2 weeks of inflow)",
                 "      # derived (REPLACE FIRST (1); 60,000 x 7.5 kg x 30 % = 135 t a year, / 26.7 kg / 50.5 open",
                 "    productivity: 0.65              # source: docs/sources.md#bijstand (50-80 %)"]:
        assert line in lines
    assert "schatting" not in "\n".join(lines)
    load_scenario(target)


# --- asked interactively --------------------------------------------------------------------


def test_pressing_enter_writes_the_commented_starter(tmp_path):
    target = tmp_path / "start.yaml"
    result = invoke("init", str(target), input="\n")
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (ROOT / "cli" / "starter.yaml").read_text(encoding="utf-8")


def test_the_starter_is_written_in_the_users_language(tmp_path):
    target = tmp_path / "start.yaml"
    result = invoke("init", str(target), "--lang", "nl", input="\n")
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    assert written == (ROOT / "cli" / "starter-nl.yaml").read_text(encoding="utf-8")
    comments = " ".join(line.split("#", 1)[1] for line in written.splitlines() if "#" in line)
    assert "schatting" in comments and not re.search(r"\b(the|and|with|estimate)\b", comments.replace('"estimate"', ""))


def test_the_dutch_starter_is_the_english_one_in_other_words():
    # The same scenario once read ('10 werkdagen' is '10 working days'): only the words differ.
    english, dutch = (load_scenario(ROOT / "cli" / name).scenario.model_dump() for name in ("starter.yaml", "starter-nl.yaml"))
    assert dutch["language"] == "nl" and english["language"] == "en"
    same = {k: v for k, v in english.items() if k not in ("name", "question", "language")}
    assert {k: v for k, v in dutch.items() if k not in ("name", "question", "language")} == same


def test_the_questions_are_asked_with_defaults(tmp_path):
    target = tmp_path / "asked.yaml"
    result = invoke("init", str(target), input="60000\n\n\n" + CONTRACT + "\n")
    assert result.exit_code == 0, result.output
    assert "Streams (meubels, textiel" in result.output and "[meubels,textiel,fietsen]" in result.output
    s = load_scenario(target).scenario
    assert list(s.workforce) == ["statushouders", "wmo-ggz", "bijstand", "bbl", "vrijwilligers"]
    assert s.market.contracts["contract"].product == "fietsen"
    # the same facts as options give the same file
    options = tmp_path / "options.yaml"
    invoke("init", str(options), "--inhabitants", "60000", "--contract", CONTRACT)
    assert target.read_text(encoding="utf-8").replace("asked.yaml", "F") == \
        options.read_text(encoding="utf-8").replace("options.yaml", "F")


def test_wrong_answers_are_asked_again_in_dutch(tmp_path):
    target = tmp_path / "opnieuw.yaml"
    answers = ["zestig", "60.000", "meubels,stoelen", "meubels,textiel", "", "gemeente twintig fietsen", ""]
    result = invoke("init", str(target), "--lang", "nl", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Aantal inwoners" in result.output and "Doelgroepen" in result.output
    assert "geef een heel aantal inwoners" in result.output and "onbekend: stoelen" in result.output
    assert "niet te lezen" in result.output
    s = load_scenario(target).scenario
    assert list(s.materials) == ["meubels", "textiel"] and not s.market.contracts
