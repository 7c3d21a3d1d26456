"""Carries the spec's `extras.run_job` permission, and nothing else (netjobs has no catch-all extras app)."""
