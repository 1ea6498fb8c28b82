"""URLs for activities, venues and school holidays: see coproduce/engagement/views/activities.py, venues.py and
holidays.py."""

from django.urls import path

from coproduce.engagement.views import activities, holidays, venues

urlpatterns = [
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/<uuid:activity_id>/", activities.activity_detail, name="activity_detail"),
    path("activities/<uuid:activity_id>/edit", activities.activity_edit, name="activity_edit"),
    path("activities/<uuid:activity_id>/cancel", activities.activity_cancel, name="activity_cancel"),
    path("projects/<uuid:project_id>/activities/new", activities.activity_create, name="activity_create"),
    path("venues/", venues.venue_list, name="venue_list"),
    path("venues/new", venues.venue_create, name="venue_create"),
    path("venues/<uuid:venue_id>/", venues.venue_detail, name="venue_detail"),
    path("venues/<uuid:venue_id>/edit", venues.venue_edit, name="venue_edit"),
    path("venues/<uuid:venue_id>/archive", venues.venue_archive, name="venue_archive"),
    path("school-holidays/", holidays.holiday_list, name="holiday_list"),
    path("school-holidays/new", holidays.holiday_create, name="holiday_create"),
    path("school-holidays/<uuid:holiday_id>/", holidays.holiday_edit, name="holiday_edit"),
    path("school-holidays/<uuid:holiday_id>/delete", holidays.holiday_delete, name="holiday_delete"),
]
