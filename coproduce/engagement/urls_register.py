"""URLs for register: see coproduce/engagement/views/register*.py."""

urlpatterns: list = []
