"""The Job base class that job authors subclass.

A job is plain Python: variables as class attributes, a `run()` method, optional `test_*()` methods and a
`post_run()`. Everything about executing it (transactions, logging, status) lives in the runner; this class
only describes the job and gives its code the logging API.
"""

from __future__ import annotations

import inspect
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import yaml
from django import forms

from netjobs.jobs.choices import LogLevel
from netjobs.jobs.variables import ScriptVariable, ordered_variables

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from netjobs.jobs.logging import RunLog
    from netjobs.jobs.models import JobResult

__all__ = ["Job", "JobMeta"]

# Meta options and their defaults. Anything else in Meta is kept in `JobMeta.extra` for later features.
_META_DEFAULTS: dict[str, Any] = {
    "name": None,
    "description": "",
    "commit_default": True,
    "field_order": (),
    "read_only": False,
    "hidden": False,
    "has_sensitive_variables": False,
    "soft_time_limit": None,
    "time_limit": None,
    "queue": None,
    "approval_required": False,
    "locks": (),
    "lock_timeout": None,
    "next_job": None,
}


@dataclass(frozen=True)
class JobMeta:
    """A job class's resolved Meta options (Meta first, then same-named class attributes, then defaults)."""

    name: str
    description: str
    commit_default: bool
    field_order: tuple[str, ...]
    read_only: bool
    hidden: bool
    has_sensitive_variables: bool
    soft_time_limit: float | None
    time_limit: float | None
    queue: str | None
    approval_required: bool
    locks: tuple[str, ...]
    lock_timeout: float | None
    next_job: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "commit_default": self.commit_default,
            "field_order": list(self.field_order),
            "read_only": self.read_only,
            "hidden": self.hidden,
            "has_sensitive_variables": self.has_sensitive_variables,
            "soft_time_limit": self.soft_time_limit,
            "time_limit": self.time_limit,
            "queue": self.queue,
            "approval_required": self.approval_required,
            "locks": list(self.locks),
            "lock_timeout": self.lock_timeout,
            "next_job": self.next_job,
        }


def _resolve_meta(cls: type[Job]) -> JobMeta:
    meta_cls = getattr(cls, "Meta", None)
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, default in _META_DEFAULTS.items():
        if meta_cls is not None and hasattr(meta_cls, key):
            values[key] = getattr(meta_cls, key)
        elif key in ("name", "description", "field_order", "read_only", "commit_default") and isinstance(
            getattr(cls, key, None), str | bool | list | tuple
        ):
            # Legacy form: `description = "..."` directly on the class (the spec's DeviceConnectionsReport).
            values[key] = getattr(cls, key)
        else:
            values[key] = default
    if meta_cls is not None:
        extra = {k: v for k, v in vars(meta_cls).items() if not k.startswith("_") and k not in _META_DEFAULTS}
        if "Meta" not in cls.__dict__:
            extra.pop("abstract", None)  # an abstract base's subclasses are real jobs
    values["name"] = values["name"] or cls.__name__
    values["field_order"] = tuple(values["field_order"] or ())
    values["locks"] = tuple(values["locks"] or ())
    return JobMeta(**values, extra=extra)


class Job:
    """Base class of every job. Subclass it, declare variables, implement `run()` and/or `test_*()`."""

    meta: ClassVar[JobMeta]
    variables: ClassVar[dict[str, ScriptVariable]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        variables: dict[str, ScriptVariable] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, ScriptVariable):
                    value.name = name
                    variables[name] = value
        cls.variables = variables
        cls.meta = _resolve_meta(cls)

    def __init__(self) -> None:
        self.failed = False
        self.result: JobResult | None = None
        self.request: Any = None
        self.user: AbstractBaseUser | None = None
        self.data: dict[str, Any] = {}
        self.commit = False
        self.dryrun = True
        self.active_test = "run"
        self.parent_result: JobResult | None = None  # the run that chained to this one
        self.next_job_data: dict[str, Any] = {}  # input for Meta.next_job, set by run()
        self.logger = logging.getLogger(f"netjobs.job.{type(self).__module__}.{type(self).__name__}")
        self._log: RunLog | None = None

    def __str__(self) -> str:
        return self.meta.name

    # --- description -----------------------------------------------------------------------------------------
    @classmethod
    def class_name(cls) -> str:
        return cls.__name__

    @classmethod
    def source_path(cls) -> Path | None:
        module = sys.modules.get(cls.__module__)
        path = getattr(module, "__file__", None)
        return Path(path).resolve() if path else None

    @classmethod
    def ordered_tests(cls) -> list[str]:
        """The `test_*` methods, in declaration order (base classes first)."""
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if name.startswith("test_") and callable(value) and klass is not Job and name not in names:
                    names.append(name)
        return names

    @classmethod
    def has_run(cls) -> bool:
        return cls.run is not Job.run

    @classmethod
    def ordered_variable_names(cls) -> list[str]:
        return ordered_variables(cls.variables, cls.meta.field_order)

    @classmethod
    def as_form(cls, data: Any = None, files: Any = None, *, initial: dict[str, Any] | None = None) -> forms.Form:
        """A Django form with one field per variable, in `field_order`."""
        fields = {name: cls.variables[name].as_field() for name in cls.ordered_variable_names()}
        form_class = type(f"{cls.__name__}Form", (forms.Form,), fields)
        return form_class(data=data, files=files, initial=initial)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The job's input as a JSON schema object."""
        names = cls.ordered_variable_names()
        return {
            "type": "object",
            "properties": {name: cls.variables[name].json_schema() for name in names},
            "required": [name for name in names if cls.variables[name].required],
            "additionalProperties": False,
        }

    @classmethod
    def sensitive_variable_names(cls) -> set[str]:
        if cls.meta.has_sensitive_variables:
            return set(cls.variables)
        return {name for name, var in cls.variables.items() if var.sensitive}

    # --- the job's code --------------------------------------------------------------------------------------
    def run(self, data: dict[str, Any], commit: bool) -> Any:
        """Override with the job's work. Either `run(self, data, commit)` or `run(self, *, dryrun, **variables)`."""
        return None

    def post_run(self) -> None:
        """Override for clean-up that must happen even after an error. `self.failed` tells the outcome."""

    @classmethod
    def run_takes_data_and_commit(cls) -> bool:
        params = inspect.signature(cls.run).parameters
        return "data" in params and "commit" in params

    # --- logging ---------------------------------------------------------------------------------------------
    def _emit(self, level: str, obj: Any, message: Any) -> None:
        if message is None and isinstance(obj, str):
            obj, message = None, obj  # log_info("text") — the message given as the first argument
        if level == LogLevel.FAILURE:
            self.failed = True
        if self._log is None:
            # Not running under the runner (e.g. a unit test calling run() directly): use the logger.
            self.logger.log(LogLevel.to_logging(level), "%s", message)
            return
        self._log.add(level, "" if message is None else str(message), obj=obj, grouping=self.active_test)

    def log(self, message: Any) -> None:
        self._emit(LogLevel.INFO, None, message)

    def log_debug(self, message: Any) -> None:
        self._emit(LogLevel.DEBUG, None, message)

    def log_success(self, obj: Any = None, message: Any = None) -> None:
        self._emit(LogLevel.SUCCESS, obj, message)

    def log_info(self, obj: Any = None, message: Any = None) -> None:
        self._emit(LogLevel.INFO, obj, message)

    def log_warning(self, obj: Any = None, message: Any = None) -> None:
        self._emit(LogLevel.WARNING, obj, message)

    def log_failure(self, obj: Any = None, message: Any = None) -> None:
        self._emit(LogLevel.FAILURE, obj, message)

    # --- progress and cancellation ----------------------------------------------------------------------------
    def progress(self, done: int, total: int | None = None) -> None:
        """Report progress (`done` of `total`); shown live as a progress bar, persisted every ~2 s."""
        if self._log is not None:
            self._log.set_progress(done, total)

    def item_finished(self, name: str, *, result: Any = None, failed: bool = False) -> None:
        """Record one finished item (a device, say) with its result; listed live like CNaaS `finished_devices`."""
        if self._log is not None:
            self._log.item_finished(name, result=result, failed=failed)

    def is_cancel_requested(self) -> bool:
        """True once someone asked this run to stop: check it in long loops and return early."""
        if self.result is None:
            return False
        from netjobs.jobs.models import JobResult

        return JobResult.objects.filter(pk=self.result.pk, cancel_requested=True).exists()

    # --- output files ----------------------------------------------------------------------------------------
    def create_file(self, name: str, content: str | bytes) -> Any:
        """Store a file with this run's result (downloadable from the UI and API; deleted with the result).

        Text is stored UTF-8 encoded; larger than `NETJOBS_MAX_OUTPUT_FILE_SIZE` raises OutputFileTooLarge.
        """
        from netjobs.automation.records.storage import create_file  # lazy: the framework imports no app

        return create_file(self, name, content)

    # --- data files ------------------------------------------------------------------------------------------
    def _data_file(self, filename: str) -> Path:
        base = self.source_path()
        root = base.parent if base else Path.cwd()
        path = (root / filename).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"{filename!r} is outside the job's folder {root}")
        return path

    def load_yaml(self, filename: str) -> Any:
        """Load a YAML file from the job module's folder (paths that escape it are refused)."""
        with self._data_file(filename).open() as fh:
            return yaml.safe_load(fh)

    def load_json(self, filename: str) -> Any:
        """Load a JSON file from the job module's folder (paths that escape it are refused)."""
        with self._data_file(filename).open() as fh:
            return json.load(fh)
