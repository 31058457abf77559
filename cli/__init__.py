"""Ambacht's command line: thin commands that parse, call sim/analysis, and print."""
