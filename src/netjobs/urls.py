"""URL wiring."""

from django.contrib import admin
from django.urls import include, path

from netjobs.automation.metrics import metrics_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("netjobs.api.urls")),
    path("contracts/", include("netjobs.contracts.urls")),
    path("maintenance/", include("netjobs.maintenance.urls")),
    path("automation/", include("netjobs.automation.urls")),
    path("metrics", metrics_view, name="metrics"),
    path("", include("netjobs.web.urls")),
]
