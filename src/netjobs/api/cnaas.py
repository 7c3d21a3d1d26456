"""The CNaaS-NMS style job API: `GET /api/v1.0/jobs?per_page=&page=`, `GET /api/v1.0/job/<id>`,
`GET /api/v1.0/joblocks` and `DELETE /api/v1.0/joblocks` with `{"name": …}`.

Answers use CNaaS-NMS's envelope (`{"status": "success", "data": …}` or `{"status": "error", "message": …}`),
field names and states (SCHEDULED, RUNNING, FINISHED, EXCEPTION, ABORTED, ABORTING).

Locks are read and cleared only through `list_locks()` and `clear_lock()` below, the one seam between this API and
the lock implementation (`netjobs.jobs.locks`, JobLock rows taken atomically with the claim of a run).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from netjobs.api.jobs import access
from netjobs.api.jobs.vocabulary import cnaas_state
from netjobs.api.pagination import capped_count
from netjobs.api.permissions import TokenWritePermission
from netjobs.api.root import VersionHeaderMixin
from netjobs.jobs.models import JobResult

__all__ = [
    "LOCK_CLEAR_PERMISSION",
    "LOCK_VIEW_PERMISSION",
    "CnaasJobLocksView",
    "CnaasJobView",
    "CnaasJobsView",
    "LockInfo",
    "clear_lock",
    "cnaas_job",
    "list_locks",
]

LOCK_VIEW_PERMISSION = "jobs.view_joblock"
LOCK_CLEAR_PERMISSION = "jobs.clear_joblock"
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 1000


# --- the lock seam -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LockInfo:
    name: str
    job_id: int | None
    start_time: str | None
    abort: bool = False


def list_locks() -> list[LockInfo]:
    """The locks held now, by name."""
    from netjobs.jobs.models import JobLock

    return [
        LockInfo(name=lock.name, job_id=lock.job_result_id, start_time=lock.acquired.isoformat(), abort=False)
        for lock in JobLock.objects.order_by("name")
    ]


def clear_lock(name: str) -> bool:
    """Remove a lock by hand (it is normally released when its run ends). True if it was held."""
    from netjobs.jobs import locks

    return locks.clear(name)


# --- jobs ----------------------------------------------------------------------------------------------------
def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def cnaas_job(result: JobResult) -> dict[str, Any]:
    """One run in CNaaS-NMS's job shape."""
    items = result.item_results or {}
    if items:
        outcome: Any = {
            "devices": {
                name: {"failed": bool(item.get("failed")), "job_tasks": [], "result": item.get("result")}
                for name, item in items.items()
            }
        }
    else:
        outcome = result.result
    exception = None
    if result.error or result.traceback:
        exception = {
            "message": result.error or result.traceback.strip().splitlines()[-1],
            "traceback": result.traceback,
        }
    return {
        "id": result.pk,
        "status": cnaas_state(result.status, cancel_requested=result.cancel_requested),
        "scheduled_time": _iso(result.created),
        "start_time": _iso(result.started),
        "finish_time": _iso(result.finished),
        "function_name": result.job_class_path,
        "scheduled_by": result.scheduled_by or result.user_name or None,
        "comment": result.comment or None,
        "ticket_ref": result.ticket_ref or None,
        "next_job_id": result.next_result_id,
        "result": outcome,
        "exception": exception,
        "finished_devices": list(result.finished_items or []),
        "change_score": result.change_score,
    }


class _CnaasView(VersionHeaderMixin, APIView):
    """Errors in CNaaS-NMS's envelope."""

    permission_classes = [TokenWritePermission]
    pagination_class = None

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        detail = response.data
        if isinstance(detail, dict) and set(detail) == {"detail"}:
            message: Any = str(detail["detail"])
        else:
            message = detail
        response.data = {"status": "error", "message": message}
        return response


def _positive(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    if not str(raw).isdigit() or int(raw) < 1:
        raise ValidationError(f"{name} must be a positive integer")
    return min(int(raw), maximum) if maximum else int(raw)


class CnaasJobsView(_CnaasView):
    @extend_schema(
        parameters=[
            OpenApiParameter("per_page", int, description=f"Jobs per page (default {DEFAULT_PER_PAGE})"),
            OpenApiParameter("page", int, description="Page number, from 1"),
        ],
        responses={200: {"type": "object", "additionalProperties": True}},
    )
    def get(self, request: Request) -> Response:
        """Jobs, newest first, in CNaaS-NMS's envelope; `X-Total-Count` says how many (capped, like `count`)."""
        if not access.can_list_results(request.user):
            raise PermissionDenied("You need the permission to view job results or to run jobs.")
        per_page = _positive(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        page = _positive(request, "page", 1)
        queryset = access.visible_results(request.user).order_by("-id")
        start = (page - 1) * per_page
        jobs = [cnaas_job(result) for result in queryset[start : start + per_page]]
        total, _exact = capped_count(queryset)
        response = Response({"status": "success", "data": {"jobs": jobs}})
        response["X-Total-Count"] = str(total)
        return response


class CnaasJobView(_CnaasView):
    @extend_schema(responses={200: {"type": "object", "additionalProperties": True}})
    def get(self, request: Request, job_id: int) -> Response:
        """One job, in CNaaS-NMS's envelope (a list of one, as CNaaS-NMS answers)."""
        result = access.visible_results(request.user).filter(pk=job_id).first()
        if result is None:
            raise NotFound(f"No job with id {job_id} found")
        return Response({"status": "success", "data": {"jobs": [cnaas_job(result)]}})


class CnaasJobLocksView(_CnaasView):
    @extend_schema(responses={200: {"type": "object", "additionalProperties": True}})
    def get(self, request: Request) -> Response:
        """The locks held now."""
        if not request.user.has_perm(LOCK_VIEW_PERMISSION):
            raise PermissionDenied("You need the permission to view job locks.")
        return Response({"status": "success", "data": {"locks": [asdict(lock) for lock in list_locks()]}})

    @extend_schema(
        request={"application/json": {"type": "object", "properties": {"name": {"type": "string"}}}},
        responses={200: {"type": "object", "additionalProperties": True}},
    )
    def delete(self, request: Request) -> Response:
        """Clear a lock by name (make sure no run holding it is still running first)."""
        if not request.user.has_perm(LOCK_CLEAR_PERMISSION):
            raise PermissionDenied("You need the permission to clear job locks.")
        data = request.data if isinstance(request.data, dict) else {}
        unknown = sorted(set(data) - {"name"})
        if unknown:
            raise ValidationError({name: ["Unknown field."] for name in unknown})
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValidationError({"name": ["A lock name (string) is required."]})
        if not clear_lock(name):
            return Response({"status": "error", "message": f"No lock named {name!r}"}, status=status.HTTP_404_NOT_FOUND)
        return Response({"status": "success", "data": f"Lock {name!r} cleared"})
