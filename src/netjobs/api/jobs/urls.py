"""Job routes for one namespace: `extras` (the spec's and Nautobot 2's paths) or `jobs` (netjobs' own)."""

from __future__ import annotations

from django.urls import URLPattern, re_path

from netjobs.api.jobs.views import (
    JobLogEntryViewSet,
    JobResultViewSet,
    JobViewSet,
    NautobotJobResultViewSet,
    NautobotJobViewSet,
)
from netjobs.api.routers import Router

__all__ = ["register"]

CLASS_PATH = r"(?P<class_path>[^/]+/[^/]+/[^/]+)"


def register(router: Router, *, nautobot: bool) -> list[URLPattern]:
    """Register the job view sets on `router`; returns the class-path routes to put before the router's."""
    job_views = NautobotJobViewSet if nautobot else JobViewSet
    jobs = "jobs" if nautobot else "definitions"
    router.register(jobs, job_views, basename="job")
    router.register(
        "job-results" if nautobot else "results",
        NautobotJobResultViewSet if nautobot else JobResultViewSet,
        basename="jobresult",
    )
    router.register("job-logs" if nautobot else "logs", JobLogEntryViewSet, basename="joblogentry")
    return [
        re_path(
            rf"^{jobs}/{CLASS_PATH}/$",
            job_views.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}, detail=True),
            name="job-detail-by-class-path",
        ),
        re_path(
            rf"^{jobs}/{CLASS_PATH}/run/$",
            job_views.as_view({"post": "run"}, detail=True),
            name="job-run-by-class-path",
        ),
        re_path(
            rf"^{jobs}/{CLASS_PATH}/variables/$",
            job_views.as_view({"get": "variables"}, detail=True),
            name="job-variables-by-class-path",
        ),
    ]
