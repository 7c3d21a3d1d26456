"""`Job.create_file()`: store a file with the run's result, through the bookkeeping alias.

Written on the bookkeeping connection, so a file survives a dry run's rollback like the log does. Creating a
file of the same name again replaces it.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from netjobs.automation.conf import setting
from netjobs.automation.records.models import OutputFile

if TYPE_CHECKING:
    from netjobs.jobs.base import Job

__all__ = ["OutputFileError", "OutputFileTooLarge", "clean_name", "create_file", "max_size"]


class OutputFileError(ValueError):
    """The file cannot be stored (bad name, no run)."""


class OutputFileTooLarge(OutputFileError):
    """The content is larger than NETJOBS_MAX_OUTPUT_FILE_SIZE."""


def max_size() -> int:
    return int(setting("max_output_file_size"))


def clean_name(name: str) -> str:
    """The file's base name; directories, empty names and control characters are refused."""
    base = PureWindowsPath(PurePosixPath(str(name)).name).name.strip()
    if not base or base in (".", "..") or base != str(name).strip():
        raise OutputFileError(f"{name!r} is not a plain file name (no folders)")
    if any(ord(ch) < 32 or ch in '"\x7f' for ch in base):
        raise OutputFileError(f"{name!r} contains control characters or quotes")
    if len(base) > 255:
        raise OutputFileError("File names are at most 255 characters long")
    return base


def create_file(job: Job, name: str, content: str | bytes) -> OutputFile:
    """Store `content` (text is UTF-8 encoded) as the file `name` of the job's current run."""
    if job.result is None:
        raise OutputFileError("create_file() needs a run: it is only available while the runner runs the job")
    if isinstance(content, str):
        data = content.encode("utf-8")
    elif isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
    else:
        raise TypeError(f"create_file() takes str or bytes content, not {type(content).__name__}")
    filename = clean_name(name)
    limit = max_size()
    if len(data) > limit:
        raise OutputFileTooLarge(
            f"Output file {filename!r} is {len(data)} bytes, more than the limit of {limit} bytes "
            "(NETJOBS_MAX_OUTPUT_FILE_SIZE)"
        )
    guessed = mimetypes.guess_type(filename)[0]
    content_type = guessed or ("text/plain" if isinstance(content, str) else "application/octet-stream")
    stored, _ = OutputFile.objects.update_or_create(
        job_result_id=job.result.pk,
        name=filename,
        defaults={"content": data, "size": len(data), "content_type": content_type},
    )
    return stored
