"""Peer support URLs (see urls.py): the support families get from peer supporters (views/support.py)."""

from django.urls import path

from coproduce.peers.views import support

urlpatterns: list = [
    path("peer-support/families/", support.episode_list, name="episode_list"),
    path("peer-support/families/export", support.episode_export, name="episode_export"),
    path("peer-support/families/<uuid:episode_id>/", support.episode_detail, name="episode_detail"),
    path("peer-support/families/<uuid:episode_id>/plan", support.episode_plan, name="episode_plan"),
    path("peer-support/families/<uuid:episode_id>/goals/new", support.goal_add, name="goal_add"),
    path("peer-support/families/<uuid:episode_id>/goals/<uuid:goal_id>/", support.goal_update, name="goal_update"),
    path("peer-support/families/<uuid:episode_id>/sessions/new", support.session_add, name="session_add"),
    path("peer-support/families/<uuid:episode_id>/services/new", support.navigation_add, name="navigation_add"),
    path(
        "peer-support/families/<uuid:episode_id>/services/<uuid:navigation_id>/",
        support.navigation_update,
        name="navigation_update",
    ),
    path("peer-support/families/<uuid:episode_id>/wellbeing", support.wellbeing_start, name="wellbeing_start"),
    path("peer-support/families/<uuid:episode_id>/close", support.episode_close, name="episode_close"),
]
