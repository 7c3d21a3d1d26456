"""Automation built beside the runner: job hooks, job buttons, output files and Prometheus metrics."""
