"""`/api/…`: one router (and URL namespace) per section, the root, status, schema and docs, and CNaaS-NMS v1.0."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

from netjobs.api import cnaas
from netjobs.api.inventory import register_extras
from netjobs.api.inventory import sections as inventory_sections
from netjobs.api.jobs.urls import register as register_jobs
from netjobs.api.root import APIRootView, StatusView
from netjobs.api.routers import Router
from netjobs.api.schedules.urls import register as register_schedules
from netjobs.api.users.urls import register as register_users
from netjobs.automation.api import register as register_automation
from netjobs.contracts.api.urls import router as contracts_router
from netjobs.gitsources.api import register as register_git
from netjobs.maintenance.api.urls import router as maintenance_router

__all__ = ["urlpatterns"]

app_name = "api"

extras = Router("extras")
jobs = Router("jobs")
users = Router("users")
extras_paths = register_jobs(extras, nautobot=True)
register_schedules(extras)
jobs_paths = register_jobs(jobs, nautobot=False)
register_users(users)
register_automation(extras)
register_git(extras)

_schema_json = SpectacularJSONAPIView.as_view()
_swagger = SpectacularSwaggerView.as_view(url_name="api:schema")


def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI; `?format=openapi` answers the schema itself, where Nautobot clients look for it."""
    if request.GET.get("format") == "openapi":
        request.GET = request.GET.copy()
        del request.GET["format"]
        return _schema_json(request)
    return _swagger(request)


register_extras(extras)
sections = [("extras", extras, extras_paths), ("jobs", jobs, jobs_paths), ("users", users, [])]
sections.append(("maintenance", maintenance_router, []))

urlpatterns = [
    path("", APIRootView.as_view(), name="api-root"),
    path("status/", StatusView.as_view(), name="status"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # CNaaS-NMS paths have no trailing slash; one is tolerated (and left out of the schema).
    re_path(r"^v1\.0/jobs$", cnaas.CnaasJobsView.as_view(), name="cnaas-jobs"),
    re_path(r"^v1\.0/job/(?P<job_id>[0-9]+)$", cnaas.CnaasJobView.as_view(), name="cnaas-job"),
    re_path(r"^v1\.0/joblocks$", cnaas.CnaasJobLocksView.as_view(), name="cnaas-joblocks"),
    re_path(r"^v1\.0/jobs/$", cnaas.CnaasJobsView.as_view(schema=None)),
    re_path(r"^v1\.0/job/(?P<job_id>[0-9]+)/$", cnaas.CnaasJobView.as_view(schema=None)),
    re_path(r"^v1\.0/joblocks/$", cnaas.CnaasJobLocksView.as_view(schema=None)),
]
for name, router, extra_paths in [*sections, *inventory_sections]:
    urlpatterns.append(path(f"{name}/", include((extra_paths + router.urls, name), namespace=name)))
urlpatterns.append(path("contracts/", include((contracts_router.urls, "contracts"), namespace="contracts")))
