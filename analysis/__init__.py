"""Experiments on top of the simulation: replications, statistics, diagnosis, sweeps, charts.

Knows nothing of SimPy: it takes plain run results from :mod:`sim.run`.
"""
