"""The scenario language: pydantic models of everything a centre is, checked at load time."""

from sim.scenario.model import Scenario

__all__ = ["Scenario"]
