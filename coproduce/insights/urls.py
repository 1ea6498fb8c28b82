from django.urls import include, path

from coproduce.insights import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.overview, name="overview"),
    path("insights/summary", views.printable_summary, name="summary"),
    path("insights/export/<slug:table>.<str:fmt>", views.export, name="export"),
    path("insights/setup/", include("coproduce.insights.urls_setup")),
]
