"""GitRepository: a Git remote whose checkout provides jobs (`git.<slug>/<module>/<Class>`) and data files.

It lives on the bookkeeping ("jobs") alias beside JobDefinition and JobResult: the sync job writes it while
no data transaction is involved, and a worker on another machine reads `current_commit` from the shared
database to know which checkout to run. Credentials are never stored: `secret_ref` names where the token or
password is (an environment variable of the process, or a file under `NETJOBS_HOME/secrets`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from netjobs.core.models import BaseModel
from netjobs.core.validation import SlugFromNameMixin

__all__ = ["PROVIDES_CHOICES", "GitRepository", "Provides", "redact_url"]


class Provides(models.TextChoices):
    JOBS = "jobs", "Jobs"
    DATA = "data", "Data files (YAML/JSON)"


PROVIDES_CHOICES = frozenset(Provides.values)
URL_SCHEMES = frozenset({"file", "http", "https", "ssh", "git"})
_SCP_LIKE = re.compile(r"^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:(?!//)[^\s]+$")  # git@github.com:org/repo.git
_REF = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/+@-]+(?<!\.lock)(?<![/.])$")
_SECRET_REF = re.compile(r"^(env:[A-Za-z_][A-Za-z0-9_]*|file:[A-Za-z0-9._-]+)$")

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Lower-case letters, digits and single hyphens only (it becomes the job source git.<slug>).",
)


def default_provides() -> list[str]:
    return [Provides.JOBS.value]


def redact_url(url: str) -> str:
    """`url` without any password it may carry (`https://user:secret@host/…` → `https://user:********@host/…`)."""
    return re.sub(r"(?<=://)([^/@:\s]*):[^/@\s]*@", r"\1:********@", url)


def validate_remote_url(url: str) -> None:
    """Accept file://, http(s)://, ssh://, git:// and scp-like `user@host:path` remotes, never a password."""
    if url.startswith("-"):
        raise ValidationError("A remote URL cannot start with '-'.")
    if "://" not in url:
        if _SCP_LIKE.match(url) and not url.startswith("/"):
            return
        raise ValidationError("Use file://, http(s)://, ssh:// or git://, or user@host:path for SSH.")
    parts = urlsplit(url)
    if parts.scheme not in URL_SCHEMES:
        raise ValidationError(f"Unsupported scheme {parts.scheme!r}: use one of {', '.join(sorted(URL_SCHEMES))}.")
    if parts.password is not None:
        raise ValidationError("Do not put a password in the URL: give a secret reference (env:VAR or file:NAME).")
    if parts.scheme == "file" and not parts.path:
        raise ValidationError("A file:// URL needs a path, e.g. file:///srv/git/jobs.git.")
    if parts.scheme != "file" and not parts.hostname:
        raise ValidationError("The URL has no host.")


def validate_ref(ref: str) -> None:
    if not _REF.match(ref):
        raise ValidationError(f"{ref!r} is not a valid branch or tag name.")


def validate_relative_path(path: str) -> None:
    if path and (path.startswith("/") or any(part in ("", ".", "..") for part in path.split("/"))):
        raise ValidationError("A folder inside the repository, like `jobs` or `network/jobs` (no `..`).")


def validate_secret_ref(ref: str) -> None:
    if ref and not _SECRET_REF.match(ref):
        raise ValidationError(
            "A reference, not the secret: env:VARIABLE_NAME, or file:NAME for NETJOBS_HOME/secrets/NAME."
        )


class GitRepository(SlugFromNameMixin, BaseModel):
    """A Git remote (branch or tag) providing job modules and/or data files, synced by a job run."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.CharField(
        max_length=60, unique=True, validators=[slug_validator], help_text="Jobs are named git.<slug>/<module>/<Class>"
    )
    remote_url = models.CharField(
        "remote URL",
        max_length=500,
        validators=[validate_remote_url],
        help_text="file:///path, https://host/org/repo.git, ssh://git@host/repo.git or git@host:org/repo.git",
    )
    branch = models.CharField(
        max_length=255, default="main", validators=[validate_ref], help_text="The branch or tag to follow"
    )
    username = models.CharField(max_length=150, blank=True, help_text="For HTTP(S) remotes that need one")
    secret_ref = models.CharField(
        "credentials",
        max_length=200,
        blank=True,
        validators=[validate_secret_ref],
        help_text="Where the token or password is: env:VARIABLE or file:NAME (NETJOBS_HOME/secrets/NAME); "
        "for SSH remotes, file:NAME is a private key. Never the secret itself.",
    )
    provides = models.JSONField(default=default_provides, help_text='What the repository provides: "jobs", "data"')
    jobs_path = models.CharField(
        max_length=255,
        blank=True,
        validators=[validate_relative_path],
        help_text="The folder holding the job modules (empty: the repository root)",
    )
    enabled = models.BooleanField(default=True)
    current_commit = models.CharField(max_length=64, blank=True, editable=False)
    last_synced = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(
        blank=True, editable=False, help_text="Why the last sync failed (credentials redacted)"
    )
    last_sync_result = models.ForeignKey(
        "jobs.JobResult", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Git repository"
        verbose_name_plural = "Git repositories"
        permissions = [("sync_gitrepository", "Can sync Git repositories")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:gitsources_gitrepository_change", args=[self.pk])

    @property
    def source(self) -> str:
        """The job source name: class paths of this repository's jobs start with it."""
        return f"git.{self.slug}"

    @property
    def package_name(self) -> str:
        """The synthetic Python package its modules are imported under (hyphens are not allowed there)."""
        return "netjobs_git_" + self.slug.replace("-", "_")

    @property
    def provides_jobs(self) -> bool:
        return Provides.JOBS in (self.provides or ())

    @property
    def is_ssh(self) -> bool:
        return self.remote_url.startswith("ssh://") or "://" not in self.remote_url

    @property
    def display_url(self) -> str:
        return redact_url(self.remote_url)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored is not None and stored != self.slug:
                errors["slug"] = "The slug names the repository's jobs and cannot change; add a new repository."
        provides = self.provides
        if not isinstance(provides, list) or not provides or not set(provides) <= PROVIDES_CHOICES:
            errors["provides"] = f"A non-empty list of: {', '.join(sorted(PROVIDES_CHOICES))}."
        if self.is_ssh and self.secret_ref.startswith("env:"):
            errors["secret_ref"] = "An SSH remote needs a private key file: use file:NAME."  # noqa: S105
        if errors:
            raise ValidationError(errors)

    def _fill_slug(self) -> None:
        # Hyphens only: the slug becomes a Python package name with "-" → "_", which must stay unambiguous.
        if not self.slug and self.name:
            self.slug = re.sub(r"-+", "-", slugify(self.name).replace("_", "-")).strip("-")[:60]
