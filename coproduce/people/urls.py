from django.urls import path

from coproduce.people import views, views_transfer

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new", views.person_create, name="person_create"),
    path("people/duplicates", views.duplicates, name="duplicates"),
    path("people/import", views_transfer.import_start, name="import_start"),
    path("people/import/<uuid:import_id>/columns", views_transfer.import_map, name="import_map"),
    path("people/import/<uuid:import_id>/check", views_transfer.import_check, name="import_check"),
    path("people/export", views_transfer.export, name="export"),
    path("people/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("people/<uuid:person_id>/edit", views.person_edit, name="person_edit"),
    path("people/<uuid:person_id>/access-needs", views.access_needs_edit, name="access_needs_edit"),
    path("people/<uuid:person_id>/household", views.person_household, name="person_household"),
    path("people/<uuid:person_id>/merge/<uuid:other_id>", views.person_merge, name="person_merge"),
    path("households/<uuid:household_id>/", views.household_detail, name="household_detail"),
    path("households/<uuid:household_id>/edit", views.household_edit, name="household_edit"),
    path("households/<uuid:household_id>/children/new", views.child_edit, name="child_add"),
    path("households/<uuid:household_id>/children/<uuid:child_id>/", views.child_edit, name="child_edit"),
    path("households/<uuid:household_id>/children/<uuid:child_id>/remove", views.child_remove, name="child_remove"),
    path(
        "households/<uuid:household_id>/members/<uuid:person_id>/remove",
        views.household_member_remove,
        name="household_member_remove",
    ),
]
