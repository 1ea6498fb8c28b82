"""The audit log cannot be changed or erased, so what families and supporters wrote never goes into it: records
in peer support, communities of practice and learning are named there by an opaque reference (`audit_label`)."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from coproduce.core.models import AuditEvent
from coproduce.peers.services import support as services
from coproduce.peers.tests.support_cast import *  # noqa: F403

# Models whose name in an audit line is about the organisation's work, never about a family or a supporter.
NAMED_SAFELY = {
    "peers.ServiceDirectoryEntry": "a local service's name",
    "communities.CommunityOfPractice": "the community's name",
    "communities.CommunityTheme": "a theme the community works on",
    "communities.SharedResource": "a document or link's title",
    "communities.CommunityMeeting": "an activity's title",
    "learning.Course": "a course's name",
    "learning.CourseSession": "a course session's date",
    "learning.InductionItem": "a checklist item the lead wrote",
    "learning.ReflectionPrompt": "a prompt the lead wrote",
    "learning.OrganisationGuidance": "a guidance link's title",
}


def test_every_record_either_has_an_opaque_audit_label_or_a_reason() -> None:
    missing = [
        model._meta.label
        for app in ("peers", "communities", "learning")
        for model in apps.get_app_config(app).get_models()
        if not hasattr(model, "audit_label") and model._meta.label not in NAMED_SAFELY
    ]
    assert not missing, f"Give these an audit_label (or a reason in NAMED_SAFELY): {missing}"


def test_a_familys_goal_and_notes_stay_out_of_the_audit_log(peer_a, episode_a, service) -> None:
    goal = services.goal_add(actor=peer_a, episode=episode_a, text="Leave my partner safely")
    services.goal_update(actor=peer_a, goal=goal, status="achieved")
    services.session_record(
        actor=peer_a, episode=episode_a, held_on=dt.date.today(), kind="one_to_one", notes="Talked about housing"
    )
    services.navigation_add(actor=peer_a, episode=episode_a, service=service, note="Went with her to the office")
    lines = " ".join(f"{e.object_label} {e.summary} {e.changes}" for e in AuditEvent.objects.all())
    assert AuditEvent.objects.count() >= 4
    for words in ("Leave my partner", "housing", "Went with her"):
        assert words not in lines
