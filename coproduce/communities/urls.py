"""Community of practice pages: see coproduce/communities/views.py."""

from django.urls import path

from coproduce.communities import views

app_name = "communities"

C = "communities/<uuid:community_id>/"

urlpatterns = [
    path("communities/", views.community_list, name="community_list"),
    path("communities/new", views.community_create, name="community_create"),
    path(C, views.community_detail, name="community_detail"),
    path(C + "edit", views.community_edit, name="community_edit"),
    path(C + "members/new", views.member_add, name="member_add"),
    path(C + "members/<uuid:community_member_id>/", views.member_edit, name="member_edit"),
    path(C + "members/<uuid:community_member_id>/remove", views.member_remove, name="member_remove"),
    path(C + "themes/new", views.theme_create, name="theme_create"),
    path(C + "themes/<uuid:community_theme_id>/", views.theme_edit, name="theme_edit"),
    path(C + "log/", views.log_list, name="log_list"),
    path(C + "log/new", views.log_create, name="log_create"),
    path(C + "log/<uuid:log_entry_id>/", views.log_edit, name="log_edit"),
    path(C + "resources/new", views.resource_create, name="resource_create"),
    path(C + "resources/<uuid:community_resource_id>/remove", views.resource_remove, name="resource_remove"),
    path(C + "meetings/new", views.meeting_add, name="meeting_add"),
    path(C + "meetings/<uuid:community_meeting_id>/remove", views.meeting_remove, name="meeting_remove"),
]
