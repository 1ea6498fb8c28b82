from django.urls import path

from coproduce.safeguarding import views

app_name = "safeguarding"

urlpatterns = [
    path("safeguarding/", views.concern_list, name="concern_list"),
    path("safeguarding/new", views.concern_raise, name="concern_raise"),
    path("safeguarding/arrangements", views.arrangements, name="arrangements"),
    path("safeguarding/<uuid:concern_id>/", views.concern_detail, name="concern_detail"),
]
