from django.urls import path

from coproduce.datarights import views

app_name = "datarights"

urlpatterns = [
    path("data-rights/", views.request_list, name="request_list"),
    path("data-rights/new", views.request_create, name="request_create"),
    path("data-rights/retention", views.retention, name="retention"),
    path("data-rights/<uuid:rights_request_id>/", views.request_detail, name="request_detail"),
    path("people/<uuid:person_id>/export", views.person_export, name="person_export"),
    path("people/<uuid:person_id>/erase", views.person_erase, name="person_erase"),
    path("my/<str:link>/request/<slug:kind>", views.my_request, name="my_request"),
]
