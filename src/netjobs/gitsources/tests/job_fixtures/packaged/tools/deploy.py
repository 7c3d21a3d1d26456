raise SystemExit("not a job module: outside the jobs path, never imported")
