"""Web UI views, one module per concept: jobs, results, the run log, locks, schedules, inventory, options."""
