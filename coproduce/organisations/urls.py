from django.urls import path

from coproduce.organisations import views

app_name = "organisations"

urlpatterns = [
    path("hubs/", views.hub_list, name="hub_list"),
    path("hubs/new", views.hub_create, name="hub_create"),
    path("hubs/<uuid:hub_id>/", views.hub_detail, name="hub_detail"),
    path("hubs/<uuid:hub_id>/edit", views.hub_edit, name="hub_edit"),
    path("members/", views.member_list, name="member_list"),
    path("members/invite", views.member_invite, name="member_invite"),
    path("members/<uuid:membership_id>/", views.member_detail, name="member_detail"),
    path("members/<uuid:membership_id>/remove", views.member_remove, name="member_remove"),
    path("invitations/<uuid:invitation_id>/revoke", views.invitation_revoke, name="invitation_revoke"),
    path("platform/organisations/", views.platform_list, name="platform_list"),
    path("platform/organisations/new", views.platform_create, name="platform_create"),
    path("platform/organisations/<uuid:organisation_id>/", views.platform_detail, name="platform_detail"),
]
