"""Structured logs: JSON lines carrying the id of the request being handled."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter

from coproduce.core.logging import RequestIdFilter
from coproduce.core.request_context import reset_request_id, set_request_id


def test_json_log_lines_carry_the_request_id() -> None:
    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["format"], rename_fields=config["rename_fields"])
    record = logging.LogRecord("coproduce.test", logging.WARNING, __file__, 1, "hub %s changed", ("Eastfield",), None)
    token = set_request_id("req-42")
    try:
        RequestIdFilter().filter(record)
    finally:
        reset_request_id(token)
    line = json.loads(formatter.format(record))
    assert line["message"] == "hub Eastfield changed"
    assert line["request_id"] == "req-42"
    assert line["level"] == "WARNING" and line["logger"] == "coproduce.test"


def test_without_a_request_id_the_log_says_a_dash() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    token = set_request_id("")
    try:
        RequestIdFilter().filter(record)
    finally:
        reset_request_id(token)
    assert record.request_id == "-"


def test_error_responses_are_logged_with_their_request_id(client, caplog, db) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/no-such-page", HTTP_X_REQUEST_ID="req-404")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    RequestIdFilter().filter(records[-1])
    assert records[-1].request_id == "req-404"
