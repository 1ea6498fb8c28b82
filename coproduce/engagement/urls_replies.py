"""URLs for replies: see coproduce/engagement/views/replies*.py."""

urlpatterns: list = []
