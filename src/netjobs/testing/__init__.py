"""Helpers for netjobs' own tests and for job authors testing their jobs."""
