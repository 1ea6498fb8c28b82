"""Payments pages: see coproduce/payments/views.py."""

from django.urls import path

from coproduce.payments import views

app_name = "payments"

urlpatterns = [
    path("payments/", views.line_list, name="line_list"),
    path("payments/export", views.export, name="export"),
    path("payments/policy", views.policy, name="policy"),
    path("payments/<uuid:line_id>/", views.line_detail, name="line_detail"),
    path("activities/<uuid:activity_id>/expenses/new", views.expense_for_activity, name="expense_for_activity"),
    path("people/<uuid:person_id>/expenses/new", views.expense_for_person, name="expense_for_person"),
]
