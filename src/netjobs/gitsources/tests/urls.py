"""URLs of the Git source API tests: the repositories mounted as the API would (`/api/extras/git-repositories/`)."""

from django.contrib import admin
from django.urls import include, path

from netjobs.api.jobs.urls import register as register_jobs
from netjobs.api.routers import Router
from netjobs.gitsources.api import register

extras = Router("extras")
register(extras)
extras_paths = register_jobs(extras, nautobot=True)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(([path("extras/", include((extras_paths + extras.urls, "extras")))], "api"))),
]
