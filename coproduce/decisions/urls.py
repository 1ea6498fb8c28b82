"""Decisions and promises pages: see coproduce/decisions/views/."""

from django.urls import path

from coproduce.decisions import views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/export", views.decision_export, name="decision_export"),
    path("decisions/<uuid:decision_id>/", views.decision_detail, name="decision_detail"),
    path("decisions/<uuid:decision_id>/edit", views.decision_edit, name="decision_edit"),
    path("projects/<uuid:project_id>/decisions/", views.project_decision_list, name="project_decision_list"),
    path("projects/<uuid:project_id>/decisions/new", views.decision_create, name="decision_create"),
    path("promises/", views.promise_list, name="promise_list"),
    path("promises/new", views.promise_create, name="promise_create"),
    path("promises/<uuid:promise_id>/", views.promise_detail, name="promise_detail"),
    path("promises/<uuid:promise_id>/status", views.promise_status, name="promise_status"),
]
