"""URLs for calendar: see coproduce/engagement/views/calendar*.py."""

urlpatterns: list = []
