"""Scheduling: ScheduledJob, the scheduler loop, system jobs and their runtime-editable settings.

Everything here is bookkeeping (the "jobs" database alias): a schedule fire and the run it creates are written in
one transaction of that alias, so that a fire happens exactly once and is never lost.
"""
