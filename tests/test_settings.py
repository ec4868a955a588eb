"""Production start-up, checked the way an operator would: `manage.py check
--deploy` in a fresh process with only the environment the README lists."""

import os
import re
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
    "SITE_URL": "https://cairn.example",
    "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process that sees only PATH and `env`."""
    return subprocess.run(  # noqa: S603 (fixed argv, no shell)
        # sys.executable is the virtualenv's python that runs pytest.
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_deploy(**overrides: str | None) -> subprocess.CompletedProcess:
    """Run check --deploy with PRODUCTION_ENV; an override of None unsets one."""
    env = {**PRODUCTION_ENV, **overrides}
    env = {name: value for name, value in env.items() if value is not None}
    return manage("check", "--deploy", env=env)


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


# --- every variable documented ----------------------------------------------

# Names passed to os.environ or to the settings module's own readers.
_READ = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|os\.environ\[|\brequired|\benv_list|\benv_bool)"""
    r"""\(?\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def variables_read_by_settings() -> set[str]:
    return set(_READ.findall((BASE_DIR / "config" / "settings.py").read_text()))


def variables_in_env_example() -> set[str]:
    """Names assigned in .env.example, set (NAME=) or shown commented (# NAME=)."""
    text = (BASE_DIR / ".env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, re.M))


def variables_in_readme_table() -> set[str]:
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    first_cells = [
        line.split("|")[1] for line in section.splitlines() if line.startswith("| `")
    ]
    return {name for cell in first_cells for name in re.findall(r"`(\w+)`", cell)}


def test_settings_read_the_variables_the_docs_expect():
    # Guards the parsers below: a regex that matched nothing would pass them.
    assert {"DJANGO_ENV", "SECRET_KEY", "DEFAULT_FROM_EMAIL", "SMTP_HOST"} <= (
        variables_read_by_settings()
    )


def test_env_example_lists_exactly_the_variables_settings_read():
    assert variables_in_env_example() == variables_read_by_settings()


def test_readme_configuration_table_lists_exactly_the_variables_settings_read():
    assert variables_in_readme_table() == variables_read_by_settings()


def test_env_example_says_cairn_does_not_read_it_and_keeps_production_apart():
    text = (BASE_DIR / ".env.example").read_text()
    development, production = text.split("# ---- Production", 1)

    assert "Cairn does not read this file" in text
    assert "# ---- Development" in development
    # Production values are placeholders: none is set by copying the file.
    assert not re.findall(r"^[A-Z][A-Z0-9_]*=", production, re.M)
    assert re.search(r"^# SECRET_KEY=", production, re.M)


# --- DEBUG=false under `make run` --------------------------------------------


def test_development_without_debug_serves_static_files_through_whitenoise():
    """`DEBUG=false make run` shows the site's own error pages; runserver stops
    serving static files then, and WhiteNoise (from the finders) takes over."""
    script = (
        "from django.conf import settings; from django.test import Client; "
        "r = Client().get('/static/css/cairn.css', HTTP_HOST='127.0.0.1:8000'); "
        "print(settings.DEBUG, r.status_code, r['Content-Type'])"
    )
    result = manage("shell", "--no-imports", "-c", script, env={"DEBUG": "false"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["False", "200", "text/css;"], result.stdout


def test_postgresql_connections_give_up_after_a_few_seconds():
    script = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['connect_timeout'])"
    )
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:5432/unused"}
    result = manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"
