"""URLs for polls: see coproduce/engagement/views/polls*.py."""

from django.urls import path

from coproduce.engagement.views import polls, polls_public

urlpatterns = [
    path("activities/<uuid:activity_id>/polls/new", polls.poll_create, name="poll_create"),
    path("polls/<uuid:poll_id>/", polls.poll_detail, name="poll_detail"),
    path("polls/<uuid:poll_id>/send", polls.poll_send, name="poll_send"),
    path("polls/<uuid:poll_id>/answers/", polls.poll_answers, name="poll_answers"),
    path("polls/<uuid:poll_id>/answers/<uuid:person_id>", polls.poll_answer_enter, name="poll_answer_enter"),
    path("polls/<uuid:poll_id>/choose", polls.poll_choose, name="poll_choose"),
    # A person's own page for answering, from the link in the message (no account).
    path("when-suits-you/<str:link>/", polls_public.poll_answer, name="poll_answer"),
    # GOV.UK Notify's callback for text-message replies (authenticated by NOTIFY_INBOUND_TOKEN).
    path("hooks/notify/received-text", polls_public.notify_received_text, name="notify_received_text"),
]
