"""Repeated runs, comparisons, sweeps, target search, levers, uncertainty, warm-up and the executors that run them."""
