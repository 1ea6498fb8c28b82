from django.urls import path

from coproduce.equality import views

app_name = "equality"

urlpatterns = [
    path("equality/", views.summary, name="summary"),
    path("people/<uuid:person_id>/equality", views.person_answers, name="person_answers"),
    path("my/<str:link>/about-you", views.my_answers, name="my_answers"),
]
