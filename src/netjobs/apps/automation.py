"""Public API for automation: the base class of jobs that job hooks start, and the output file errors."""

from netjobs.automation.receiver import JobHookReceiver
from netjobs.automation.records.storage import OutputFileError, OutputFileTooLarge

__all__ = ["JobHookReceiver", "OutputFileError", "OutputFileTooLarge"]
