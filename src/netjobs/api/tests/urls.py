"""The URLs of the API tests: the admin and the API, exactly as `netjobs.urls` mounts them, without the web UI
(so that the API's tests do not depend on the UI's)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("netjobs.api.urls")),
]
