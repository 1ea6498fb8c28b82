"""URLs for activities: see coproduce/engagement/views/activities*.py."""

urlpatterns: list = []
