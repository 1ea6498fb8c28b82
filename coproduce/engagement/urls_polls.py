"""URLs for polls: see coproduce/engagement/views/polls*.py."""

urlpatterns: list = []
