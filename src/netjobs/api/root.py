"""`GET /api/` (with the `API-Version` header Nautobot clients read) and `GET /api/status/`."""

from __future__ import annotations

import platform
from typing import Any

import django
from django.conf import settings
from django.db.models import Count
from django.urls import NoReverseMatch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobResult, Worker

_ACTIVE = (JobResultStatus.PENDING, JobResultStatus.RUNNING, JobResultStatus.APPROVAL_REQUIRED)

__all__ = ["API_VERSION", "APIRootView", "StatusView", "VersionHeaderMixin"]

#: The Nautobot REST API version whose paths and shapes `/api/extras/…` follows.
API_VERSION = "2.4"


class VersionHeaderMixin:
    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["API-Version"] = API_VERSION
        return response


class APIRootView(VersionHeaderMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: {"type": "object", "additionalProperties": {"type": "string"}}})
    def get(self, request: Request) -> Response:
        """The API's sections. The `API-Version` header names the Nautobot API version it is compatible with."""
        links: dict[str, str] = {}
        for name in ("circuits", "contracts", "dcim", "extras", "ipam", "jobs", "maintenance", "tenancy", "users"):
            try:
                links[name] = reverse(f"api:{name}:api-root", request=request)
            except NoReverseMatch:  # a section whose app is not installed
                continue
        for name in ("status", "schema", "docs", "cnaas-jobs", "cnaas-joblocks"):
            links[name] = reverse(f"api:{name}", request=request)
        return Response(links)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("netjobs")
    except PackageNotFoundError:
        return "unknown"


class StatusView(VersionHeaderMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: {"type": "object", "additionalProperties": True}})
    def get(self, request: Request) -> Response:
        """Versions, live workers and queue depth."""
        cutoff = timezone.now() - timezone.timedelta(seconds=settings.NETJOBS_WORKER_TIMEOUT)
        workers = list(Worker.objects.filter(last_heartbeat__gte=cutoff).values("name", "queues", "last_heartbeat"))
        rows = JobResult.objects.filter(status__in=_ACTIVE).values("queue", "status").annotate(n=Count("id")).order_by()
        by_status: dict[str, int] = dict.fromkeys(_ACTIVE, 0)
        pending: dict[str, int] = {}
        for row in rows:
            by_status[row["status"]] += row["n"]
            if row["status"] == JobResultStatus.PENDING:
                pending[row["queue"]] = row["n"]
        return Response(
            {
                "netjobs-version": _version(),
                "api-version": API_VERSION,
                "django-version": django.get_version(),
                "python-version": platform.python_version(),
                "queue-backend": settings.NETJOBS_QUEUE_BACKEND,
                "workers-running": len(workers),
                "workers": workers,
                "queue-depth": {
                    **{str(status): n for status, n in by_status.items()},
                    "pending_by_queue": pending,
                },
            }
        )
