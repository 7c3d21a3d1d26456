"""Circuit models for job authors: `from netjobs.apps.circuits import Circuit, Provider, …`."""

from netjobs.circuits.models import Circuit, CircuitTermination, CircuitTermSide, CircuitType, Provider

__all__ = ["Circuit", "CircuitTermSide", "CircuitTermination", "CircuitType", "Provider"]
