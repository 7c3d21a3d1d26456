"""Web UI routes. Job pages are addressed by class path (`/jobs/local/example/MyJob/`), like the REST API."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from netjobs.web.views import inventory, jobs, locks, logs, options, results, schedules, tokens, workers

app_name = "web"

_JOB = "jobs/<str:source>/<str:module>/<str:job_class>/"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="web:job-list"), name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="web:login"), name="logout"),
    # Jobs
    path("jobs/", jobs.job_list, name="job-list"),
    path(_JOB, jobs.job_run, name="job"),
    # Results
    path("results/", results.result_list, name="result-list"),
    path("results/delete/", results.result_bulk_delete, name="result-bulk-delete"),
    path("results/retention/", results.result_retention, name="result-retention"),
    path("results/<int:pk>/", results.result_detail, name="result"),
    path("results/<int:pk>/summary/", results.result_summary, name="result-summary"),
    path("results/<int:pk>/output.<str:fmt>", results.result_output, name="result-output"),
    path("results/<int:pk>/cancel/", results.result_cancel, name="result-cancel"),
    path("results/<int:pk>/rerun/", results.result_rerun, name="result-rerun"),
    path("results/<int:pk>/approve/", results.result_approve, name="result-approve"),
    path("results/<int:pk>/log/", logs.log_table, name="result-log"),
    path("results/<int:pk>/log/stream/", logs.log_stream, name="result-log-stream"),
    # Locks and schedules
    path("locks/", locks.lock_list, name="lock-list"),
    path("locks/<int:pk>/clear/", locks.lock_clear, name="lock-clear"),
    path("schedules/", schedules.schedule_list, name="schedule-list"),
    path("workers/", workers.worker_list, name="worker-list"),
    path("tokens/", tokens.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("schedules/<int:pk>/toggle/", schedules.schedule_toggle, name="schedule-toggle"),
    # Inventory
    path("inventory/", inventory.inventory_index, name="inventory"),
    path("inventory/<str:app_label>/<str:model_name>/", inventory.object_list, name="inventory-list"),
    path("inventory/<str:app_label>/<str:model_name>/<int:pk>/", inventory.object_detail, name="inventory-detail"),
    # ObjectVar dropdowns
    path("ui/options/<str:model_label>/", options.object_options, name="object-options"),
]
