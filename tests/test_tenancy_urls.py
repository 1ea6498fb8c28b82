"""Every URL that takes an object identifier gives 404 to a member of another organisation.

The test walks the whole URL configuration, so URLs added later are covered automatically: a new URL
parameter must get an entry in OBJECT_FACTORIES (how to make such an object in an organisation) or in
NOT_TENANT_OBJECTS (with the reason it is not a tenant object), or this test fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.commitments.models import Commitment, DefinitionVersion, Signature, Strategy
from coproduce.consent.models import Consent, DataSharingAgreement
from coproduce.contributions.models import Contribution, Theme
from coproduce.datarights.models import DataRightsRequest
from coproduce.engagement.models import Activity, Attendance, Poll, PollSlot, SchoolHoliday, Venue
from coproduce.engagement.models import Invitation as EngagementInvitation
from coproduce.organisations.models import Hub, Invitation, Membership, Organisation, Role
from coproduce.payments.models import PaymentLine
from coproduce.people.models import Child, Household, Person, PersonImport
from coproduce.projects.models import Project, ProjectStakeholder, Stage
from coproduce.publishing.models import GlossaryTerm, Offer, OfferVersion, PublicSite, Win
from coproduce.safeguarding.models import SafeguardingConcern
from coproduce.stakeholders.models import Partner, StakeholderGroup
from tests.cast import client_for, make_member
from tests.learning_factories import LEARNING_FACTORIES
from tests.peer_factories import PEER_FACTORIES

# Each factory makes one object in an organisation; `made` holds what this URL's earlier parameters made, so a
# stage is made in the project of the same URL.
Made = dict[str, object]


def _hub(org: Organisation, made: Made) -> object:
    return Hub.objects.create(organisation=org, name="Walker hub").pk


def _membership(org: Organisation, made: Made) -> object:
    user = make_member(org, f"walker.{org.slug}@example.org", Role.STAFF)
    return Membership.objects.get(user=user, organisation=org).pk


def _invitation(org: Organisation, made: Made) -> object:
    return Invitation.objects.create(
        organisation=org,
        email="invited@example.org",
        role=Role.STAFF,
        token_hash=f"walker-{org.slug}",
        expires_at=timezone.now() + timedelta(days=1),
    ).pk


def _person(org: Organisation, made: Made) -> object:
    return Person.objects.create(organisation=org, full_name="Walker Person").pk


def _token(org: Organisation, made: Made) -> object:
    membership = Membership.objects.filter(organisation=org).first()
    token, _raw = api_token_create(membership=membership, name="walker")
    return token.pk


def _project(org: Organisation, made: Made) -> object:
    return Project.objects.create(organisation=org, title="Walker project", goal="Test").pk


def _project_of(org: Organisation, made: Made) -> Project:
    return (
        Project.objects.get(pk=made["project_id"])
        if "project_id" in made
        else Project.objects.get(pk=_project(org, made))
    )


def _involvement(org: Organisation, made: Made) -> object:
    group = StakeholderGroup.objects.create(organisation=org, name="Walker group")
    return ProjectStakeholder.objects.create(
        organisation=org, project=_project_of(org, made), group=group, kind="representative"
    ).pk


def _stage(org: Organisation, made: Made) -> object:
    return Stage.objects.create(organisation=org, project=_project_of(org, made), name="Walker stage").pk


def _partner(org: Organisation, made: Made) -> object:
    return Partner.objects.create(organisation=org, name="Walker partner", kind="charity").pk


def _definition_version(org: Organisation, made: Made) -> object:
    text = "Walker paragraph one.\n\nWalker paragraph two."
    return DefinitionVersion.objects.create(organisation=org, number=1, text=text).pk


def _signature(org: Organisation, made: Made) -> object:
    commitment = Commitment.objects.create(organisation=org, text="We will co-produce.")
    return Signature.objects.create(
        organisation=org, commitment=commitment, kind="person", name="Walker Signer", signed_on=timezone.localdate()
    ).pk


def _strategy(org: Organisation, made: Made) -> object:
    return Strategy.objects.create(organisation=org, title="Walker strategy", area="planning").pk


def _person_of(org: Organisation, made: Made) -> Person:
    return (
        Person.objects.get(pk=made["person_id"]) if "person_id" in made else Person.objects.get(pk=_person(org, made))
    )


def _household(org: Organisation, made: Made) -> object:
    return Household.objects.create(organisation=org, name="Walker household").pk


def _child(org: Organisation, made: Made) -> object:
    household_id = made.get("household_id") or _household(org, made)
    return Child.objects.create(organisation=org, household_id=household_id, first_name="Walker").pk


def _consent(org: Organisation, made: Made) -> object:
    return Consent.objects.create(
        organisation=org, person=_person_of(org, made), purpose="contact", status="given", method="online"
    ).pk


def _agreement(org: Organisation, made: Made) -> object:
    today = timezone.localdate()
    partner = Partner.objects.create(organisation=org, name="Walker sharing partner", kind="charity")
    return DataSharingAgreement.objects.create(
        organisation=org,
        partner=partner,
        purpose="Walker",
        data_shared="Name",
        starts_on=today,
        review_on=today + timedelta(days=30),
    ).pk


def _person_import(org: Organisation, made: Made) -> object:
    uploader = Membership.objects.filter(organisation=org).first().user
    return PersonImport.objects.create(organisation=org, uploaded_by=uploader, filename="walker.csv", content=b"").pk


def _rights_request(org: Organisation, made: Made) -> object:
    return DataRightsRequest.objects.create(
        organisation=org, kind="access", person=_person_of(org, made), received_on=timezone.localdate(), made_by="staff"
    ).pk


def _concern(org: Organisation, made: Made) -> object:
    raiser = Membership.objects.filter(organisation=org).first().user
    return SafeguardingConcern.objects.create(organisation=org, raised_by=raiser, what_happened="Walker").pk


def _activity_of(org: Organisation, made: Made) -> Activity:
    if "activity_id" in made:
        return Activity.objects.get(pk=made["activity_id"])
    return Activity.objects.create(
        organisation=org, project=_project_of(org, made), title="Walker activity", kind="workshop", join_online=True
    )


def _activity(org: Organisation, made: Made) -> object:
    return _activity_of(org, made).pk


def _venue(org: Organisation, made: Made) -> object:
    return Venue.objects.create(organisation=org, name=f"Walker venue {Venue.objects.count()}").pk


def _holiday(org: Organisation, made: Made) -> object:
    day = timezone.localdate()
    return SchoolHoliday.objects.create(organisation=org, name="Half term", starts_on=day, ends_on=day).pk


def _reply(org: Organisation, made: Made) -> object:
    person = Person.objects.create(organisation=org, full_name="Walker Invited")
    return EngagementInvitation.objects.create(organisation=org, activity=_activity_of(org, made), person=person).pk


def _poll_of(org: Organisation, made: Made) -> Poll:
    if "poll_id" in made:
        return Poll.objects.get(pk=made["poll_id"])
    return Poll.objects.create(organisation=org, activity=_activity_of(org, made))


def _slot(org: Organisation, made: Made) -> object:
    return PollSlot.objects.create(organisation=org, poll=_poll_of(org, made), starts_at=timezone.now()).pk


def _attendance(org: Organisation, made: Made) -> object:
    person = Person.objects.create(organisation=org, full_name="Walker Attended")
    return Attendance.objects.create(organisation=org, activity=_activity_of(org, made), person=person).pk


def _payment_line(org: Organisation, made: Made) -> object:
    person = Person.objects.create(organisation=org, full_name="Walker Paid")
    return PaymentLine.objects.create(
        organisation=org, person=person, project=_project_of(org, made), kind="travel", amount_pence=250
    ).pk


def _contribution(org: Organisation, made: Made) -> object:
    return Contribution.objects.create(
        organisation=org, project=_project_of(org, made), kind="idea", text="Walker idea", gathered="activity"
    ).pk


def _theme(org: Organisation, made: Made) -> object:
    return Theme.objects.create(organisation=org, name=f"Walker theme {Theme.objects.count()}").pk


def _win(org: Organisation, made: Made) -> object:
    return Win.objects.create(organisation=org, title="Walker win", story="Walker", happened_on=timezone.localdate()).pk


def _glossary_term(org: Organisation, made: Made) -> object:
    return GlossaryTerm.objects.create(
        organisation=org, term=f"Walker {GlossaryTerm.objects.count()}", explanation="Walker"
    ).pk


def _offer_of(org: Organisation, made: Made) -> Offer:
    if "offer_id" in made:
        return Offer.objects.get(pk=made["offer_id"])
    return Offer.objects.create(organisation=org, title="Walker offer", slug=f"walker-{Offer.objects.count()}")


def _offer_version(org: Organisation, made: Made) -> object:
    return OfferVersion.objects.create(organisation=org, offer=_offer_of(org, made), number=1, body="Walker").pk


def _translation_language(org: Organisation, made: Made) -> object:
    PublicSite.objects.update_or_create(organisation=org, defaults={"languages": ["ar"]})
    return "ar"


def _decision(org: Organisation, made: Made) -> object:
    from coproduce.decisions.models import Decision

    return Decision.objects.create(
        organisation=org, project=_project_of(org, made), title="Walker decision", what_was_decided="W",
        decided_on=timezone.localdate(),
    ).pk  # fmt: skip


def _promise(org: Organisation, made: Made) -> object:
    from coproduce.accounts.models import User
    from coproduce.decisions.models import Promise

    owner = User.objects.filter(memberships__organisation=org).first() or make_member(
        org, f"walker.owner.{org.slug}@example.org", Role.STAFF
    )
    return Promise.objects.create(organisation=org, text="We will walk", owner=owner).pk


def _newsletter_issue(org: Organisation, made: Made) -> object:
    from coproduce.newsletter.models import Issue

    return Issue.objects.create(organisation=org, subject="Walker issue").pk


def _newsletter_block(org: Organisation, made: Made) -> object:
    from coproduce.newsletter.models import Block

    issue_id = made.get("issue_id") or _newsletter_issue(org, made)
    return Block.objects.create(organisation=org, issue_id=issue_id, kind="text", text="Walker").pk


def _newsletter_subscription(org: Organisation, made: Made) -> object:
    from coproduce.newsletter.models import Subscriber, email_hash

    email = f"walker.{org.slug}@example.org"
    return Subscriber.objects.create(organisation=org, email=email, email_hash=email_hash(org.pk, email)).pk


def _benchmark(org: Organisation, made: Made) -> object:
    from coproduce.insights.models import Benchmark, BenchmarkValue

    benchmark = Benchmark.objects.create(organisation=org, characteristic="sex", source="Walker JSNA")
    BenchmarkValue.objects.create(organisation=org, benchmark=benchmark, category="female", count=1)
    return benchmark.pk


OBJECT_FACTORIES: dict[str, Callable[[Organisation, Made], object]] = {
    "hub_id": _hub,
    "membership_id": _membership,
    "invitation_id": _invitation,
    "person_id": _person,
    "token_id": _token,
    "organisation_id": lambda org, made: org.pk,
    "project_id": _project,
    "involvement_id": _involvement,
    "stage_id": _stage,
    "partner_id": _partner,
    "version_id": _definition_version,
    "paragraph_number": lambda org, made: 1,
    "signature_id": _signature,
    "strategy_id": _strategy,
    "other_id": _person,
    "household_id": _household,
    "child_id": _child,
    "consent_id": _consent,
    "agreement_id": _agreement,
    "import_id": _person_import,
    "rights_request_id": _rights_request,
    "concern_id": _concern,
    "activity_id": _activity,
    "venue_id": _venue,
    "holiday_id": _holiday,
    "reply_id": _reply,
    "poll_id": lambda org, made: _poll_of(org, made).pk,
    "slot_id": _slot,
    "attendance_id": _attendance,
    "line_id": _payment_line,
    "contribution_id": _contribution,
    "decision_id": _decision,
    "promise_id": _promise,
    "theme_id": _theme,
    "issue_id": _newsletter_issue,
    "block_id": _newsletter_block,
    "subscription_id": _newsletter_subscription,
    "win_id": _win,
    "term_id": _glossary_term,
    "offer_id": lambda org, made: _offer_of(org, made).pk,
    "offer_version_id": _offer_version,
    # The translation page: a win of the organisation (record_kind "win"), into one of its languages.
    "record_kind": lambda org, made: "win",
    "record_id": _win,
    "language": _translation_language,
    # Insights: an organisation's own population figures for one characteristic.
    "benchmark_id": _benchmark,
    # Peer support and learning: tests/peer_factories.py and tests/learning_factories.py.
    **PEER_FACTORIES,
    **LEARNING_FACTORIES,
}

NOT_TENANT_OBJECTS = {
    "organisation_slug": "the public co-production page, open to anyone by design (unknown slugs are 404: "
    "coproduce/commitments/tests)",
    "token": "an invitation's secret: unknown secrets are 404 (tests/test_invitations.py)",
    "key": "django-allauth password-reset and email-confirmation keys, bound to an account, not an organisation",
    "uidb36": "django-allauth password-reset user id, checked together with its key",
    "path": "static files",
    "link": "a person's own signed link: forged, expired or revoked links are 404 (coproduce/consent/tests)",
    "feed_key": "a person's private calendar feed secret: unknown keys are 404 (coproduce/engagement/tests)",
    "code": "a short link in a text message: only a redirect to a signed link that checks itself; unknown or "
    "expired codes are 404 (coproduce/comms/tests/test_short_links.py)",
    "kind": "the kind of data rights request asked for from a person's own link, checked against a fixed list",
    "number": "a sent newsletter issue's number in the public archive, looked up within the organisation of the "
    "slug (another organisation's number is 404: coproduce/newsletter/tests)",
    "offer_slug": "a published offer's address on the public site, looked up within the organisation of the slug "
    "(another organisation's offer is 404: coproduce/public/tests/test_wins_offers.py)",
    "table": "the name of an insights table to export, from a fixed list (the figures are the requesting member's "
    "organisation's own; an unknown name is 404)",
    "fmt": "an insights export's file format (CSV or XLSX), from a fixed list",
}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, list[str]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            converters = list(entry.pattern.converters) if hasattr(entry.pattern, "converters") else []
            if converters and entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), converters


# The Django admin is for platform administrators only (is_staff); everyone else is sent to its sign-in page.
NOT_TENANT_NAMESPACES = {"admin"}


def _tenant_patterns() -> Iterator[tuple[str, list[str]]]:
    for name, params in _walk(get_resolver().url_patterns):
        if name.split(":")[0] not in NOT_TENANT_NAMESPACES:
            yield name, params


def object_urls() -> list[tuple[str, list[str]]]:
    found = {}
    for name, params in _tenant_patterns():
        if any(p in NOT_TENANT_OBJECTS for p in params):
            continue
        found[name] = params
    return sorted(found.items())


def test_every_url_parameter_is_known() -> None:
    unknown = {
        (name, p)
        for name, params in _tenant_patterns()
        for p in params
        if p not in OBJECT_FACTORIES and p not in NOT_TENANT_OBJECTS
    }
    assert not unknown, f"Add these URL parameters to OBJECT_FACTORIES or NOT_TENANT_OBJECTS: {sorted(unknown)}"


def test_the_walk_finds_the_object_urls() -> None:
    names = {name for name, _params in object_urls()}
    # A few we know exist: if the walker stopped finding URLs, this test would pass vacuously.
    assert {"organisations:hub_detail", "people:person_detail", "api:hub_detail"} <= names


@pytest.mark.parametrize(("url_name", "params"), object_urls())
def test_it_hides_other_organisations_objects(url_name: str, params: list[str], org, other_org, admin) -> None:
    from django.urls import reverse

    # The stranger (admin of Northby) tries Southby's objects. Southby needs a member for some factories.
    owner = make_member(other_org, "owner@southby.example.org", Role.ADMIN)
    made: Made = {}
    for param in params:
        made[param] = OBJECT_FACTORIES[param](other_org, made)
    url = reverse(url_name, kwargs=made)
    _token, raw = api_token_create(membership=Membership.objects.get(user=admin), name="stranger")
    stranger = client_for(admin)
    response = stranger.post(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code in (404, 405), f"POST {url} gave {response.status_code} to a stranger"
    response = stranger.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    # 405 only for POST-only actions, where the method is refused before any lookup (it says nothing of the id).
    assert response.status_code in (404, 405), f"GET {url} gave {response.status_code} to a stranger"
    if response.status_code == 405:
        response = stranger.post(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 404, f"POST {url} must be 404 to a stranger"

    # Control: the same URL is there for its own organisation (not 404), so the 404 above means "not yours".
    _token, owner_raw = api_token_create(membership=Membership.objects.get(user=owner), name="owner")
    owner_client = client_for(owner)
    if url_name.startswith("organisations:platform_"):
        owner.is_superuser = True
        owner.save()
    response = owner_client.get(url, HTTP_AUTHORIZATION=f"Bearer {owner_raw}")
    assert response.status_code != 404, f"GET {url} gave 404 to its own organisation's admin"
