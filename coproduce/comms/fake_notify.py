"""A small local fake of the GOV.UK Notify HTTP API, for tests, benchmarks and the demo (no network).

It checks the bearer token as Notify does (a JWT signed with HS256 by the API key's secret, `iss` = service id,
`iat` within 30 seconds), validates addresses, keeps notifications in memory and answers the calls the outbox
makes. `fail_next(n, status)` makes the next n requests fail; `set_status` moves a notification on.

    with FakeNotify() as notify:        # or: python -m coproduce.comms.fake_notify --port 6011
        settings.NOTIFY_API_KEY = notify.api_key; settings.NOTIFY_BASE_URL = notify.url
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt

_TOKEN_LEEWAY = 30  # seconds, as Notify
_UK_MOBILE = re.compile(r"^(?:\+?44|0)7\d{9}$")


class FakeNotify:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, service_id: str = "", secret: str = "") -> None:
        self.service_id = service_id or str(uuid.uuid4())
        self.secret = secret or str(uuid.uuid4())
        self.notifications: dict[str, dict] = {}  # by id, in the order received
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request, failed ones included
        self._failures: list[int] = []
        self._lock = threading.Lock()
        self._server = _Server((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- running -------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_key(self) -> str:
        """A key in Notify's format, "{key name}-{service id}-{secret}"."""
        return f"fake_key-{self.service_id}-{self.secret}"

    def start(self) -> FakeNotify:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-notify", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeNotify:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- steering ------------------------------------------------------------------------------------------
    def fail_next(self, count: int, status: int = 500) -> None:
        with self._lock:
            self._failures.extend([status] * count)

    def set_status(self, notification_id: str, status: str) -> None:
        with self._lock:
            self.notifications[notification_id]["status"] = status

    def deliver_all(self) -> None:
        with self._lock:
            for notification in self.notifications.values():
                notification["status"] = "delivered"

    def reset(self) -> None:
        with self._lock:
            self.notifications.clear()
            self.requests.clear()
            self._failures.clear()

    def sent(self, reference: str | None = None) -> list[dict]:
        with self._lock:
            found = list(self.notifications.values())
        return [n for n in found if reference is None or n["reference"] == reference]

    # --- the API -------------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers, body: bytes) -> tuple[int, dict]:
        url = urlsplit(path)
        with self._lock:
            self.requests.append((method, url.path))
            if self._failures:
                status = self._failures.pop(0)
                return status, _errors(status, "Fake failure" if status >= 500 else "RequestError", "Told to fail")
        auth_error = self._check_token(headers.get("Authorization", ""))
        if auth_error:
            return 403, _errors(403, "AuthError", auth_error)
        if method == "POST" and url.path in ("/v2/notifications/email", "/v2/notifications/sms"):
            try:
                data = json.loads(body or b"{}")
            except ValueError:
                return 400, _errors(400, "BadRequestError", "Invalid JSON supplied in POST data")
            return self._create(url.path.rsplit("/", 1)[1], data)
        if method == "GET" and url.path == "/v2/notifications":
            query = parse_qs(url.query)
            reference = query.get("reference", [None])[0]
            with self._lock:
                found = [
                    n for n in reversed(self.notifications.values()) if reference is None or n["reference"] == reference
                ]
            return 200, {"notifications": found, "links": {"current": f"{self.url}/v2/notifications"}}
        if method == "GET" and url.path.startswith("/v2/notifications/"):
            with self._lock:
                notification = self.notifications.get(url.path.rsplit("/", 1)[1])
            if notification is None:
                return 404, _errors(404, "NoResultFound", "No result found")
            return 200, notification
        return 404, _errors(404, "NotFound", "Not found")

    def _check_token(self, header: str) -> str:
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = header.removeprefix("Bearer ").strip()
        try:
            unverified = jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])
        except jwt.DecodeError:
            return "Invalid token: signature, api token not found"
        if unverified.get("iss") != self.service_id:
            return "Invalid token: service not found"
        try:
            claims = jwt.decode(token, key=self.secret, algorithms=["HS256"], options={"require": ["iss", "iat"]})
        except jwt.InvalidTokenError:
            return "Invalid token: signature, api token not found"
        if abs(time.time() - int(claims["iat"])) > _TOKEN_LEEWAY:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return ""

    def _create(self, kind: str, data: dict) -> tuple[int, dict]:
        field = "email_address" if kind == "email" else "phone_number"
        address = str(data.get(field) or "")
        if not address:
            return 400, _errors(400, "ValidationError", f"{field} is a required property")
        if kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
            return 400, _errors(400, "ValidationError", "email_address Not a valid email address")
        if kind == "sms" and not _UK_MOBILE.match(re.sub(r"[\s()-]", "", address)):
            return 400, _errors(400, "ValidationError", "phone_number Not a UK mobile number")
        try:
            template_id = str(uuid.UUID(str(data.get("template_id"))))
        except ValueError:
            return 400, _errors(400, "ValidationError", "template_id is not a valid UUID")
        personalisation = data.get("personalisation") or {}
        notification_id = str(uuid.uuid4())
        notification = {
            "id": notification_id,
            "reference": data.get("reference"),
            "type": kind,
            "status": "created",
            "email_address": address if kind == "email" else None,
            "phone_number": address if kind == "sms" else None,
            "subject": personalisation.get("subject") if kind == "email" else None,
            "body": str(personalisation.get("body", "")),
            "one_click_unsubscribe_url": data.get("one_click_unsubscribe_url"),
            "template": {"id": template_id, "version": 1, "uri": f"{self.url}/v2/template/{template_id}"},
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
        }
        with self._lock:
            self.notifications[notification_id] = notification
        content = {"body": notification["body"]}
        if kind == "email":
            content |= {"subject": notification["subject"], "from_email": "fake@notifications.service.gov.uk"}
        else:
            content |= {"from_number": "GOVUK"}
        return 201, {
            "id": notification_id,
            "reference": notification["reference"],
            "content": content,
            "uri": f"{self.url}/v2/notifications/{notification_id}",
            "template": notification["template"],
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A client killed mid-request (the benchmark does this on purpose) resets its connection: not an error.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _errors(status: int, error: str, message: str) -> dict:
    return {"status_code": status, "errors": [{"error": error, "message": message}]}


def _handler_for(fake: FakeNotify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Each response in one write, without Nagle's delay: otherwise headers and body go in two small packets
        # and every request waits ~40 ms for a delayed ACK, which would make the fake the bottleneck.
        wbufsize = 64 * 1024
        disable_nagle_algorithm = True

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, payload = fake.handle(self.command, self.path, self.headers, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, format, *args) -> None:
            pass  # quiet: the tests and the bench print what matters

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Run a local fake of the GOV.UK Notify API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6011)
    args = parser.parse_args()
    fake = FakeNotify(args.host, args.port).start()
    print(f"Fake Notify at {fake.url}\nNOTIFY_BASE_URL={fake.url}\nNOTIFY_API_KEY={fake.api_key}")
    print(f"NOTIFY_EMAIL_TEMPLATE_ID={uuid.uuid4()}\nNOTIFY_SMS_TEMPLATE_ID={uuid.uuid4()}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
