"""The public API for job and app authors: stable re-exports, nothing else."""
