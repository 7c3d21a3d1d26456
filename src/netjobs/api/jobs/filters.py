"""Filters of the job, result and log line lists."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from netjobs.api.filters import BaseFilterSet, MultiValueNumberFilter
from netjobs.api.jobs.vocabulary import statuses_for
from netjobs.jobs.models import JobDefinition, JobLogEntry, JobResult

__all__ = ["JobFilterSet", "JobLogEntryFilterSet", "JobResultFilterSet"]


class JobFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "class_path", "grouping")
    grouping = django_filters.CharFilter()
    name = django_filters.CharFilter()
    class_path = django_filters.CharFilter()
    module_name = django_filters.CharFilter()
    job_class_name = django_filters.CharFilter()

    class Meta:
        model = JobDefinition
        fields = ["id", "source", "enabled", "installed", "hidden", "read_only"]


class CharInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """`?log_level=warning,failure`."""


class _StatusFilter(django_filters.CharFilter):
    """`?status=completed`, `?status=SUCCESS` or `?status=FINISHED`; comma-separated or repeated for several."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        wanted: list[str] = []
        for part in str(value).split(","):
            if part.strip():
                wanted += statuses_for(part.strip())
        return qs.filter(status__in=wanted)


class JobResultFilterSet(BaseFilterSet):
    search_fields = ("name", "job_class_path", "user_name", "comment", "ticket_ref")
    job = MultiValueNumberFilter(field_name="job_definition_id", lookup_expr="in", label="Job ids")
    job_id = MultiValueNumberFilter(field_name="job_definition_id", lookup_expr="in", label="Job ids")
    job_model = django_filters.CharFilter(method="filter_job_model", label="Job id or name (Nautobot)")
    job_model_id = MultiValueNumberFilter(field_name="job_definition_id", lookup_expr="in")
    class_path = django_filters.CharFilter(field_name="job_class_path")
    status = _StatusFilter(label="Status, in netjobs', Nautobot's or CNaaS-NMS's names")
    user = django_filters.CharFilter(field_name="user_name", label="Username")
    user_id = MultiValueNumberFilter(field_name="user_id", lookup_expr="in")
    queue = django_filters.CharFilter()
    created_after = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="lte")
    date_created__gte = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="gte")
    date_created__lte = django_filters.IsoDateTimeFilter(field_name="created", lookup_expr="lte")
    finished_after = django_filters.IsoDateTimeFilter(field_name="finished", lookup_expr="gte")
    finished_before = django_filters.IsoDateTimeFilter(field_name="finished", lookup_expr="lte")

    class Meta:
        model = JobResult
        fields = ["id"]

    @classmethod
    def get_filters(cls) -> Any:
        # No automatic relation filters here: `job_definition`/`user` are served by the explicit ones above.
        return super(BaseFilterSet, cls).get_filters()

    def filter_job_model(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if value.isdigit():
            return queryset.filter(job_definition_id=int(value))
        return queryset.filter(Q(name=value) | Q(job_class_path=value))


class JobLogEntryFilterSet(BaseFilterSet):
    search_fields = ("message", "log_object")
    job_result = MultiValueNumberFilter(field_name="job_result_id", lookup_expr="in", label="Result ids")
    job_result_id = MultiValueNumberFilter(field_name="job_result_id", lookup_expr="in")
    result = MultiValueNumberFilter(field_name="job_result_id", lookup_expr="in")
    log_level = CharInFilter(field_name="log_level", lookup_expr="in", label="Levels, comma-separated")
    grouping = django_filters.CharFilter()

    class Meta:
        model = JobLogEntry
        fields = ["id"]

    @classmethod
    def get_filters(cls) -> Any:
        return super(BaseFilterSet, cls).get_filters()
