"""Contracts pages, included by the project under `/contracts/` with the `contracts` namespace.

The detail routes are named after their models (`contracts:contract`, …), which is what
`BaseModel.get_absolute_url()` looks for.
"""

from __future__ import annotations

from django.urls import path

from netjobs.contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract-list"),
    path("<int:pk>/", views.contract_detail, name="contract"),
    path("providers/", views.provider_list, name="provider-list"),
    path("providers/<int:pk>/", views.provider_detail, name="serviceprovider"),
    path("assignments/", views.assignment_list, name="assignment-list"),
    path("assignments/<int:pk>/", views.assignment_detail, name="contractassignment"),
    path("coverage/", views.coverage_gaps, name="coverage"),
    path("cost-history/", views.cost_history, name="cost-history"),
    path("cost-history/<int:pk>/", views.costsnapshot_detail, name="costsnapshot"),
    path("renewals/", views.renewal_report, name="renewals"),
    path("renewals.csv", views.renewal_report_csv, name="renewals-csv"),
]
