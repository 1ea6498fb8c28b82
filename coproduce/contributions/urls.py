"""Contributions pages: see coproduce/contributions/views.py."""

from django.urls import path

from coproduce.contributions import views

app_name = "contributions"

urlpatterns = [
    path("projects/<uuid:project_id>/contributions/", views.contribution_list, name="contribution_list"),
    path("projects/<uuid:project_id>/contributions/new", views.contribution_create, name="contribution_create"),
    path("contributions/themes/", views.theme_list, name="theme_list"),
    path("contributions/themes/<uuid:theme_id>/", views.theme_edit, name="theme_edit"),
    path("contributions/themes/<uuid:theme_id>/delete", views.theme_delete, name="theme_delete"),
    path("contributions/<uuid:contribution_id>/", views.contribution_detail, name="contribution_detail"),
    path("contributions/<uuid:contribution_id>/edit", views.contribution_edit, name="contribution_edit"),
    path("contributions/<uuid:contribution_id>/delete", views.contribution_delete, name="contribution_delete"),
    path("contributions/<uuid:contribution_id>/file", views.contribution_file, name="contribution_file"),
]
