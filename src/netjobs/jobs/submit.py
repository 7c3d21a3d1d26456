"""Submitting a run: the one entry point the UI, API, CLI, scheduler and chaining all call.

`submit()` validates the input through the job's form, stores it as JSON on a new pending JobResult and hands
the run to the queue backend once that row is committed. Bad input raises JobInputError naming every bad
variable, and leaves no row behind.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs.base import Job
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.jobs.registry import JobNotFoundError, get_job_class, sync_module_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = [
    "REDACTED",
    "JobDisabledError",
    "JobInputError",
    "PreparedInput",
    "decrypt_sensitive",
    "input_errors",
    "load_run_data",
    "prepare_input",
    "resolve_job",
    "submit",
]

REDACTED = "********"
_RUN_FIELDS = frozenset({"comment", "ticket_ref", "scheduled_by", "change_score", "scheduled_job_id", "parent_result"})


class JobInputError(ValueError):
    """The input does not validate. `errors` maps each variable (or "__all__") to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = {name: list(messages) for name, messages in errors.items()}
        super().__init__("; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in self.errors.items()))


class JobDisabledError(PermissionError):
    """The job exists but may not run (disabled, or no longer installed)."""


def resolve_job(class_path_or_definition: str | JobDefinition) -> tuple[JobDefinition, type[Job]]:
    """The definition and class of a job that may run now. A job file added since the last sync is found too."""
    if isinstance(class_path_or_definition, JobDefinition):
        definition = class_path_or_definition
    else:
        definition = JobDefinition.objects.filter(class_path=class_path_or_definition).first()
        if definition is None:
            get_job_class(class_path_or_definition)  # raises JobNotFoundError with the reason
            definition = sync_module_of(class_path_or_definition)
            if definition is None:
                raise JobNotFoundError(class_path_or_definition)
    if not definition.installed:
        raise JobDisabledError(f"Job {definition.class_path!r} is no longer installed")
    if not definition.enabled:
        raise JobDisabledError(f"Job {definition.class_path!r} is disabled; an administrator can enable it")
    return definition, get_job_class(definition.class_path)


@dataclass
class PreparedInput:
    public: dict[str, Any]  # what the result shows (sensitive values redacted)
    sensitive: dict[str, Any]  # only in the encrypted payload


def input_errors(
    job_class: type[Job], data: Mapping[str, Any] | None, files: Mapping[str, Any] | None = None
) -> dict[str, list[str]]:
    """Every problem with `data`, by variable name; empty when it is valid."""
    try:
        _validated_form(job_class, data, files)
    except JobInputError as exc:
        return exc.errors
    return {}


def _validated_form(
    job_class: type[Job], data: Mapping[str, Any] | None, files: Mapping[str, Any] | None, fill_defaults: bool = True
) -> Any:
    # A QueryDict (an HTML form post) keeps its lists: MultipleChoice fields read them with getlist().
    data = data.copy() if hasattr(data, "getlist") else dict(data or {})
    # request.FILES is a MultiValueDict: dict() of it would give lists; .dict() gives the files.
    files = files.dict() if hasattr(files, "dict") else dict(files or {})
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - set(job_class.variables)):
        errors[name] = ["Unknown variable: this job has no input of that name."]
    for name, var in job_class.variables.items():
        if fill_defaults and name not in data and name not in files and var.default is not None:
            data[name] = var.serialize(var.default) if hasattr(var.default, "pk") else var.default
    form = job_class.as_form(data=data, files=files)
    if not form.is_valid():
        for name, messages in form.errors.items():
            errors.setdefault(name, []).extend(str(m) for m in messages)
    if errors:
        raise JobInputError(errors)
    return form


def prepare_input(
    job_class: type[Job],
    data: Mapping[str, Any] | None,
    files: Mapping[str, Any] | None = None,
    fill_defaults: bool = True,
) -> PreparedInput:
    """Validate `data` (JSON-like values, or lists for multi-value variables) and return it as storable JSON.

    Missing values take the variable's default (API, CLI) — except with `fill_defaults=False`, for an HTML form
    post, where a missing value means an unticked box or an emptied field. Unknown names are errors, so a typo
    never silently runs a job with a default.
    """
    form = _validated_form(job_class, data, files, fill_defaults)
    sensitive_names = job_class.sensitive_variable_names()
    public: dict[str, Any] = {}
    sensitive: dict[str, Any] = {}
    for name, var in job_class.variables.items():
        value = var.serialize(form.cleaned_data.get(name))
        if name in sensitive_names:
            sensitive[name] = value
            public[name] = REDACTED
        else:
            public[name] = value
    return PreparedInput(public=public, sensitive=sensitive)


def _fernet() -> Fernet:
    key = hashlib.sha256(f"netjobs-sensitive:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_sensitive(values: dict[str, Any]) -> bytes | None:
    return _fernet().encrypt(json.dumps(values).encode()) if values else None


def decrypt_sensitive(payload: bytes | memoryview | None) -> dict[str, Any]:
    if not payload:
        return {}
    try:
        return json.loads(_fernet().decrypt(bytes(payload)))
    except InvalidToken:
        raise ValidationError("The sensitive input could not be decrypted (was the secret key changed?)") from None


def load_run_data(job_class: type[Job], result: JobResult) -> dict[str, Any]:
    """The run's input as `run()` receives it: objects loaded, files opened, sensitive values decrypted."""
    stored = {**result.task_kwargs, **decrypt_sensitive(result.sensitive_payload)}
    return {name: var.deserialize(stored.get(name)) for name, var in job_class.variables.items()}


def submit(
    job: str | JobDefinition,
    data: Mapping[str, Any] | None = None,
    *,
    files: Mapping[str, Any] | None = None,
    fill_defaults: bool = True,
    user: AbstractBaseUser | None = None,
    commit: bool | None = None,
    queue: str | None = None,
    request_meta: Mapping[str, Any] | None = None,
    **fields: Any,
) -> JobResult:
    """Validate the input, create a pending JobResult and dispatch it after commit.

    `commit=None` takes the job's `commit_default`; read-only jobs never commit. Extra keyword arguments are
    JobResult fields describing the run (`comment`, `ticket_ref`, `scheduled_by`, `change_score`,
    `scheduled_job_id`, `parent_result`); anything else is a TypeError.
    """
    unknown = set(fields) - _RUN_FIELDS
    if unknown:
        raise TypeError(f"submit() got unexpected fields: {', '.join(sorted(unknown))}")
    from netjobs.jobs.queue import get_backend

    definition, job_class = resolve_job(job)
    if job_class.meta.read_only:
        commit = False
    elif commit is None:
        commit = job_class.meta.commit_default
    with transaction.atomic(using=BOOKKEEPING_ALIAS):
        # Inside the transaction: uploaded files stored by validation vanish with it when anything fails.
        prepared = prepare_input(job_class, data, files, fill_defaults)
        result = JobResult.objects.create(
            job_definition=definition,
            job_class_path=definition.class_path,
            name=definition.name,
            status=JobResultStatus.APPROVAL_REQUIRED if job_class.meta.approval_required else JobResultStatus.PENDING,
            lock_names=list(job_class.meta.locks),
            queue=queue or job_class.meta.queue or settings.NETJOBS_DEFAULT_QUEUE,
            user=user if user is not None and user.is_authenticated else None,
            user_name=user.get_username() if user is not None and user.is_authenticated else "",
            commit=bool(commit),
            task_kwargs=prepared.public,
            sensitive_payload=encrypt_sensitive(prepared.sensitive),
            request_meta=dict(request_meta or {}),
            **fields,
        )
        if result.status == JobResultStatus.PENDING:
            backend = get_backend()
            transaction.on_commit(lambda: backend.dispatch(result), using=BOOKKEEPING_ALIAS)
    return result
