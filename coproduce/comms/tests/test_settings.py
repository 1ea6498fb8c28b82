"""Choosing GOV.UK Notify without its key or templates stops the process with a message that names them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "MESSAGE_"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.MESSAGE_BACKEND, settings.NOTIFY_API_KEY, settings.NOTIFY_TEMPLATES['sms'])",
        ],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "coproduce.settings", "DJANGO_DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_notify_needs_a_key_and_templates() -> None:
    result = _settings({"MESSAGE_BACKEND": "notify"})
    assert result.returncode != 0
    assert "MESSAGE_BACKEND=notify needs NOTIFY_API_KEY" in result.stderr


def test_the_notify_key_can_come_from_a_file(tmp_path) -> None:
    key_file = tmp_path / "notify-key"
    key_file.write_text("test-key-from-file\n")
    result = _settings(
        {
            "MESSAGE_BACKEND": "notify",
            "NOTIFY_API_KEY_FILE": str(key_file),
            "NOTIFY_EMAIL_TEMPLATE_ID": "email-template",
            "NOTIFY_SMS_TEMPLATE_ID": "sms-template",
        }
    )
    assert result.returncode == 0, result.stderr[-1000:]
    assert result.stdout.split() == ["notify", "test-key-from-file", "sms-template"]
