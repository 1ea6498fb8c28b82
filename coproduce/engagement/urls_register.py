"""URLs for the register on the day: see coproduce/engagement/views/register.py."""

from django.urls import path

from coproduce.engagement.views import register

urlpatterns = [
    path("activities/<uuid:activity_id>/register/", register.register, name="register"),
    path("activities/<uuid:activity_id>/register/walk-in/", register.walk_in, name="register_walk_in"),
]
