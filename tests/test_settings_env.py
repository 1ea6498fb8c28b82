"""Bad environment configuration stops the process with a message that names the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from coproduce.env import env_bool, env_choice, env_int, env_list, env_str

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_env_bool_rejects_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG", False)


def test_env_bool_reads_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "Yes")
    assert env_bool("SOME_FLAG", False) is True
    monkeypatch.setenv("SOME_FLAG", "off")
    assert env_bool("SOME_FLAG", True) is False


def test_env_int_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be a whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("SOME_NUMBER", 1, minimum=1)


def test_env_str_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOME_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET must be set"):
        env_str("SOME_SECRET", required=True)


def test_file_variant_reads_secrets_from_files(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env_str("SOME_SECRET") == "from-a-file"
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET_FILE"):
        env_str("SOME_SECRET")


def test_env_list_and_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSTS", "a.example.org, b.example.org,,")
    assert env_list("HOSTS") == ["a.example.org", "b.example.org"]
    monkeypatch.setenv("FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="FORMAT must be one of json, text"):
        env_choice("FORMAT", ("json", "text"), "json")


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET", "ALLOWED", "SITE_URL"))}
    base.update({"DJANGO_SETTINGS_MODULE": "coproduce.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env=base, capture_output=True, text=True, check=False
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "coproduce.example.org",
    "SITE_URL": "https://coproduce.example.org",
}


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _check({k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_bad_debug_value() -> None:
    result = _check({**PRODUCTION, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _check(PRODUCTION, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
