"""Only the admin: the events tests must not depend on the state of the web UI's and the API's URL confs."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
