"""Maintenance pages, mounted by the project at `/maintenance/` (namespace `maintenance`).

The names follow `BaseModel.get_absolute_url()`: `maintenance:circuitmaintenance` and `maintenance:notification`
take the object's pk, so log lines and links about those objects lead here.
"""

from django.urls import path

from netjobs.maintenance import views

app_name = "maintenance"

urlpatterns = [
    path("", views.maintenance_list, name="circuitmaintenance-list"),
    path("<int:pk>/", views.maintenance_detail, name="circuitmaintenance"),
    path("<int:pk>/ack/", views.maintenance_ack, name="circuitmaintenance-ack"),
    path("<int:pk>/notes/", views.note_add, name="maintenancenote-add"),
    path("calendar/", views.maintenance_calendar, name="calendar"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/upload/", views.notification_upload, name="notification-upload"),
    path("notifications/<int:pk>/", views.notification_detail, name="notification"),
    path("notifications/<int:pk>/raw/", views.notification_raw, name="notification-raw"),
]
