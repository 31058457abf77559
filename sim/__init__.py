"""Ambacht's simulation model: scenario language and SimPy engine.

Knows nothing of charts or the command line; its results are plain records.
"""

__version__ = "0.1.0"
