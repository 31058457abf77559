"""Where the engine spends its time: pyinstrument on the M/M/c queue and on the regional hub.

``python -m benchmarks.profile`` writes ``benchmarks/profiles/{mmc,hub}.txt``. A profiler
slows the code it watches several times over; read the shares, not the seconds. The engine runs
as source here (``AMBACHT_ENGINE=python``): a Python profiler cannot look inside the compiled
modules.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("AMBACHT_ENGINE", "python")  # before the engine is first imported

from pyinstrument import Profiler

from benchmarks.measure import ARRIVAL_RATE, HUB_SCENARIO, MMC_SCENARIO

OUT = Path(__file__).resolve().parent / "profiles"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200_000, help="M/M/c customers (default %(default)s)")
    parser.add_argument("--hub", type=Path, default=HUB_SCENARIO, help="the hub scenario (default %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the reports (default %(default)s)")
    args = parser.parse_args(argv)

    from sim.loader import load_scenario, with_overrides
    from sim.model import Centre
    from sim.run import run_replication

    mmc = with_overrides(load_scenario(MMC_SCENARIO), {
        "experiment.horizon": f"{args.customers / ARRIVAL_RATE!r} h", "experiment.warm_up": "0 h",
    }, origin="benchmark").scenario
    hub = load_scenario(args.hub).scenario
    args.out.mkdir(parents=True, exist_ok=True)
    for name, scenario in (("mmc", mmc), ("hub", hub)):
        Centre(scenario, 1, 0)  # import what the engine loads lazily before the profile starts
        profiler = Profiler(interval=0.0005)
        profiler.start()
        result = run_replication(scenario, 0, 1)
        profiler.stop()
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        header = f"# {name}: {result.events:,} events, {result.wall_seconds:.2f} s under the profiler\n"
        (args.out / f"{name}.txt").write_text(header + text)
        print(header + text)


if __name__ == "__main__":
    main()
