from django.urls import path

from coproduce.people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<uuid:person_id>/", views.person_detail, name="person_detail"),
]
