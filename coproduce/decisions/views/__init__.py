"""Decisions and promises pages: `decisions` (the log, recording, one decision, the export), `promises` (the list,
making one with the realism prompt, one promise, changing its status); `common` holds the reads they share."""

from coproduce.decisions.views.decisions import (
    decision_create,
    decision_detail,
    decision_edit,
    decision_export,
    decision_list,
    project_decision_list,
)
from coproduce.decisions.views.promises import promise_create, promise_detail, promise_list, promise_status

__all__ = [
    "decision_create",
    "decision_detail",
    "decision_edit",
    "decision_export",
    "decision_list",
    "project_decision_list",
    "promise_create",
    "promise_detail",
    "promise_list",
    "promise_status",
]
