"""The project's URLs plus the two include lines this app asks for (the API section and the pages), so that the
contracts' UI and API are tested exactly as they will be mounted."""

from django.contrib import admin
from django.urls import include, path

from netjobs.api import urls as api_urls
from netjobs.contracts.api.urls import section

_name, _router, _extra = section()
api_patterns = [*api_urls.urlpatterns, path(f"{_name}/", include((_extra + _router.urls, _name), namespace=_name))]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"), namespace="api")),
    path("contracts/", include("netjobs.contracts.urls")),
    path("", include("netjobs.web.urls")),
]
