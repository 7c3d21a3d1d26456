"""URL wiring."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("netjobs.api.urls")),
    path("contracts/", include("netjobs.contracts.urls")),
    path("", include("netjobs.web.urls")),
]
