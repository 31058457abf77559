"""Ambacht's simulation model: scenario language and SimPy engine.

Knows nothing of charts or the command line; its results are plain records.
"""

from sim import compiled

__version__ = "0.1.0"
ENGINE = compiled.guard()
"""How the engine runs: ``compiled`` (mypyc), or as Python (``python``, ``out of date``,
``switched off``, ``incomplete``): see :mod:`sim.compiled`. The results are the same either way."""


def versions() -> dict[str, str]:
    """Versions of Ambacht and the libraries that decide its numbers (for provenance)."""
    from importlib.metadata import PackageNotFoundError, version

    import numpy

    try:
        simpy_version = version("simpy")
    except PackageNotFoundError:  # pragma: no cover - simpy is a dependency
        simpy_version = "?"
    return {"ambacht": __version__, "engine": ENGINE, "simpy": simpy_version,
            "numpy": numpy.__version__}
