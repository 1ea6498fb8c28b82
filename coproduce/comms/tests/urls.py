"""The project's URLs plus the comms ones, for tests until coproduce/urls.py includes coproduce.comms.urls."""

from django.urls import include, path

from coproduce.urls import handler400, handler403, handler404, handler500
from coproduce.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


urlpatterns = [*project_urlpatterns]
if not any(getattr(p, "namespace", None) == "comms" for p in project_urlpatterns):
    urlpatterns.append(path("", include("coproduce.comms.urls")))
