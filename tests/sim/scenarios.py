"""Small scenarios built in code for the engine tests."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sim.loader import validate
from sim.registry import HOURS_PER_YEAR
from sim.scenario.model import Scenario

ALL_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def queue(arrival_rate: float, stations: list[tuple[int, dict[str, Any]]], horizon: float = 5000,
          warm_up: float = 500, seed: int = 11) -> dict[str, Any]:
    """A textbook queue (or a tandem of them): Poisson arrivals per hour, c workers per station."""
    steps, pools = {}, {}
    for i, (servers, work) in enumerate(stations):
        steps[f"s{i}"] = {"skill": f"k{i}", "work_content": {"items": work}}
        pools[f"p{i}"] = {"group": "staff", "people": servers, "skills": [f"k{i}"], "days": ALL_DAYS}
    return {
        "name": "queue",
        "calendar": {"start_date": "2026-01-05", "always_open": True},
        "materials": {"items": {"arrivals": {"rate": f"{arrival_rate} per hour"},
                                "grades": {"all": {"share": 1, "route": "serve"}}}},
        "routes": {"serve": {"steps": list(steps), "to": "leaves"}},
        "steps": steps,
        "target_groups": {"staff": {}},
        "workforce": pools,
        "experiment": {"horizon": f"{horizon} h", "warm_up": f"{warm_up} h", "replications": 20, "seed": seed},
    }


def with_opening_hours(data: dict[str, Any], hours: str = "09:00-17:00") -> dict[str, Any]:
    """The same queue, open on weekdays only: arrivals, people and work pause outside ``hours``."""
    data = copy.deepcopy(data)
    data["calendar"] = {"start_date": "2026-01-05", "public_holidays": "none",
                        "opening_hours": {"workshop": {"weekdays": hours}, "dropoff": {"weekdays": hours}}}
    for pool in data["workforce"].values():
        pool.pop("days", None)
    return data


CENTRE: dict[str, Any] = {
    "name": "test centre",
    "language": "en",
    "calendar": {
        "start_date": "2026-01-05",
        "opening_hours": {
            "workshop": {"weekdays": "09:00-17:00"},
            "shop": {"weekdays": "10:00-17:00", "saturday": "10:00-16:00"},
            "dropoff": {"weekdays": "09:00-16:00", "saturday": "09:00-13:00"},
        },
    },
    "materials": {
        "meubels": {
            "name": {"nl": "Meubels", "en": "Furniture"},
            "weight_per_unit": "20 kg",
            "arrivals": {"rate": "60 per week"},
            "storage": "3 t",
            "grades": {
                "goed": {"share": 0.5, "route": "verkoop"},
                "kapot": {"share": 0.3, "route": "reparatie"},
                "afval": {"share": 0.2, "route": "weg"},
            },
            "co2_per_kg_reused": 1.45,
            "co2_per_kg_recycled": 0.5,
        },
    },
    "routes": {
        "verkoop": {"steps": ["sorteren", "schoonmaken"], "to": "meubel"},
        "reparatie": {"steps": ["sorteren", "repareren"], "to": "meubel"},
        "demontage": {"steps": ["demonteren"], "to": {"recycling": 0.8, "waste": 0.2}},
        "weg": {"steps": [], "to": "waste"},
    },
    "steps": {
        "sorteren": {"skill": "sorteren", "work_content": {"default": "10 min"}},
        "schoonmaken": {"skill": "schoonmaken", "work_content": {"meubels": {"distribution": "triangular", "min": "10 min", "mode": "20 min", "max": "40 min"}}},
        "repareren": {"skill": "repareren", "work_places": 2, "work_content": {"meubels": {"distribution": "exponential", "mean": "1 h"}},
                      "success": {"probability": 0.6, "on_failure": "demontage"}},
        "demonteren": {"skill": "sorteren", "work_content": {"default": "30 min"}},
    },
    "target_groups": {
        "bijstand": {"supervision_ratio": 8, "qualification": "werkbegeleiding", "subsidy": "3000 EUR per year",
                      "benefit_saving_per_job": "16883 EUR"},
        "vakkrachten": {},
    },
    "workforce": {
        "deelnemers": {"group": "bijstand", "people": 6, "productivity": 0.6, "skills": ["sorteren", "schoonmaken"],
                       "absence": 0.1, "hours": "09:00-15:00",
                       "trajectory": {"length": "26 weeks", "outflow": {"job": 0.3, "education": 0.1, "other": 0.6}},
                       "vacancy_refill": "4 weeks", "allowance": "1.5 EUR per hour"},
        "reparateurs": {"group": "vakkrachten", "people": 2, "skills": ["repareren", "sorteren"], "wage": "35 EUR per hour"},
    },
    "supervisors": {
        "begeleiders": {"people": 1, "qualifications": ["werkbegeleiding"], "absence": 0.05, "cost": "65000 EUR per year"},
    },
    "products": {"meubel": {"price": "25 EUR", "markdown_after": "6 weeks", "dispose_after": "12 weeks"}},
    "market": {
        "shop": {"customers": "400 per week", "demand": {"meubel": {"probability": 0.1}}},
        "contracts": {"hotel": {"partner": "Hotel", "product": "meubel", "quantity": 5, "interval": "4 weeks",
                                "promised_lead_time": "2 weeks"}},
    },
    "economics": {"overhead": "40000 EUR per year", "disposal_cost": "0.15 EUR per kg"},
    "experiment": {"horizon": "26 weeks", "warm_up": "4 weeks", "replications": 5, "seed": 3},
}


def centre(**changes: Any) -> dict[str, Any]:
    """A copy of the test centre with dotted-path changes: centre(**{"workforce.deelnemers.people": 3})."""
    data = copy.deepcopy(CENTRE)
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return data


def build(data: dict[str, Any]) -> Scenario:
    return validate(data, "test")


def over_window(metrics: dict[str, float], name: str) -> float:
    """A per-year flow metric taken back to the measured window of its run (what was counted)."""
    return metrics[name] * metrics["run.measured_hours"] / HOURS_PER_YEAR


def plain(value: Any) -> Any:
    """YAML as loaded (dates, non-string keys) as the plain JSON data a schema or validator sees."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
