"""Circuits: providers, circuit types, circuits and their A/Z terminations."""
