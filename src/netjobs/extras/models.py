"""The spec's permission anchor: "assign the user a permission on the `extras > job` object, action run".

`extras.run_job` is an alias of the framework's `jobs.run_job` (see `netjobs.users.backends`); granting either
lets a user run jobs. The model has no table: it exists only so that the permission (and its content type)
exists and can be granted in the admin.
"""

from __future__ import annotations

from django.db import models

__all__ = ["JobPermissionAnchor"]


class JobPermissionAnchor(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("run_job", "Can run jobs (same as jobs | Can run jobs)")]
        verbose_name = "job"
        verbose_name_plural = "jobs"

    def __str__(self) -> str:
        return "run jobs"
