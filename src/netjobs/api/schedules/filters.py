"""Filters of `/api/extras/scheduled-jobs/`: by job, enabled, interval (any vocabulary), user and text."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from netjobs.api.filters import BaseFilterSet, MultiValueNumberFilter
from netjobs.api.schedules.vocabulary import REQUEST_INTERVALS
from netjobs.scheduling.models import ScheduledJob

__all__ = ["ScheduledJobFilterSet"]


class _IntervalFilter(django_filters.CharFilter):
    """`?interval=daily`, `?interval=custom` (Nautobot) or `?interval=crontab` (netjobs); comma-separated."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        kinds = {REQUEST_INTERVALS.get(part.strip().lower()) for part in str(value).split(",") if part.strip()}
        return qs.filter(interval_type__in=[kind for kind in kinds if kind is not None])


class ScheduledJobFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "job__name", "job__class_path", "created_by", "crontab")
    job = django_filters.CharFilter(method="filter_job", label="Job id, class path or name")
    job_model = django_filters.CharFilter(method="filter_job", label="Job id, class path or name (Nautobot)")
    job_id = MultiValueNumberFilter(field_name="job_id", lookup_expr="in", label="Job ids")
    job_model_id = MultiValueNumberFilter(field_name="job_id", lookup_expr="in", label="Job ids (Nautobot)")
    class_path = django_filters.CharFilter(field_name="job__class_path")
    task = django_filters.CharFilter(field_name="job__class_path", label="Job class path (Nautobot)")
    name = django_filters.CharFilter()
    enabled = django_filters.BooleanFilter()
    system_job = django_filters.BooleanFilter()
    interval = _IntervalFilter(label="Schedule kind, in Nautobot's or netjobs' names")
    interval_type = _IntervalFilter(label="Schedule kind (netjobs' names)")
    user = django_filters.CharFilter(field_name="created_by", label="Username the schedule runs as")
    user_id = MultiValueNumberFilter(field_name="user_id", lookup_expr="in")
    next_run_before = django_filters.IsoDateTimeFilter(field_name="next_run", lookup_expr="lte")
    next_run_after = django_filters.IsoDateTimeFilter(field_name="next_run", lookup_expr="gte")

    class Meta:
        model = ScheduledJob
        fields = ["id"]

    @classmethod
    def get_filters(cls) -> Any:
        # No automatic relation filters: `job`/`user` are served by the explicit ones above.
        return super(BaseFilterSet, cls).get_filters()

    def filter_job(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if value.isdigit():
            return queryset.filter(job_id=int(value)) if int(value) < 2**63 else queryset.none()
        return queryset.filter(Q(job__class_path=value) | Q(job__name=value))
