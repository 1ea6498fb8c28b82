from django.urls import path

from coproduce.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.account, name="account"),
    path("me/tokens/new", views.token_create, name="token_create"),
    path("me/tokens/<uuid:token_id>/revoke", views.token_revoke, name="token_revoke"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
