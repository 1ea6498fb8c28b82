"""The app's URLs plus /bench/trivial, the benchmark's baseline: no database, no template, no session access."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from coproduce.urls import handler400, handler403, handler404, handler500


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial, name="bench_trivial"),
    path("", include("coproduce.urls")),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
