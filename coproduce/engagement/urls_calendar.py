"""URLs for calendars: see coproduce/engagement/views/calendar.py."""

from django.urls import path

from coproduce.engagement.views import calendar

urlpatterns = [
    # Public, by secret: the person's feed (feed_key) and one activity for them (a signed link).
    path("calendar/<str:feed_key>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("calendar/activity/<str:link>.ics", calendar.invitation_ics, name="invitation_ics"),
    # Staff.
    path("activities/<uuid:activity_id>/calendar.ics", calendar.activity_ics_download, name="activity_ics"),
]
