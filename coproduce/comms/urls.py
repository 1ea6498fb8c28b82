"""Messages: the one-click unsubscribe address every email carries, and the short links in text messages. Included
from coproduce/urls.py."""

from django.urls import path

from coproduce.comms import views

app_name = "comms"

urlpatterns = [
    path("unsubscribe/<str:link>", views.unsubscribe, name="unsubscribe"),
    path("s/<str:code>", views.short_link, name="short_link"),
]
