"""Shared models for job authors: statuses, tags and the change log (Nautobot's `extras.models`)."""

from netjobs.core.models import ObjectChange, ObjectChangeAction, Status, Tag

__all__ = ["ObjectChange", "ObjectChangeAction", "Status", "Tag"]
