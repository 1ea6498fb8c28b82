"""Background work of the newsletter: queueing a sent issue's messages, and deleting sign-ups never confirmed
(daily; also `manage.py newsletter_cleanup`). Run by the worker (`manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task


@task
def queue_issue_messages(*, issue_id: str) -> int:
    """Queue a sent issue's messages in the outbox (safe to run again). Returns how many."""
    from coproduce.newsletter.models import Issue
    from coproduce.newsletter.services import issue_messages_queue

    issue = Issue.objects.select_related("organisation").filter(pk=issue_id).first()
    if issue is None or not issue.is_sent:
        return 0
    return issue_messages_queue(issue=issue)


@task
def delete_unconfirmed_signups() -> int:
    """Delete newsletter sign-ups never confirmed within 30 days. Returns how many."""
    from coproduce.newsletter.services import pending_cleanup

    return pending_cleanup()
