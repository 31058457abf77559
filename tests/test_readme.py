"""Every command in the README runs as written, so the tutorial cannot rot."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DASK_ADDRESS = "tcp://127.0.0.1:8786"


def readme_commands(document: str = "README.md") -> list[str]:
    text = (ROOT / document).read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, flags=re.S)
    return [line[2:].strip() for block in blocks for line in block.splitlines() if line.startswith("$ ")]


def run_commands(commands: list[str], folder: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in commands:
        result = subprocess.run(shlex.split(command), cwd=folder, env=env, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=600)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30]
    assert any("make run" in line for line in head) and any("make test" in line for line in head)


def test_every_readme_command_runs(tmp_path):
    commands = readme_commands()
    assert any(c.startswith("ambacht sweep") for c in commands) and len(commands) >= 8
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    cluster = None
    try:
        for command in commands:
            if DASK_ADDRESS in command:
                distributed = pytest.importorskip("distributed")
                cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                                   dashboard_address=None)
                command = command.replace(DASK_ADDRESS, cluster.scheduler_address)
            # no terminal: 'ambacht init' then writes the starter instead of asking
            result = subprocess.run(shlex.split(command), cwd=tmp_path, env=env, capture_output=True,
                                    stdin=subprocess.DEVNULL, text=True, timeout=600)
            assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
            assert "Traceback" not in result.stderr
    finally:
        if cluster is not None:
            cluster.close()
    assert (tmp_path / "results" / "bezetting" / "summary.csv").exists()
    assert (tmp_path / "results" / "bezetting" / "report-nl.html").exists()
    assert (tmp_path / "mijn-centrum.yaml").exists()


def test_readme_images_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert (ROOT / image).exists(), image


def test_the_how_to_from_a_few_facts_runs_as_written(tmp_path):
    # docs/from-a-few-facts.md, linked from the README: init from facts, run, sweep, report.
    assert "docs/from-a-few-facts.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    commands = readme_commands("docs/from-a-few-facts.md")
    assert commands[0].startswith("ambacht init centrum.yaml --inhabitants 60000") and len(commands) == 5
    run_commands(commands, tmp_path)
    written = (tmp_path / "centrum.yaml").read_text(encoding="utf-8")
    assert "EERST VERVANGEN" in written and "REPLACE FIRST" not in written  # the file is Dutch (--lang nl)
    assert (tmp_path / "results" / "centrum" / "summary.csv").exists()
    assert (tmp_path / "results" / "bezetting" / "report-nl.html").exists()
