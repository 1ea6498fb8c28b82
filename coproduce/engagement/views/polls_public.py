"""The public side of the "When suits you?" poll: the page a person opens from their link (no account, usually on a
phone) to say which times suit them, and the GOV.UK Notify callback for text-message replies.

The link is the key: pages are private (never cached, never indexed, the address never passed on), and a forged,
expired or cancelled link gets a page that says so, with a 404.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coproduce.core import ratelimit
from coproduce.core.forms_util import apply_validation_error
from coproduce.core.http import private
from coproduce.engagement.forms.polls import AnswerForm
from coproduce.engagement.models import PollAnswer
from coproduce.engagement.services import polls as services

logger = logging.getLogger(__name__)

# Answering: per client, in windows of this many seconds (a family changing their mind a few times is fine).
ANSWER_LIMIT, ANSWER_WINDOW = 30, 15 * 60


def poll_answer(request: HttpRequest, link: str) -> HttpResponse:
    found = services.poll_and_person_from_token(link)
    if found is None:
        context = {"days": services.LINK_LIFETIME.days}
        return private(render(request, "engagement/poll_link_not_working.html", context, status=404))
    poll, person = found
    slots = services.ordered_slots(poll)
    context = {
        "poll": poll,
        "person": person,
        "activity": poll.activity,
        # The layout shows the organisation's name (the person is not signed in, so it is not set otherwise).
        "organisation": person.organisation,
        "link": link,
    }
    if not services.accepts_answers(poll):
        context["chosen"] = services.slot_words(poll.chosen_slot) if poll.chosen_slot else ""
        return private(render(request, "engagement/poll_closed.html", context))
    current = dict(PollAnswer.objects.filter(slot__poll=poll, person=person).values_list("slot_id", "answer"))
    form = AnswerForm(request.POST or None, slots=slots, answers=current)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, "poll-answer", limit=ANSWER_LIMIT, seconds=ANSWER_WINDOW):
            form = AnswerForm(slots=slots, answers=current)
            messages.error(request, _("Too many attempts. Please try again in 15 minutes."))
            status = 429
        elif form.is_valid():
            try:
                services.poll_answers_save(
                    poll=poll, person=person, answers=form.answers, via=PollAnswer.Via.LINK, request=request
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("Thank you. We have your answers. You can change them here until the poll closes.")
                )
                return private(redirect("engagement:poll_answer", link=link))
    context.update(form=form, answered=bool(current), closes_on=poll.closes_on)
    return private(render(request, "engagement/poll_answer.html", context, status=status))


def _authorised(request: HttpRequest, token: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _space, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@csrf_exempt
@require_POST
def notify_received_text(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's callback for a received text message. It is off (404) until NOTIFY_INBOUND_TOKEN is set, and
    needs that token as a bearer token. Anything we cannot match or understand is acknowledged, logged and left:
    nothing is sent back."""
    token = getattr(settings, "NOTIFY_INBOUND_TOKEN", "")
    if not token:
        return HttpResponse(status=404)
    if not _authorised(request, token):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "The body must be JSON."}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "The body must be a JSON object."}, status=400)
    source = payload.get("source_number")
    content = payload.get("content", payload.get("message"))
    if not isinstance(source, str) or not isinstance(content, str):
        return JsonResponse({"error": "source_number and content are needed."}, status=400)
    outcome = services.poll_text_reply_record(source_number=source, content=content)
    return JsonResponse({"result": outcome.reason})
