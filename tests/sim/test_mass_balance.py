"""Mass balance: every kg that comes in is somewhere at the end of every run."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.run import run_replication
from tests.sim.scenarios import build, centre

BUCKETS = ("refused", "in_storage", "in_queues", "in_work", "in_stock", "sold", "recycled", "wasted", "left")


def assert_balanced(balance: dict[str, float]) -> None:
    accounted = sum(balance[k] for k in BUCKETS)
    assert balance["in"] > 0
    assert abs(balance["in"] - accounted) <= 1e-6 * balance["in"], balance
    assert all(balance[k] >= -1e-6 for k in BUCKETS), balance


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rate=st.integers(10, 400),
    storage=st.sampled_from(["200 kg", "1 t", "unlimited"]),
    success=st.floats(0, 1),
    recycle=st.floats(0, 1),
    people=st.integers(0, 8),
    repairers=st.integers(0, 3),
    supervisors=st.integers(0, 2),
    customers=st.integers(0, 1500),
    dispose=st.sampled_from(["2 weeks", "12 weeks"]),
    lot_size=st.integers(1, 5),
    seed=st.integers(0, 1000),
    priority=st.permutations(["contracts", "shop", "online"]),
)
def test_every_kg_is_accounted_for(rate, storage, success, recycle, people, repairers, supervisors,
                                   customers, dispose, lot_size, seed, priority):
    data = centre(**{
        "materials.meubels.arrivals.rate": f"{rate} per week",
        "materials.meubels.storage": storage,
        "materials.meubels.lot_size": lot_size,
        "steps.repareren.success.probability": success,
        "routes.demontage.to": {"recycling": round(recycle, 3), "waste": round(1 - round(recycle, 3), 3)},
        "workforce.deelnemers.people": people,
        "workforce.reparateurs.people": repairers,
        "supervisors.begeleiders.people": supervisors,
        "market.shop.customers": f"{customers} per week",
        "market.priority": list(priority),
        "products.meubel.dispose_after": dispose,
        "experiment.horizon": "8 weeks",
        "experiment.warm_up": "1 week",
        "experiment.seed": seed,
    })
    assert_balanced(run_replication(build(data), 0).mass_balance)


def test_assembly_and_online_listing_keep_mass():
    data = centre(**{
        "steps.opknappen": {"skill": "schoonmaken", "work_content": {"default": "2 h"}, "units_per_product": 3,
                            "lists_online": True},
        "routes.verkoop.steps": ["sorteren", "opknappen"],
        "market.online": {"orders": "20 per week", "demand": {"meubel": {"probability": 1}}},
        "experiment.horizon": "10 weeks",
    })
    result = run_replication(build(data), 0)
    assert_balanced(result.mass_balance)
    assert result.metrics["online.units_sold"] > 0
