"""Engagement URLs, one module per part: activities (with venues and school holidays), invitations and replies
(with the barrier check), "When suits you?" polls, the register on the day, and calendars."""

from django.urls import include, path

app_name = "engagement"

urlpatterns = [
    path("", include("coproduce.engagement.urls_activities")),
    path("", include("coproduce.engagement.urls_replies")),
    path("", include("coproduce.engagement.urls_polls")),
    path("", include("coproduce.engagement.urls_register")),
    path("", include("coproduce.engagement.urls_calendar")),
]
