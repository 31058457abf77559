"""Every command speaks Dutch with ``--lang nl``: its output, its errors and its ``--help``.

Each command runs once on a small centre and its whole output is searched for common English
words. What is not prose is left out first: the user's own names, command lines to retype
(``ambacht sweep ...``), options (``--out``), paths and keys (``workforce.deelnemers.people``),
file names and placeholders of the program's own formats.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import main
from tests.analysis.helpers import SHORT, write_scenario

ROOT = Path(__file__).resolve().parents[2]

ENGLISH = re.compile(
    r"\b(the|and|with|not|from|for|this|that|which|every|each|when|without|than|only|also|none|found|must|"
    r"should|would|could|there|their|these|those|into|after|before|between|replications?|runs?|seed|sweeps?|"
    r"results?|reports?|folder|metrics?|errors?|missing|usage|options?|show|write|help|default|mean|share|people|"
    r"supervisors?|steps?|streams?|lead|time|file|files|days|weeks|hours|years?|invalid|value|exit|print)\b",
    re.IGNORECASE)
"""Common English words that no Dutch sentence of Ambacht needs (Dutch shares 'is', 'in', 'per', 'of' ...)."""

NOT_PROSE = [
    r"ambacht(?: [\w-]+)+",           # command lines to retype
    r"(?m)^  [a-z]+(?=  )",            # command names in the list of commands
    r"--?[\w-]+(?:=\S+)?",             # options
    r"\{[^}]*\}",                      # the scenario language's inline values ({range: [...]})
    r"\.\.[\d.]+\s+step\s+[\d.]+",        # its ranges ('0.5..1 step 0.1')
    r"'[^'\s]*'",                      # quoted ids, paths and values the user wrote
    r"[\w<>/-]*[._/:][\w<>./:-]*",     # paths, keys, files, addresses, numbers with decimals
    r"\[[^\]]*<=[^\]]*\]",             # click's ranges [1<=x<=100]
    r"\b[A-Z][A-Z_ ]*[A-Z]\b",         # metavars (INTEGER RANGE, TEXT) and names in capitals
]
OWN_WORDS = ("test centre", "Hotel", "Meubels", "Furniture", "deelnemers", "begeleiders", "reparateurs", "hotel",
             "meubel", "sorteren", "schoonmaken", "repareren", "bijstand", "vakkrachten", "werkbegeleiding",
             "Gemeente-businesscase", "JSON", "MSER-5", "Latin")


def prose(output: str) -> str:
    """The output without what is not a sentence for the reader (see :data:`NOT_PROSE`)."""
    for word in OWN_WORDS:
        output = output.replace(word, " ")
    for pattern in NOT_PROSE:
        output = re.sub(pattern, " ", output)
    return output


def english(output: str) -> set[str]:
    return {m.group(0).lower() for m in ENGLISH.finditer(prose(output))}


def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner(env={"LANG": "C", "LC_ALL": None, "LC_MESSAGES": None, "AMBACHT_LANG": None, **(env or {})}
                     ).invoke(main, list(args), prog_name="ambacht")


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nl")
    write_scenario(folder / "centrum.yaml", **SHORT)
    write_scenario(folder / "onzeker.yaml", **SHORT,
                   **{"materials.meubels.arrivals.rate": {"range": ["40 per week", "90 per week"]}})
    text = (ROOT / "scenarios" / "gemeente-businesscase.yaml").read_text(encoding="utf-8")
    (folder / "zaak.yaml").write_text(text.replace("  years: 5\n", "  years: 2\n"), encoding="utf-8")
    return folder


COMMANDS = {
    "validate": ["validate", "{f}"],
    "run": ["run", "{f}", "-n", "2", "--out", "{d}/run", "-q"],
    "warmup": ["warmup", "{f}", "-n", "2"],
    "compare": ["compare", "{f}", "--vary", "workforce.deelnemers.people=5,6", "-n", "2", "-q"],
    "sweep": ["sweep", "{f}", "--vary", "workforce.deelnemers.people=5,6", "-n", "2", "--out", "{d}/sweep", "-q"],
    "target": ["target", "{f}", "--vary", "workforce.deelnemers.people=5,6", "--require",
               "contracts.hotel.on_time_share >= 0.5", "--initial", "2", "--max-replications", "2", "-q"],
    "levers": ["levers", "{f}", "-n", "2", "-q"],
    "report": ["report", "{d}/run"],
    "draw": ["draw", "{f}", "--out", "{d}/keten.png"],
    "uncertainty": ["uncertainty", "{d}/onzeker.yaml", "--samples", "8", "-n", "2", "-q"],
    "centres": ["centres", "{f}", "{d}/onzeker.yaml", "-n", "2", "-q"],
    "businesscase": ["businesscase", "{d}/zaak.yaml", "-n", "2", "-q"],
    "init": ["init", "{d}/nieuw.yaml", "--inhabitants", "60000"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_answers_in_dutch(place: Path, command: str) -> None:
    args = [a.format(f=place / "centrum.yaml", d=place) for a in COMMANDS[command]]
    result = invoke(*args, "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert not english(result.output), f"{command}: {sorted(english(result.output))}\n{result.output}"


@pytest.mark.parametrize("command", ["", *COMMANDS, "schema", "reference"])
def test_every_help_is_dutch_with_ambacht_lang_nl(command: str) -> None:
    result = invoke(*([command] if command else []), "--help", env={"AMBACHT_LANG": "nl"})
    assert result.exit_code == 0 and "Gebruik:" in result.output, result.output
    assert not english(result.output), f"{command}: {sorted(english(result.output))}\n{result.output}"
    placeholders = re.findall(r"\b(INTEGER|FLOAT|RANGE|TEXT|DIRECTORY|FILES?|FOLDER|PATH|VALUES?|ADDRESS|METRIC|"
                              r"OPTIONS|COMMAND|ARGS)\b", result.output)
    assert not placeholders, f"{command}: {placeholders}"


def test_help_follows_lang_then_ambacht_lang_then_the_locale() -> None:
    assert "Gebruik: ambacht run [OPTIES] BESTAND" in invoke("run", "--lang", "nl", "--help").output
    assert "Gebruik:" in invoke("run", "--help", env={"LANG": "nl_NL.UTF-8"}).output
    assert "Usage: ambacht run [OPTIONS] FILE" in invoke("run", "--help").output  # LANG=C: English
    assert "Usage:" in invoke("run", "--lang", "en", "--help", env={"AMBACHT_LANG": "nl"}).output
    assert "Usage:" in invoke("run", "--help", env={"AMBACHT_LANG": "en", "LANG": "nl_NL.UTF-8"}).output
    # Help of one language does not stay behind for the next command in the same process.
    assert "Show this message and exit." in invoke("--help").output


@pytest.mark.parametrize(("args", "expected"), [
    (["run", "x.yaml", "--format", "xx"], "Fout: Ongeldige waarde voor '--format': 'xx' is niet een van 'table', 'json'."),
    (["run", "--nieuw"], "Fout: Onbekende optie '--nieuw'."),
    (["compare"], "Fout: Ontbrekend argument 'BESTANDEN...'."),
])
def test_clicks_own_errors_are_dutch(args: list[str], expected: str) -> None:
    result = invoke(*args, "--lang", "nl")
    assert result.exit_code == 2 and expected in result.output, result.output


def test_a_mistyped_vary_path_says_what_is_wrong_and_what_was_meant(place: Path) -> None:
    result = invoke("compare", str(place / "centrum.yaml"), "--vary", "workforce.deelnemrs.people=6,8", "-n", "2",
                    "--lang", "nl")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("--vary: workforce.deelnemrs.people: 'workforce.deelnemrs.people' is geen pad in dit scenario: "
            "'workforce.deelnemrs' bestaat niet (bedoelt u 'workforce.deelnemers.people'?)") in result.output
    english_result = invoke("compare", str(place / "centrum.yaml"), "--vary", "workforce.deelnemers.peple=6,8",
                            "--lang", "en")
    assert "'workforce.deelnemers.peple' does not exist (did you mean 'workforce.deelnemers.people'?)" \
        in english_result.output


def test_the_levers_help_says_how_many_replications_a_lever_starts_with() -> None:
    from analysis.experiments.levers import START

    assert f"every lever starts with {START}." in " ".join(invoke("levers", "--help").output.split())
