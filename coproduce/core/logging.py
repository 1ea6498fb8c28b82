"""Adds the current request id to every log record."""

from __future__ import annotations

import logging

from coproduce.core.request_context import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
