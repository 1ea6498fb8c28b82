"""Staff pages: composing an issue from blocks, previewing, a test, sending once; the subscriber list and export;
the public archive; permissions, tenancy and query counts; the API."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.services import api_token_create
from coproduce.comms.models import Kind, Message
from coproduce.core.models import AuditEvent
from coproduce.engagement.models import Activity
from coproduce.newsletter import content, services
from coproduce.newsletter.models import Block, BlockKind, Issue, Subscriber, Topic
from coproduce.newsletter.tests.conftest import newsletter_messages, subscriber
from coproduce.organisations.models import Hub, Membership, Organisation, Role
from coproduce.publishing.models import Win
from tests.cast import client_for, make_member

pytestmark = pytest.mark.django_db


def issue_url(name: str, issue: Issue, **kwargs) -> str:
    return reverse(f"newsletter:{name}", kwargs={"issue_id": issue.pk, **kwargs})


@pytest.fixture
def draft(org, admin) -> Issue:
    return services.issue_create(actor=admin, organisation=org, subject="Spring news", intro="Thank you all.")


# --- Composing ------------------------------------------------------------------------------------------------------


def test_staff_start_an_issue_and_add_blocks_of_each_kind(colleague_client, org, win, promise, activity) -> None:
    response = colleague_client.post(
        reverse("newsletter:issue_create"), {"subject": "May news", "intro": "Here is what changed."}
    )
    issue = Issue.objects.get()
    assert response.status_code == 302 and response.url == issue_url("issue_detail", issue)
    assert issue.status == Issue.Status.DRAFT and issue.number is None

    add = issue_url("block_add", issue)
    assert colleague_client.post(f"{add}?kind=text", {"heading": "Hello", "text": "A word from us."}).status_code == 302
    for kind, item in ((BlockKind.WINS, win), (BlockKind.PROMISES, promise), (BlockKind.ACTIVITIES, activity)):
        page = colleague_client.get(f"{add}?kind={kind}").content.decode()
        assert str(item) in page  # offered as a choice
        assert colleague_client.post(f"{add}?kind={kind}", {"heading": kind, "picked": [item.pk]}).status_code == 302
    blocks = list(issue.blocks.order_by("order"))
    assert [b.kind for b in blocks] == ["text", "wins", "promises", "activities"]
    assert blocks[1].chosen == [str(win.pk)]

    detail = colleague_client.get(issue_url("issue_detail", issue)).content.decode()
    for text in ("A word from us.", win.title, promise.text, activity.title):
        assert text in detail


def test_block_form_errors(colleague_client, draft) -> None:
    add = issue_url("block_add", draft)
    empty_text = colleague_client.post(f"{add}?kind=text", {"heading": "Hi", "text": ""})
    assert empty_text.status_code == 200 and "Enter the text" in empty_text.content.decode()
    nothing_picked = colleague_client.post(f"{add}?kind=wins", {"heading": "Wins"})
    assert "Choose at least one item, or write some text" in nothing_picked.content.decode()
    forged = colleague_client.post(f"{add}?kind=wins", {"picked": ["not-a-win"]})
    assert "Choose from the items listed" in forged.content.decode()
    assert not draft.blocks.exists()
    assert colleague_client.get(f"{add}?kind=nonsense").status_code == 404


def test_the_issue_form_error(colleague_client) -> None:
    response = colleague_client.post(reverse("newsletter:issue_create"), {"subject": ""})
    assert response.status_code == 200 and "Enter the subject" in response.content.decode()
    assert not Issue.objects.exists()


def test_only_new_wins_are_offered_since_the_last_issue(colleague_client, org, admin, win, project) -> None:
    old = services.issue_create(actor=admin, organisation=org, subject="Old", intro="Old news")
    services.issue_send(actor=admin, issue=old)
    newer = Win.objects.create(
        organisation=org,
        title="New benches",
        story="Benches.",
        happened_on=timezone.localdate(),
        published_at=timezone.now() + dt.timedelta(seconds=1),
    )
    Win.objects.create(organisation=org, title="Not published yet", story="Shh.", happened_on=timezone.localdate())
    draft = services.issue_create(actor=admin, organisation=org, subject="New", intro="New news")
    page = colleague_client.get(issue_url("block_add", draft) + "?kind=wins").content.decode()
    assert newer.title in page
    assert win.title not in page  # in the last issue already
    assert "Not published yet" not in page


def test_activities_offered_and_sent_are_those_the_public_site_lists(org, colleague, draft, project, activity) -> None:
    today = timezone.localdate()
    survey = Activity.objects.create(
        organisation=org,
        project=project,
        title="Tell us about drop-ins",
        kind="questionnaire",
        is_public=True,
        window_opens_on=today - dt.timedelta(days=3),
        window_closes_on=today + dt.timedelta(days=10),
    )
    offered = set(content.candidates(org, BlockKind.ACTIVITIES))
    assert offered == {activity, survey}  # the questionnaire's window is open, as on the public site

    block = services.block_save(
        actor=colleague, issue=draft, kind=BlockKind.ACTIVITIES, heading="Coming up", items=[activity, survey]
    )
    # By the time the issue goes, the session has happened (yesterday): it is no longer "coming up".
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - dt.timedelta(days=1))
    items = content.live_items(org, [block])[block.pk]
    assert [item["title"] for item in items] == ["Tell us about drop-ins"]


def test_blocks_can_be_changed_and_removed(colleague_client, colleague, draft) -> None:
    block = services.block_save(actor=colleague, issue=draft, kind=BlockKind.TEXT, text="First go")
    edit = issue_url("block_edit", draft, block_id=block.pk)
    assert colleague_client.post(edit, {"heading": "", "text": "Second go"}).status_code == 302
    block.refresh_from_db()
    assert block.text == "Second go"
    assert colleague_client.post(issue_url("block_delete", draft, block_id=block.pk)).status_code == 302
    assert not Block.objects.exists()


def test_the_preview_shows_the_email_and_the_plain_english_report(colleague_client, colleague, draft, win) -> None:
    services.block_save(actor=colleague, issue=draft, kind=BlockKind.WINS, heading="Wins", items=[win])
    subscriber(draft.organisation, "reader@example.org")
    html = colleague_client.get(issue_url("issue_preview", draft)).content.decode()
    assert win.title in html and "Thank you all." in html
    assert "Read this newsletter and past ones online" in html
    assert "Plain English" in html
    assert "It would go to 1 confirmed subscriber now." in html


def test_a_test_goes_to_the_members_own_address_only(colleague_client, colleague, draft) -> None:
    subscriber(draft.organisation, "reader@example.org")
    response = colleague_client.post(issue_url("issue_test", draft))
    assert response.status_code == 302
    message = newsletter_messages().get()
    assert message.to == colleague.email and message.subject.startswith("[Test]")
    assert "THIS IS A TEST" in message.body
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT
    assert colleague_client.get(issue_url("issue_test", draft)).status_code == 405


# --- Sending --------------------------------------------------------------------------------------------------------


def test_a_lead_sends_once_to_the_confirmed_subscribers_it_is_for(
    lead_client, org, hub, win, django_capture_on_commit_callbacks
) -> None:
    other_hub = Hub.objects.create(organisation=org, name="Northby East")
    everything = subscriber(org, "all@example.org")
    central = subscriber(org, "central@example.org")
    central.hubs.add(hub)
    east = subscriber(org, "east@example.org")
    east.hubs.add(other_hub)
    offers_only = subscriber(org, "offers@example.org", topics=[Topic.OFFERS])
    lead_client.post(
        reverse("newsletter:issue_create"), {"subject": "Central wins", "hubs": [hub.pk], "topics": ["wins"]}
    )
    issue = Issue.objects.get()
    lead_client.post(issue_url("block_add", issue) + "?kind=wins", {"picked": [win.pk]})

    confirm = lead_client.get(issue_url("issue_send", issue)).content.decode()
    assert "Send this issue to 2 subscribers?" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(issue_url("issue_send", issue))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.number == 1 and issue.recipient_count == 2
    sent_to = set(newsletter_messages().values_list("to", flat=True))
    assert sent_to == {everything.email, central.email}
    assert east.email not in sent_to and offers_only.email not in sent_to
    assert {m.idempotency_key for m in newsletter_messages()} == {
        f"newsletter:{issue.pk}:{everything.pk}",
        f"newsletter:{issue.pk}:{central.pk}",
    }
    assert len(mail.outbox) == 2 and win.title in mail.outbox[0].body
    assert AuditEvent.objects.filter(object_id=str(issue.pk), summary__startswith="Sent newsletter issue 1").exists()

    # Once only: a second POST changes nothing and queues nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = lead_client.post(issue_url("issue_send", issue))
    assert again.status_code == 302
    assert newsletter_messages().count() == 2
    # And a sent issue can no longer be changed.
    lead_client.post(issue_url("issue_edit", issue), {"subject": "Changed"})
    issue.refresh_from_db()
    assert issue.subject == "Central wins"


def test_the_archive_keeps_the_snapshot_taken_when_sent(client, org, admin, draft, win) -> None:
    services.block_save(actor=admin, issue=draft, kind=BlockKind.WINS, items=[win])
    services.issue_send(actor=admin, issue=draft)
    win.title = "Renamed later"
    win.save()
    page = client.get(reverse("newsletter:archive_issue", kwargs={"organisation_slug": org.slug, "number": 1}))
    assert "Buggy parking at the Central hub" in page.content.decode()
    assert "Renamed later" not in page.content.decode()


def test_an_empty_issue_cannot_be_sent(lead_client, org, admin) -> None:
    issue = services.issue_create(actor=admin, organisation=org, subject="Empty")
    lead_client.post(issue_url("issue_send", issue))
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_issue_numbers_follow_on(org, admin) -> None:
    for subject in ("One", "Two"):
        issue = services.issue_create(actor=admin, organisation=org, subject=subject, intro="Hi")
        services.issue_send(actor=admin, issue=issue)
    assert list(Issue.objects.order_by("number").values_list("subject", "number")) == [("One", 1), ("Two", 2)]


def test_sending_locks_the_organisation_before_numbering(org, admin) -> None:
    # Two drafts sent at once must take turns to read the last number. (SQLite drops FOR UPDATE, so the test checks
    # the lock is asked for, and that the organisation's row is read before the last number.)
    first = services.issue_create(actor=admin, organisation=org, subject="One", intro="Hi")
    services.issue_send(actor=admin, issue=first)
    issue = services.issue_create(actor=admin, organisation=org, subject="Two", intro="Hi")
    real = Organisation.objects.select_for_update
    with (
        mock.patch.object(Organisation.objects, "select_for_update", side_effect=real) as lock,
        CaptureQueriesContext(connection) as queries,
    ):
        services.issue_send(actor=admin, issue=issue)
    assert lock.called
    table = Organisation._meta.db_table
    row = f'"{table}"."id" AS "pk" FROM "{table}"'
    sql = [q["sql"] for q in queries.captured_queries]
    locked = [i for i, q in enumerate(sql) if q.startswith("SELECT " + row)]
    numbered = [i for i, q in enumerate(sql) if "MAX(" in q.upper()]
    assert locked and numbered and locked[0] < numbered[0]
    assert Issue.objects.get(pk=issue.pk).number == 2


def test_it_goes_only_to_those_counted_when_it_was_sent(org, admin) -> None:
    counted = subscriber(org, "early@example.org")
    issue = services.issue_send(
        actor=admin, issue=services.issue_create(actor=admin, organisation=org, subject="News", intro="Hi")
    )
    assert issue.recipient_count == 1
    # Confirmed after the issue was sent, before the background job picks the recipients.
    late = subscriber(org, "late@example.org")
    Subscriber.objects.filter(pk=late.pk).update(confirmed_at=issue.sent_at + dt.timedelta(seconds=1))
    assert services.issue_messages_queue(issue=issue) == 1
    assert list(newsletter_messages().values_list("to", flat=True)) == [counted.email]


# --- The public archive ---------------------------------------------------------------------------------------------


def test_the_archive_shows_only_sent_issues(client, org, other_org, admin, draft) -> None:
    sent = services.issue_create(actor=admin, organisation=org, subject="Sent one", intro="Hi")
    services.issue_send(actor=admin, issue=sent)
    html = client.get(reverse("newsletter:archive", kwargs={"organisation_slug": org.slug})).content.decode()
    assert "Sent one" in html and "Spring news" not in html
    assert (
        client.get(reverse("newsletter:archive_issue", kwargs={"organisation_slug": org.slug, "number": 1})).status_code
        == 200
    )
    assert (
        client.get(reverse("newsletter:archive_issue", kwargs={"organisation_slug": org.slug, "number": 2})).status_code
        == 404
    )
    # Another organisation's archive does not have it.
    other = reverse("newsletter:archive_issue", kwargs={"organisation_slug": other_org.slug, "number": 1})
    assert client.get(other).status_code == 404
    assert client.get(reverse("newsletter:archive", kwargs={"organisation_slug": "nowhere"})).status_code == 404


def test_the_archive_costs_few_queries(client, org, admin, django_assert_max_num_queries) -> None:
    for number in range(5):
        issue = services.issue_create(actor=admin, organisation=org, subject=f"Issue {number}", intro="Hi")
        services.issue_send(actor=admin, issue=issue)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("newsletter:archive", kwargs={"organisation_slug": org.slug}))
    assert response.content.decode().count("/newsletter/archive/") >= 5


# --- Staff lists, permissions, tenancy ------------------------------------------------------------------------------


def test_the_home_page_counts_subscribers_by_status(colleague_client, org, draft) -> None:
    subscriber(org, "a@example.org")
    subscriber(org, "b@example.org")
    subscriber(org, "c@example.org", status=Subscriber.Status.PENDING)
    html = colleague_client.get(reverse("newsletter:home")).content.decode()
    assert "Spring news" in html
    assert "a@example.org" not in html  # counts only, never the list here
    counts = html[html.index("Confirmed: get the newsletter") :]
    assert ">2<" in counts and ">1<" in counts


def test_list_pages_cost_the_same_queries_however_many_rows(
    colleague_client, org, hub, admin, django_assert_max_num_queries
) -> None:
    for number in range(30):
        subscriber(org, f"s{number}@example.org").hubs.add(hub)
        services.issue_create(actor=admin, organisation=org, subject=f"Draft {number}")
    with django_assert_max_num_queries(12):
        assert colleague_client.get(reverse("newsletter:subscriber_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert colleague_client.get(reverse("newsletter:home")).status_code == 200


def test_the_subscriber_list_searches_and_is_never_cached(colleague_client, org) -> None:
    subscriber(org, "findme@example.org")
    subscriber(org, "other@example.org")
    response = colleague_client.get(reverse("newsletter:subscriber_list"), {"q": "FINDME"})
    html = response.content.decode()
    assert "findme@example.org" in html and "other@example.org" not in html
    assert response["Cache-Control"] == "private, no-store"


def test_the_export_is_for_admins_and_leads_and_is_audited(lead_client, colleague_client, org) -> None:
    subscriber(org, "=cmd@example.org")
    subscriber(org, "plain@example.org", status=Subscriber.Status.PENDING)
    assert colleague_client.get(reverse("newsletter:subscriber_export")).status_code == 403
    response = lead_client.get(reverse("newsletter:subscriber_export"), {"status": "confirmed"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=cmd@example.org" in body  # made plain text for spreadsheets
    assert "plain@example.org" not in body
    line = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert line.changes["rows"] == 1


def test_the_export_dates_are_uk_dates(lead_client, org) -> None:
    late_night = subscriber(org, "owl@example.org")
    # 00:10 on 2 July in British Summer Time is still 1 July in UTC.
    bst = dt.datetime(2025, 7, 1, 23, 10, tzinfo=dt.UTC)
    Subscriber.objects.filter(pk=late_night.pk).update(created_at=bst, confirmed_at=bst)
    body = b"".join(lead_client.get(reverse("newsletter:subscriber_export")).streaming_content).decode("utf-8-sig")
    row = next(line for line in body.splitlines() if "owl@example.org" in line)
    assert row.endswith("2025-07-02,2025-07-02") and "2025-07-01" not in row


@pytest.mark.parametrize(
    ("role", "view", "send"),
    [
        (Role.ADMIN, 200, 200),
        (Role.LEAD, 200, 200),
        (Role.STAFF, 200, 403),
        (Role.PARTNER, 403, 403),
        (Role.PEER_SUPPORTER, 403, 403),
        (Role.SAFEGUARDING_LEAD, 403, 403),
        (Role.DATA_PROTECTION_OFFICER, 403, 403),
        (Role.VIEWER, 403, 403),
    ],
)
def test_pages_by_role(role, view, send, org, draft) -> None:
    client = client_for(make_member(org, f"{role}.member@example.org", role))
    for url in (reverse("newsletter:home"), reverse("newsletter:subscriber_list"), issue_url("issue_detail", draft)):
        assert client.get(url).status_code == view, url
    assert client.get(issue_url("issue_send", draft)).status_code == send
    assert client.get(reverse("newsletter:issue_create")).status_code == view


def test_a_staff_member_cannot_send(colleague_client, draft) -> None:
    assert colleague_client.post(issue_url("issue_send", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT


def test_another_organisations_issue_and_blocks_are_404(stranger_client, colleague, draft) -> None:
    block = services.block_save(actor=colleague, issue=draft, kind=BlockKind.TEXT, text="Hi")
    for name in ("issue_detail", "issue_edit", "issue_preview", "issue_send"):
        assert stranger_client.get(issue_url(name, draft)).status_code == 404, name
    assert stranger_client.post(issue_url("issue_send", draft)).status_code == 404
    assert stranger_client.post(issue_url("issue_test", draft)).status_code == 404
    assert stranger_client.post(issue_url("block_delete", draft, block_id=block.pk)).status_code == 404
    assert Block.objects.filter(pk=block.pk).exists()


def test_staff_pages_are_never_cached(colleague_client, colleague, draft) -> None:
    block = services.block_save(actor=colleague, issue=draft, kind=BlockKind.TEXT, text="Hi")
    urls = [
        reverse("newsletter:home"),
        reverse("newsletter:issue_create"),
        issue_url("issue_detail", draft),
        issue_url("issue_edit", draft),
        issue_url("issue_preview", draft),
        issue_url("block_add", draft),
        issue_url("block_edit", draft, block_id=block.pk),
    ]
    for url in urls:
        response = colleague_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    # A form shown again with its errors too.
    assert colleague_client.post(reverse("newsletter:issue_create"), {"subject": ""})["Cache-Control"] == (
        "private, no-store"
    )


def test_the_send_page_is_never_cached(lead_client, draft) -> None:
    response = lead_client.get(issue_url("issue_send", draft))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_the_sign_in_is_needed(client, draft) -> None:
    response = client.get(reverse("newsletter:home"))
    assert response.status_code == 302 and "/accounts/" in response.url


# --- API ------------------------------------------------------------------------------------------------------------


def api_get(user, path: str):
    from django.test import Client

    _token, raw = api_token_create(membership=Membership.objects.get(user=user), name="t")
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_lists_subscriptions_for_admins_and_leads_each_read_audited(org, lead, hub, other_org) -> None:
    found = subscriber(org, "api@example.org", topics=[Topic.WINS])
    found.hubs.add(hub)
    subscriber(other_org, "theirs@example.org")
    response = api_get(lead, "/newsletter/subscriptions?status=confirmed")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["email"] for i in items] == ["api@example.org"]
    assert items[0]["hubs"] == [str(hub.pk)] and items[0]["topics"] == ["wins"] and items[0]["status"] == "confirmed"
    listed = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, actor=lead)
    assert listed.object_type == "newsletter.Subscriber" and listed.organisation == org
    assert listed.changes == {"format": "api", "rows": 1, "page": "1", "status": "confirmed"}

    one = api_get(lead, f"/newsletter/subscriptions/{found.pk}")
    assert one.status_code == 200 and one.json()["email"] == "api@example.org"
    read = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor=lead)
    assert read.object_id == str(found.pk) and "api@example.org" not in f"{read.summary} {read.changes}"
    # Another organisation's subscription is 404, and nothing is said to have been read.
    theirs = Subscriber.objects.get(organisation=other_org)
    assert api_get(lead, f"/newsletter/subscriptions/{theirs.pk}").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=lead).count() == 1


def test_hub_staff_see_issues_but_not_subscribers_addresses_through_the_api(org, colleague, draft) -> None:
    found = subscriber(org, "api@example.org")
    for path in ("/newsletter/subscriptions", f"/newsletter/subscriptions/{found.pk}"):
        refused = api_get(colleague, path)
        assert refused.status_code == 403, path
        assert "api@example.org" not in refused.content.decode()
    assert not AuditEvent.objects.filter(object_type="newsletter.Subscriber").exists()
    issues = api_get(colleague, "/newsletter/issues").json()["items"]
    assert [i["subject"] for i in issues] == ["Spring news"]


def test_the_api_refuses_roles_without_access(org, viewer) -> None:
    assert api_get(viewer, "/newsletter/subscriptions").status_code == 403
    assert api_get(viewer, "/newsletter/issues").status_code == 403


def test_the_confirmation_message_kind_is_never_for_a_person(client, org) -> None:
    client.post(reverse("newsletter:signup", kwargs={"organisation_slug": org.slug}), {"email": "x@example.org"})
    assert Message.objects.get().kind == Kind.NEWSLETTER_CONFIRMATION
    assert not Message.objects.filter(person__isnull=False).exists()
