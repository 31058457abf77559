"""A scenario from a few facts: the preset catalogue, sizing, and the scenario written as commented YAML."""
