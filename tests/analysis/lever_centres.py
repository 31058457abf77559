"""Small centres built in code where one leg of the triad truly binds (for the lever tests).

One stream of 10 kg items, one step, one pool of participants under one supervisor team, one
product sold in a shop; eight weeks, so a run takes a fraction of a second.
"""

from __future__ import annotations

import copy
from typing import Any

from sim.loader import LoadedScenario, validate

WEEKDAYS = {"weekdays": "09:00-17:00"}

BASE: dict[str, Any] = {
    "name": "lever test centre",
    "language": "en",
    "calendar": {"start_date": "2026-01-05", "public_holidays": "none",
                 "opening_hours": {"workshop": WEEKDAYS, "shop": WEEKDAYS, "dropoff": WEEKDAYS}},
    "materials": {"spul": {"weight_per_unit": "10 kg", "arrivals": {"rate": "20 per week"},
                           "grades": {"alles": {"share": 1, "route": "maken"}}}},
    "routes": {"maken": {"steps": ["werk"], "to": "ding"}},
    "steps": {"werk": {"skill": "werk", "work_content": {"default": "1 h"}}},
    "target_groups": {"deelnemers": {"supervision_ratio": 4, "qualification": "begeleiding"}},
    "workforce": {"deelnemers": {"group": "deelnemers", "people": 2, "skills": ["werk"]}},
    "supervisors": {"team": {"people": 1, "qualifications": ["begeleiding"], "cost": "60000 EUR per year"}},
    "products": {"ding": {"price": "10 EUR"}},
    "market": {"shop": {"customers": "400 per week", "demand": {"ding": {"probability": 1}}}},
    "experiment": {"horizon": "8 weeks", "warm_up": "1 week", "replications": 4, "seed": 7},
}


def centre(**changes: Any) -> LoadedScenario:
    """The base centre with dotted-path changes, as a loaded scenario."""
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return LoadedScenario(validate(data, "lever test"), data, "lever-test.yaml")


# Materials bind: eight participants but one supervisor for four, so hours are lost to missing
# supervision; yet there is only 20 h of work a week for 128 h of supervised hands.
MATERIALS = {"workforce.deelnemers.people": 8}
# Labour binds: 60 items a week, an hour each, for one person; storage fills and refuses.
LABOUR = {"materials.spul.arrivals.rate": "60 per week", "materials.spul.storage": "500 kg",
          "workforce.deelnemers.people": 1}
# The market binds: people and material enough, thirty customers a week.
MARKET = {"materials.spul.arrivals.rate": "40 per week", "workforce.deelnemers.people": 4,
          "market.shop.customers": "30 per week"}
# The shop takes the partner's stock: it wants more than is made, and the partner orders 30
# every two weeks with a promise of two days. More hands or material only feed the shop.
SHOP_TAKES_THE_STOCK = {
    "materials.spul.arrivals.rate": "40 per week", "workforce.deelnemers.people": 4,
    "market.shop.customers": "200 per week",
    "market.contracts": {"partner": {"partner": "Partner", "product": "ding", "quantity": 30, "interval": "2 weeks",
                                     "first_order": "1 week", "promised_lead_time": "2 days"}},
    "experiment.horizon": "13 weeks",
}
# Supervision binds a partner's orders: two of four participants can be supervised at a time, and
# the partner orders 90 a week of the 100 that come in. One more supervisor and qualifying the
# idle team of another group (a group the centre has no participants of today) give the same
# capacity: the same on-time share in every run.
SUPERVISION_FOR_THE_PARTNER = {
    "materials.spul.arrivals.rate": "100 per week", "workforce.deelnemers.people": 4,
    "target_groups.deelnemers.supervision_ratio": 2,
    "target_groups.anderen": {"supervision_ratio": 4, "qualification": "andere"},
    "supervisors.andere": {"people": 1, "qualifications": ["andere"], "cost": "50000 EUR per year"},
    "market.shop.customers": "1 per week",
    "market.contracts": {"partner": {"partner": "Partner", "product": "ding", "quantity": 90, "interval": "1 week",
                                     "first_order": "1 week", "promised_lead_time": "3 days"}},
    "experiment.horizon": "13 weeks",
}
