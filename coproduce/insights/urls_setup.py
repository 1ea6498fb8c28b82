"""The population figures set-up pages, under insights/setup/ (names in the "insights" namespace)."""

from django.urls import path

from coproduce.insights import views_setup

urlpatterns = [
    path("", views_setup.setup, name="setup"),
    path("areas", views_setup.areas, name="areas"),
    path("benchmarks/upload", views_setup.benchmark_upload, name="benchmark_upload"),
    path("benchmarks/template.csv", views_setup.benchmark_template, name="benchmark_template"),
    path("benchmarks/<uuid:benchmark_id>/delete", views_setup.benchmark_delete, name="benchmark_delete"),
    path("postcodes", views_setup.postcodes, name="postcodes"),
]
