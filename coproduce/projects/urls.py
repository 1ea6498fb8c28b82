from django.urls import path

from coproduce.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new", views.project_create, name="project_create"),
    path("projects/<uuid:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<uuid:project_id>/charter", views.project_edit, name="project_edit"),
    path("projects/<uuid:project_id>/status", views.project_status, name="project_status"),
    path("projects/<uuid:project_id>/history", views.project_history, name="project_history"),
    path("projects/<uuid:project_id>/stakeholders/new", views.stakeholder_add, name="stakeholder_add"),
    path(
        "projects/<uuid:project_id>/stakeholders/<uuid:involvement_id>/remove",
        views.stakeholder_remove,
        name="stakeholder_remove",
    ),
    path("projects/<uuid:project_id>/stages/new", views.stage_edit, name="stage_create"),
    path("projects/<uuid:project_id>/stages/<uuid:stage_id>/", views.stage_edit, name="stage_edit"),
    path("journey-areas/", views.journey_areas, name="journey_areas"),
]
