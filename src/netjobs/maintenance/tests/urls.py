"""The project's URLs with the maintenance API section and pages mounted the way docs/maintenance.md asks the
project to mount them, so the tests do not depend on `netjobs.urls` including them yet. The first `api`
namespace wins when reversing, so this one (with the `maintenance` section) is the one used."""

from django.urls import include, path

from netjobs import urls as project
from netjobs.api import urls as api_urls
from netjobs.maintenance.api.urls import router

api_patterns = [
    *api_urls.urlpatterns,
    path("maintenance/", include((router.urls, "maintenance"), namespace="maintenance")),
]

urlpatterns = [
    path("api/", include((api_patterns, "api"), namespace="api")),
    path("maintenance/", include("netjobs.maintenance.urls")),
    *project.urlpatterns,
]
