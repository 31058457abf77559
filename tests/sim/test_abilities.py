"""Skills and qualifications are checked against what the steps and target groups need, at load.

A mistyped skill ('wittgoed') used to validate and silently lose the work: nobody in that pool did
the step it was meant for. Now it is refused at its line, with the closest skill a step needs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.loader import ScenarioError, load_scenario
from tests.analysis.helpers import write_scenario


def problems(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


def test_a_mistyped_pool_skill_is_refused_at_its_place_with_did_you_mean(tmp_path: Path) -> None:
    file = write_scenario(tmp_path / "c.yaml", **{"workforce.reparateurs.skills": ["repareren", "sorteren", "schoonmakn"]})
    error = problems(file)
    assert [p.path for p in error.problems] == ["workforce.reparateurs.skills.2"]
    assert error.problems[0].line > 0
    assert error.render("en").endswith(
        "workforce.reparateurs.skills.2: no step needs the skill 'schoonmakn' (did you mean 'schoonmaken'?); "
        "skills the steps need: repareren, schoonmaken, sorteren")
    assert error.render("nl").endswith(
        "workforce.reparateurs.skills.2: geen stap vraagt de vaardigheid 'schoonmakn' (bedoelt u 'schoonmaken'?); "
        "vaardigheden die de stappen vragen: repareren, schoonmaken, sorteren")


def test_a_step_named_as_a_skill_gets_the_skill_that_step_needs(tmp_path: Path) -> None:
    file = write_scenario(tmp_path / "c.yaml", **{"workforce.reparateurs.skills": ["repareren", "demonteren"]})
    assert "('demonteren' is a step; the skill it needs is 'sorteren')" in problems(file).render("en")


def test_a_productive_teams_skill_is_checked_too(tmp_path: Path) -> None:
    file = write_scenario(tmp_path / "c.yaml", **{"supervisors.begeleiders.productive_work": True,
                                                 "supervisors.begeleiders.skills": ["wittgoed"]})
    error = problems(file)
    assert [p.path for p in error.problems] == ["supervisors.begeleiders.skills.0"]
    assert "no step needs the skill 'wittgoed'" in error.render("en")


def test_a_mistyped_qualification_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    file = write_scenario(tmp_path / "c.yaml", **{"supervisors.begeleiders.qualifications": ["werkbegeleiding", "werkbegeleding"]})
    error = problems(file)
    assert [p.path for p in error.problems] == ["supervisors.begeleiders.qualifications.1"]
    assert ("no target group needs the qualification 'werkbegeleding' (did you mean 'werkbegeleiding'?); "
            "qualifications the groups need: werkbegeleiding") in error.render("en")


def test_one_mistake_is_told_once(tmp_path: Path) -> None:
    # The only sorter's skill mistyped: the step says nobody can do it and names the close one;
    # the pool's skill is not reported a second time.
    file = write_scenario(tmp_path / "c.yaml", **{"workforce.deelnemers.skills": ["sortere", "schoonmaken"],
                                                 "workforce.reparateurs.skills": ["repareren"],
                                                 "steps.demonteren.skill": "repareren"})
    error = problems(file)
    assert [p.path for p in error.problems] == ["steps.sorteren.skill"]
    assert "(did you mean 'sortere'?)" in error.render("en")


def test_the_example_centre_is_still_valid(tmp_path: Path) -> None:
    load_scenario(write_scenario(tmp_path / "c.yaml"))
