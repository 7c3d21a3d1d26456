"""Schedules over the API: `"schedule"` in a run request, and `/api/extras/scheduled-jobs/` (Nautobot 2's path).

Both go through `netjobs.scheduling.schedules.create_schedule()` (`service.create_from_api`), so a schedule made
here is checked exactly as one made in the UI or the CLI, and its errors are named per field.
"""
