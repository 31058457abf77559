"""Benchmarks of the Ambacht engine: speed and scale, measured by a script (``make bench``).

Run ``python -m benchmarks.run`` (or ``--quick`` for a smoke run); results go to
``benchmarks/results.json`` and a table on the terminal. ``BENCHMARKS.md`` explains them.
"""
