"""Everything a job author needs: `from netjobs.apps.jobs import Job, StringVar, ObjectVar, …`."""

from netjobs.jobs.base import Job, JobMeta
from netjobs.jobs.choices import JobResultStatus, LogLevel
from netjobs.jobs.runner import SoftTimeLimitExceeded
from netjobs.jobs.variables import (
    BooleanVar,
    ChoiceVar,
    DateTimeVar,
    DateVar,
    FileVar,
    FloatVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    JSONVar,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    ScriptVariable,
    StringVar,
    TextVar,
)

__all__ = [
    "BooleanVar",
    "ChoiceVar",
    "DateTimeVar",
    "DateVar",
    "FileVar",
    "FloatVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "JSONVar",
    "Job",
    "JobMeta",
    "JobResultStatus",
    "LogLevel",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "ScriptVariable",
    "SoftTimeLimitExceeded",
    "StringVar",
    "TextVar",
]
