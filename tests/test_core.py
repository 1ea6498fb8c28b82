"""Layout, security headers, statutory pages, errors, health check, request ids and the audit log."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from coproduce.core.audit import audit_record
from coproduce.core.models import AuditEvent, uuid7
from tests.cast import client_for


@pytest.mark.parametrize("path", ["/", "/accessibility", "/privacy", "/cookies", "/feedback", "/accounts/login/"])
def test_public_pages_use_the_govuk_layout(client: Client, path: str, db) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    assert "govuk-service-navigation" in html
    for link in ("/accessibility", "/privacy", "/cookies"):
        assert f'href="{link}"' in html
    assert "govuk/govuk-frontend.min.css" in html


def test_security_headers(client: Client, db) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(client: Client, db) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html


@pytest.mark.parametrize(("path", "status", "heading"), [("/no-such-page", 404, "Page not found")])
def test_error_pages_use_the_layout(client: Client, path: str, status: int, heading: str, db) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert heading in response.content.decode()
    assert "govuk-footer" in response.content.decode()


def test_500_page_renders_without_a_request(db) -> None:
    from coproduce.core.views import error_500

    response = error_500(None)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_403_page(colleague_client: Client) -> None:
    response = colleague_client.get(reverse("organisations:member_list"))
    assert response.status_code == 403
    assert "You do not have permission to do this" in response.content.decode()


def test_healthz_ok(client: Client, db) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_is_unreachable(client: Client, monkeypatch: pytest.MonkeyPatch, db) -> None:
    class Unreachable:
        def cursor(self):
            raise DatabaseError("could not connect to server")

    monkeypatch.setattr("coproduce.core.views.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_503_when_the_shared_cache_is_unreachable(client: Client, settings, db) -> None:
    # Changing CACHES makes Django drop its cache connections; nothing listens on port 1.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


def test_healthz_is_not_redirected_to_https(client: Client, settings, db) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/cookies").status_code == 301


def test_audit_records_the_client_behind_trusted_proxies(rf, settings, org, admin) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert audit_record(action="view", actor=admin, organisation=org, request=request).ip_address == "10.0.0.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert audit_record(action="view", actor=admin, organisation=org, request=request).ip_address == "203.0.113.9"
    # A client cannot push its own made-up address past the proxies we trust.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert audit_record(action="view", actor=admin, organisation=org, request=request).ip_address == "198.51.100.7"


def test_audit_keeps_no_ip_address_for_lines_without_an_account(rf, org, admin) -> None:
    """A family's own link or a public form: the log cannot be changed, so an address there could not be erased."""
    request = rf.get("/", REMOTE_ADDR="203.0.113.77")
    assert audit_record(action="update", actor=None, organisation=org, request=request).ip_address is None
    # What happens to an account keeps it (failed sign-ins are how attacks show).
    failed = audit_record(
        action="sign_in_failed", actor=None, organisation=None, request=request, object_type="accounts.User"
    )
    assert failed.ip_address == "203.0.113.77"
    assert audit_record(action="update", actor=admin, organisation=org, request=request).ip_address == "203.0.113.77"


def test_request_id_is_echoed_or_made(client: Client, db) -> None:
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert made != "<script>" and len(made) == 32


def test_uuid7_is_time_ordered_and_version_7() -> None:
    ids = [uuid7() for _ in range(50)]
    assert all(u.version == 7 for u in ids)
    assert [u.int >> 80 for u in ids] == sorted(u.int >> 80 for u in ids)
    assert len(set(ids)) == 50


# The audit log


def test_audit_log_is_append_only_in_the_app(org, admin) -> None:
    event = audit_record(action=AuditEvent.Action.UPDATE, actor=admin, organisation=org, obj=org, summary="x")
    event.summary = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "x"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete_on_the_audit_table(org, admin) -> None:
    event = audit_record(action=AuditEvent.Action.UPDATE, actor=admin, organisation=org, obj=org, summary="x")
    for sql in (
        "UPDATE core_auditevent SET summary = 'rewritten' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).summary == "x"


def test_admin_sees_the_audit_log_of_their_organisation_only(org, other_org, admin, stranger) -> None:
    audit_record(action=AuditEvent.Action.UPDATE, actor=admin, organisation=org, obj=org, summary="Northby change")
    audit_record(
        action=AuditEvent.Action.UPDATE, actor=stranger, organisation=other_org, obj=other_org, summary="Southby change"
    )
    html = client_for(admin).get(reverse("core:audit_log")).content.decode()
    assert "Northby change" in html
    assert "Southby change" not in html


def test_audit_log_filters_and_their_errors(org, admin) -> None:
    audit_record(action=AuditEvent.Action.UPDATE, actor=admin, organisation=org, obj=org, summary="changed it")
    audit_record(action=AuditEvent.Action.INVITE, actor=admin, organisation=org, obj=org, summary="invited someone")
    client = client_for(admin)
    html = client.get(reverse("core:audit_log"), {"action": "invite"}).content.decode()
    assert "invited someone" in html and "changed it" not in html
    response = client.get(reverse("core:audit_log"), {"date_from": "10/3/2026", "date_to": "1/3/2026"})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The ‘To’ date must be the same as or after the ‘From’ date" in html
    assert "<title>Error: Audit log" in html


def test_colleagues_cannot_read_the_audit_log(colleague_client: Client) -> None:
    assert colleague_client.get(reverse("core:audit_log")).status_code == 403


def test_audit_log_page_query_count_does_not_grow_with_entries(org, admin, django_assert_max_num_queries) -> None:
    client = client_for(admin)
    for i in range(40):
        audit_record(action=AuditEvent.Action.UPDATE, actor=admin, organisation=org, obj=org, summary=f"change {i}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("core:audit_log")).status_code == 200


def test_audit_lines_are_shown_in_plain_words(org, admin, hub) -> None:
    audit_record(action=AuditEvent.Action.UPDATE, actor=admin, organisation=org, obj=hub, summary="Changed hub X")
    audit_record(action=AuditEvent.Action.VIEW, actor=admin, organisation=org, obj=hub)
    html = client_for(admin).get(reverse("core:audit_log")).content.decode()
    assert "Changed hub X" in html and "Viewed" in html
    assert "(hub)" in html and "organisations.Hub" not in html


def test_data_protection_page_shows_each_role_only_its_own_links(org) -> None:
    from coproduce.organisations.models import Role
    from tests.cast import client_for, make_member

    dpo = client_for(make_member(org, "dpo@example.org", Role.DATA_PROTECTION_OFFICER))
    html = dpo.get("/data-protection/").content.decode()
    assert "Data rights requests" in html and "Retention" in html and "Audit log" in html
    staff = client_for(make_member(org, "staff@example.org", Role.STAFF))
    html = staff.get("/data-protection/").content.decode()
    assert "Data sharing agreements" in html
    assert "Data rights requests" not in html and "Audit log" not in html
    viewer = client_for(make_member(org, "viewer2@example.org", Role.VIEWER))
    assert viewer.get("/data-protection/").status_code == 403
    assert "Data protection" not in viewer.get("/").content.decode()
