"""URLs for invitations and replies (staff: coproduce/engagement/views/invitations.py; the person's own reply
pages: views/replies_public.py) and the barrier check (views/barriers.py)."""

from django.urls import path

from coproduce.engagement.views import barriers, invitations, replies_public

urlpatterns = [
    path("activities/<uuid:activity_id>/invite", invitations.invite, name="invite"),
    path("activities/<uuid:activity_id>/replies/", invitations.reply_list, name="reply_list"),
    path("activities/<uuid:activity_id>/replies/<uuid:reply_id>/", invitations.reply_record, name="reply_record"),
    path("activities/<uuid:activity_id>/replies/<uuid:reply_id>/remove", invitations.reply_remove, name="reply_remove"),
    path("activities/<uuid:activity_id>/barriers/", barriers.barrier_check, name="barrier_check"),
    path("activities/<uuid:activity_id>/barriers/to-do", barriers.barrier_todo, name="barrier_todo"),
    # The person's own reply pages: no account, opened from the signed link in their invitation.
    path("r/<str:link>/", replies_public.reply, name="reply"),
    path("r/<str:link>/needs", replies_public.reply_needs, name="reply_needs"),
    path("r/<str:link>/done", replies_public.reply_done, name="reply_done"),
]
