"""`ambacht sweep` and `ambacht target` as a user types them: arguments, messages, exit codes,
and what Ctrl-C and SIGTERM leave behind."""

from __future__ import annotations

import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from tests.analysis.helpers import SHORT, write_scenario

AMBACHT = [sys.executable, "-m", "cli"]
ROOT = Path(__file__).resolve().parents[2]
NAMED = {**SHORT, "experiment.sweeps": {"bezetting": {"vary": {"workforce.deelnemers.people": [2, 3]},
                                                       "replications": 1}}}


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_sweep_name_may_follow_the_file_or_come_with_name(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **NAMED)
    positional = invoke("sweep", scenario, "bezetting", "--out", tmp_path / "a", "-q")
    assert positional.exit_code == 0, positional.output
    option = invoke("sweep", scenario, "--name", "bezetting", "--out", tmp_path / "b", "-q")
    assert option.exit_code == 0, option.output
    assert (tmp_path / "a" / "replications.csv").read_text() == (tmp_path / "b" / "replications.csv").read_text()
    unknown = invoke("sweep", scenario, "groei", "-q")
    assert unknown.exit_code == 1 and "no sweep named 'groei'" in unknown.output
    both = invoke("sweep", scenario, "bezetting", "--name", "groei", "-q")
    assert both.exit_code == 1 and "Traceback" not in both.output


def test_running_a_sweep_again_says_how_to_resume_or_start_again(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **NAMED)
    out = tmp_path / "res"
    first = invoke("sweep", scenario, "bezetting", "--out", out, "-q", "--lang", "nl")
    assert first.exit_code == 0, first.output
    assert f"De resultaten komen in {out}/" in first.output, "the folder is named before the first run"
    again = invoke("sweep", scenario, "bezetting", "--out", out, "-q", "--lang", "nl")
    assert again.exit_code == 1
    assert "bevat deze parameterstudie al" in again.output
    assert f"ambacht sweep {scenario} bezetting --out {out} --resume" in again.output
    assert f"ambacht sweep {scenario} bezetting --out {out} --force" in again.output
    assert not (tmp_path / "res-2").exists()
    forced = invoke("sweep", scenario, "bezetting", "--out", out, "-q", "--force")
    assert forced.exit_code == 0, forced.output


def test_force_refuses_a_folder_ambacht_did_not_write(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **NAMED)
    mine = tmp_path / "notities"
    mine.mkdir()
    (mine / "ideeen.txt").write_text("mijn eigen aantekeningen")
    for command in (["sweep", scenario, "bezetting"], ["run", scenario, "-n", "1"]):
        result = invoke(*command, "--out", mine, "--force", "-q", "--lang", "nl")
        assert result.exit_code == 1, result.output
        assert "niet heeft geschreven" in result.output and "Traceback" not in result.output
    english = invoke("run", scenario, "-n", "1", "--out", mine, "--force", "-q")
    assert "did not write" in english.output
    assert [p.name for p in mine.iterdir()] == ["ideeen.txt"]
    assert (mine / "ideeen.txt").read_text() == "mijn eigen aantekeningen"


def _interrupted_sweep(scenario: Path, out: Path, signum: int) -> tuple[subprocess.CompletedProcess, int]:
    """Start a sweep, stop it with ``signum`` once a few runs are stored; (the process, runs stored)."""
    # Ctrl-C as in a terminal: a pytest-xdist worker ignores SIGINT, and a child inherits that (Python
    # then installs no KeyboardInterrupt): the sweep ran on to the end, twice in the full suite.
    process = subprocess.Popen([*AMBACHT, "sweep", str(scenario), "--out", str(out), "-q"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    database = out / "sweep.sqlite"
    started = time.time()
    deadline = started + 120
    done = 0
    looks: list[str] = []  # what each look found: said when the sweep ends before it is stopped
    while time.time() < deadline and process.poll() is None:
        if database.exists():
            try:
                with sqlite3.connect(database, timeout=10) as db:
                    done = db.execute("SELECT count(*) FROM runs").fetchone()[0]
                looks.append(f"{time.time() - started:.2f}s: {done}")
            except sqlite3.Error as error:
                looks.append(f"{time.time() - started:.2f}s: {error}")
                done = 0
            if done >= 3:
                break
        time.sleep(0.05)
    os.kill(process.pid, signum)
    stdout, stderr = process.communicate(timeout=120)
    looked = f"{len(looks)} looks, the last: {looks[-3:]}; ended after {time.time() - started:.1f} s"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr + looked), done


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_sweep_keeps_its_runs_and_says_how_to_resume(tmp_path, signum, code):
    # 32 runs of two years (about 0.4 s each): the sweep cannot finish between two looks at its
    # database (with the compiled engine, 24 runs of 12 weeks sometimes did, and twice 24 runs of a
    # year or two while the whole suite ran beside it: what the looks found is in the message).
    scenario = write_scenario(tmp_path / "c.yaml", **{**SHORT, "experiment.horizon": "2 years", "language": "nl",
                                                      "experiment.sweeps": {
        "bezetting": {"vary": {"workforce.deelnemers.people": "2..9"}, "replications": 4}}})
    out = tmp_path / "res"
    stopped, done = _interrupted_sweep(scenario, out, signum)
    assert stopped.returncode == code, stopped.stderr
    assert done >= 3 and "Traceback" not in stopped.stderr
    assert "Onderbroken" in stopped.stderr and "van de 32 simulaties zijn klaar" in stopped.stderr
    command = next(line for line in stopped.stderr.splitlines() if "--resume" in line).split(":", 1)[1].strip()
    assert command == f"ambacht sweep {scenario} --out {out} --resume"
    kept = sqlite3.connect(out / "sweep.sqlite").execute("SELECT count(*) FROM runs").fetchone()[0]
    assert kept >= done

    if signum == signal.SIGINT:
        # The report of what finished says, in the user's language, that it is partial.
        report = invoke("report", out, "--no-levers")
        assert report.exit_code == 0, report.output
        assert f"{kept} van de 32 simulaties zijn klaar" in report.output
        html = (out / "report-nl.html").read_text(encoding="utf-8")
        assert "Deze resultaten zijn onvolledig" in html and "--resume" in html

    resumed = subprocess.run([*AMBACHT, *shlex.split(command)[1:], "-q"], cwd=ROOT, capture_output=True, text=True,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    total = sqlite3.connect(out / "sweep.sqlite").execute("SELECT count(*) FROM runs").fetchone()[0]
    assert total == 32


def test_target_prints_the_cheapest_option_and_refuses_an_unknown_metric(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **{"experiment.horizon": "6 weeks", "experiment.warm_up": "1 week"})
    found = invoke("target", scenario, "--vary", "workforce.deelnemers.people=3,4", "--require",
                   "contracts.hotel.on_time_share >= 0", "--initial", "2", "--max-replications", "2", "-q")
    assert found.exit_code == 0, found.output
    assert "Cheapest option: workforce.deelnemers.people = 3" in found.output and "confidence" in found.output
    typo = invoke("target", scenario, "--vary", "workforce.deelnemers.people=1..3",
                  "--require", "contracts.hotel.on_time_shar >= 0.9", "--initial", "2", "-q")
    assert typo.exit_code == 1
    assert "contracts.hotel.on_time_shar" in typo.output and "Traceback" not in typo.output


def test_report_on_a_sweep_with_no_finished_run_says_so_in_the_users_language(tmp_path):
    from analysis.experiments.runner import Interrupted, Silent
    from analysis.experiments.sweep_run import run_sweep

    class StopAtOnce(Silent):
        def start(self, total, label):
            raise KeyboardInterrupt

    scenario = write_scenario(tmp_path / "c.yaml", **{**SHORT, "language": "nl"})
    out = tmp_path / "res"
    with pytest.raises(Interrupted):
        run_sweep(scenario, {"workforce.deelnemers.people": [2, 3]}, out, 1, progress=StopAtOnce())
    result = invoke("report", out)
    assert result.exit_code == 1
    assert "nog geen enkele simulatie" in result.output and "Traceback" not in result.output
