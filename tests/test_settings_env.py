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


def _base_env() -> dict[str, str]:
    prefixes = ("DJANGO", "SECRET", "ALLOWED", "SITE_URL", "DATABASE_URL", "REDIS_URL", "REQUIRE", "SECURE")
    base = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    base["DJANGO_SETTINGS_MODULE"] = "coproduce.settings"
    return base


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {**_base_env(), **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env=base, capture_output=True, text=True, check=False
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "coproduce.example.org",
    "SITE_URL": "https://coproduce.example.org",
    "DATABASE_URL": "postgres://coproduce@db.example.org:5432/coproduce",
    "REDIS_URL": "redis://cache.example.org:6379/0",
}


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _check({k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_bad_debug_value() -> None:
    result = _check({**PRODUCTION, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_needs_a_database_url() -> None:
    result = _check({k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"})
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_check_deploy_warns_without_a_shared_cache() -> None:
    result = _check({k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}, "--deploy")
    assert "coproduce.W001" in result.stderr + result.stdout


def test_an_empty_flag_means_the_default_not_off() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; django.setup(); from django.conf import settings; "
            "print(settings.REQUIRE_STAFF_MFA, settings.SECURE_SSL_REDIRECT)",
        ],
        cwd=ROOT,
        env={**_base_env(), **PRODUCTION, "REQUIRE_STAFF_MFA": "", "SECURE_SSL_REDIRECT": " "},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True"]


def test_collectstatic_works_with_production_storage(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env={**_base_env(), **PRODUCTION, "STATIC_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "govuk/govuk-frontend.min.css" in manifest
    css = next(tmp_path.glob("govuk/govuk-frontend.min.*.css")).read_text()
    assert "url(/assets/" not in css  # fonts and images resolve next to the CSS


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _check(PRODUCTION, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
