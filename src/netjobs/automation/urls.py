"""`/automation/…`: job button runs and output file downloads."""

from django.urls import path

from netjobs.automation import views

app_name = "automation"

urlpatterns = [
    path("buttons/<int:pk>/run/<int:content_type_id>/<int:object_id>/", views.button_run, name="button-run"),
    path("results/<int:pk>/files/<int:file_id>/", views.file_download, name="file-download"),
]
