"""Shared code of the repository's jobs, imported relatively."""


def describe(name: str) -> str:
    return f"interface {name}"
