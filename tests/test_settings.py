"""Production start-up, checked the way an operator would: `manage.py check
--deploy` in a fresh process with only the environment the README lists."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "cairn.example",
    "SMTP_HOST": "smtp.example",
    "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
}


def check_deploy(**overrides: str | None) -> subprocess.CompletedProcess:
    """Run check --deploy with PRODUCTION_ENV; an override of None unsets one."""
    env = {"PATH": os.environ.get("PATH", ""), **PRODUCTION_ENV, **overrides}
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(  # noqa: S603 (fixed argv, no shell)
        # sys.executable is the virtualenv's python that runs pytest.
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_complete_production_env_passes_without_warnings():
    result = check_deploy()

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


@pytest.mark.parametrize("secret_key", [None, "", "   "])
def test_check_deploy_without_secret_key_fails_naming_it(secret_key):
    result = check_deploy(SECRET_KEY=secret_key)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("allowed_hosts", [None, "", " , "])
def test_check_deploy_without_allowed_hosts_fails_naming_it(allowed_hosts):
    result = check_deploy(ALLOWED_HOSTS=allowed_hosts)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_without_smtp_host_fails_naming_it():
    result = check_deploy(SMTP_HOST=None)

    assert result.returncode != 0
    assert "SMTP_HOST" in result.stderr


def test_check_deploy_unknown_environment_name_fails():
    result = check_deploy(DJANGO_ENV="prod")

    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr
