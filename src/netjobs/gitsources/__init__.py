"""Job sources from Git repositories: `git.<slug>/<module>/<Class>`, synced by a job run (see docs/git-sources.md)."""
