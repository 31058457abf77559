"""Fitting a distribution to an item log: the right family for samples drawn from a known
one, its parameters near the truth, and a located error for a bad cell."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.calibration.fit import fit, read_log
from analysis.calibration.table import TableError

N = 1500


def draws(family: str, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if family == "exponential":
        return rng.exponential(2.0, N)
    if family == "lognormal":
        return rng.lognormal(np.log(2.0), 0.6, N)
    if family == "normal":
        return rng.normal(10.0, 1.5, N)
    if family == "triangular":
        return rng.triangular(1.0, 2.0, 6.0, N)
    return rng.uniform(1.0, 4.0, N)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("family", ["exponential", "lognormal", "normal", "triangular", "uniform"])
def test_the_family_the_samples_came_from_is_chosen(family: str, seed: int) -> None:
    assert fit(draws(family, seed))[0].family == family


def test_the_parameters_are_the_truths_within_sampling_error() -> None:
    # lognormal, sigma 0.6: mean 2 e^0.18 = 2.394, sd = mean sqrt(e^0.36 - 1) = 1.567
    best = fit(draws("lognormal", 1))[0]
    mean, sd = 2.0 * np.exp(0.18), 2.0 * np.exp(0.18) * np.sqrt(np.exp(0.36) - 1)
    standard_error = sd / np.sqrt(N)  # 0.040
    assert abs(best.parameters["mean"] - mean) < 3 * standard_error
    assert abs(best.parameters["sd"] - sd) < 0.1 * sd
    assert best.scenario_line("h") == (f"{{distribution: lognormal, mean: {best.parameters['mean']:.3g} h, "
                                       f"sd: {best.parameters['sd']:.3g} h}}")
    exponential = fit(draws("exponential", 2))[0]
    assert abs(exponential.parameters["mean"] - 2.0) < 3 * 2.0 / np.sqrt(N)
    assert exponential.aic == pytest.approx(2 * 1 - 2 * exponential.log_likelihood)


def test_families_are_ranked_by_aic() -> None:
    fits = fit(draws("normal", 4))
    assert [f.aic for f in fits] == sorted(f.aic for f in fits)
    # a normal sample has values a lognormal or exponential cannot hold only when negative: none here
    assert {f.family for f in fits} == {"exponential", "lognormal", "normal", "triangular", "uniform"}
    assert {f.family for f in fit(np.array([0.0, 1, 2, 3, 4, 5, 6, 7.5]))} == {"normal", "triangular", "uniform"}


def test_a_log_is_read_per_stream_and_bad_cells_are_located(tmp_path: Path) -> None:
    path = tmp_path / "repairs.csv"
    rows = [f"{'fiets' if i % 2 else 'meubel'},{1 + i / 10},yes" for i in range(20)]
    path.write_text("stream,hours,success\n" + "\n".join(rows) + "\n", encoding="utf-8")
    log = read_log(path, "hours", stream="fiets")
    assert len(log.values) == 10 and log.other_streams == 10
    assert log.values[0] == pytest.approx(1.1)
    path.write_text("stream,hours\nfiets,2\nfiets,\nfiets,twee\nfiets,-1\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_log(path, "hours")
    assert caught.value.render("en").splitlines() == [
        f"{path}:3: column 'hours': empty: fill in the value or remove the row",
        f"{path}:4: column 'hours': 'twee' is not a number",
        f"{path}:5: column 'hours': -1 is negative",
    ]
    with pytest.raises(TableError) as caught:
        read_log(path, "uren")
    assert caught.value.render("nl") == f"{path}:1: kolom 'uren': die kolom bestaat niet; de kolommen zijn: stream, hours"


def test_a_yes_no_column_gives_the_share_with_its_wilson_interval(tmp_path: Path) -> None:
    from analysis.calibration.fit import is_yes_no, share_of
    from analysis.calibration.table import read_table

    path = tmp_path / "repairs.csv"
    outcomes = ["ja"] * 30 + ["nee"] * 10 + ["yes"] * 2
    path.write_text("stream,success\n" + "\n".join(f"fiets,{o}" for o in outcomes) + "\nmeubel,nee\n", encoding="utf-8")
    table = read_table(path)
    assert is_yes_no(table, "success")
    found = share_of(table, "success", "fiets")
    assert (found.successes, found.trials, found.other_streams) == (32, 42, 1)
    # Wilson, by hand: p = 32/42, z = 1.96: centre (p + z^2/2n) / (1 + z^2/n), half-width
    # z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
    p, n, z = 32 / 42, 42, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert (found.low, found.high) == pytest.approx((centre - half, centre + half), rel=1e-9)
    assert found.scenario_line().startswith("probability: 0.762   # or probability: {range: [")
    # In Dutch the comment is Dutch; the YAML to paste stays as the file writes it.
    assert found.scenario_line("nl").startswith("probability: 0.762   # of probability: {range: [0.")
    path.write_text("stream,success\nfiets,ja\nfiets,misschien\n", encoding="utf-8")
    assert not is_yes_no(read_table(path), "success")
    with pytest.raises(TableError) as caught:
        share_of(read_table(path), "success", None)
    assert caught.value.render("en") == f"{path}:3: column 'success': 'misschien' is neither yes nor no (ja/nee, 1/0)"
