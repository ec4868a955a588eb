"""The database going away, for real (issue 15).

The site runs as its own process (gunicorn, as in production) on a database
it reaches through a TCP proxy written here. The test cuts the proxy (every
connection dropped, new ones refused), asks for pages and posts a comment,
then restores it: the pages answer 503 with Retry-After and the site's page,
the comment comes back with its text, the log holds one warning line per
request and no traceback, and the same process serves again once the
database is back, without a restart.

The in-process checks of forum/outage.py are tests/forum/test_outage.py.
"""

import contextlib
import html
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = settings.DATABASES["default"]

pytestmark = pytest.mark.skipif(
    DATABASE["ENGINE"] != "django.db.backends.postgresql",
    reason="cuts a TCP connection to PostgreSQL; SQLite has no server to lose "
    "(run with DATABASE_URL=postgres://...)",
)


class TcpProxy:
    """127.0.0.1:<port> forwarded to `target`; close() drops every
    connection and refuses new ones, reopen() listens on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.reopen()

    def reopen(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self.port = self._listener.getsockname()[1]
        threading.Thread(
            target=self._accept, args=(self._listener,), daemon=True
        ).start()

    def close(self) -> None:
        listener, self._listener = self._listener, None
        _shut(listener)  # wakes accept(); the port now refuses connections
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for client, upstream in pairs:
            _shut(client)
            _shut(upstream)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _shut(client)
                continue
            with self._lock:
                self._pairs.add((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pump, args=(source, sink), daemon=True
                ).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        _shut(source)
        _shut(sink)


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with contextlib.suppress(OSError):  # already shut by the other side
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def database_url(*, name: str, host: str, port: int) -> str:
    user = urllib.parse.quote(DATABASE["USER"] or "", safe="")
    password = urllib.parse.quote(DATABASE["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{host}:{port}/{name}"


def admin_sql(statement: str) -> None:
    """Run a statement that cannot run in a transaction (CREATE DATABASE)."""
    with psycopg.connect(
        host=DATABASE["HOST"] or "127.0.0.1",
        port=int(DATABASE["PORT"] or 5432),
        user=DATABASE["USER"],
        password=DATABASE["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(statement)


def manage(*args: str, env: dict) -> str:
    result = subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# Run in the site's database by `manage.py shell`: a member who can post,
# and an article with its discussion. Prints what the test needs.
SET_UP = """
import json
from forum import services
from forum.disclaimers import current_disclaimer
from tests.factories import PASSWORD, ArticleFactory, MemberFactory
member = MemberFactory(email="outage.reader@example.org", display_name="Outage Reader")
services.accept_disclaimer(member=member, disclaimer=current_disclaimer())
article = ArticleFactory()
discussion = services.open_discussion(host=article)
print(json.dumps({"email": member.email, "password": PASSWORD,
    "article": article.get_absolute_url(), "discussion": discussion.pk}))
"""


class Browser:
    """Cookies kept, redirects not followed, every status returned. Only
    ever opens http://127.0.0.1 (hence the S310 waivers)."""

    class _Keep(urllib.request.HTTPErrorProcessor):
        def http_response(self, request, response):
            return response

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), self._Keep()
        )

    def get(self, path: str):
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310

    def post(self, path: str, fields: dict):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310
        return self._open(request)

    def _open(self, request):
        with self.opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode()


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


@pytest.fixture
def site_database():
    """An empty database of the site's own, dropped afterwards (unique to
    this test database, so parallel runs on other databases never meet)."""
    name = f"{DATABASE['NAME']}_outage_site"[:63]
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(site_database, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_ENV": "development",
        "DEBUG": "false",  # the pages visitors see
        "LOG_LEVEL": "INFO",
    }
    host, port = DATABASE["HOST"] or "127.0.0.1", int(DATABASE["PORT"] or 5432)
    direct = {
        **env,
        "DATABASE_URL": database_url(name=site_database, host=host, port=port),
    }
    manage("migrate", "--noinput", "-v", "0", env=direct)
    content = json.loads(manage("shell", "-c", SET_UP, env=direct).splitlines()[-1])

    proxy = TcpProxy((host, port))
    web_port = free_port()
    log_path = tmp_path / "site.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 (fixed argv, no shell)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                "1",
                "--timeout",
                "30",
                "--graceful-timeout",
                "2",
                "--no-control-socket",  # no shared socket under $HOME
            ],
            cwd=BASE_DIR,
            env={
                **env,
                "DATABASE_URL": database_url(
                    name=site_database, host="127.0.0.1", port=proxy.port
                ),
                "DB_CONN_MAX_AGE": "60",  # a kept connection must recover too
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{web_port}"
    try:
        deadline = time.monotonic() + 30  # gunicorn starting on a busy machine
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=2).close()  # noqa: S310
                break
            except (OSError, urllib.error.URLError):
                assert server.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)
        yield {"base": base, "proxy": proxy, "log": log_path, **content}
        assert server.poll() is None, "the site restarted: " + log_path.read_text()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        proxy.close()


def test_site_answers_503_while_the_database_is_away_and_recovers(site):
    browser = Browser(site["base"])
    article, create = site["article"], f"/discussions/{site['discussion']}/comments/"
    text = 'Week three <b>on the new dose</b> & "still tired"'

    # While the database is up: a page, signing in, the comment form.
    assert browser.get("/")[0] == HTTPStatus.OK
    status, _, page = browser.get("/accounts/login/")
    assert status == HTTPStatus.OK
    status, headers, page = browser.post(
        "/accounts/login/",
        {
            "login": site["email"],
            "password": site["password"],
            "csrfmiddlewaretoken": csrf_token(page),
        },
    )
    assert status == HTTPStatus.FOUND, ("signing in failed", status, page)
    status, _, page = browser.get(article)
    assert status == HTTPStatus.OK and "Post comment" in page
    form = {"body": text, "csrfmiddlewaretoken": csrf_token(page)}

    site["proxy"].close()
    away = {
        "home": browser.get("/"),
        "article": browser.get(article),
        "missing page": browser.get("/no-such-page/"),
        "comment": browser.post(create, form),
    }

    for what, (status, headers, page) in away.items():
        assert status == HTTPStatus.SERVICE_UNAVAILABLE, (what, page)
        assert headers["Retry-After"] == "60", what
        assert "Cairn is having trouble reaching its database" in page, what
    page = away["comment"][2]
    assert html.escape(text) in page
    assert "please try again in a moment" in page
    assert "readonly" in page
    try_again = {"body": text, "csrfmiddlewaretoken": csrf_token(page)}

    site["proxy"].reopen()
    assert browser.get("/")[0] == HTTPStatus.OK
    # The outage page's "Try again" posts the text again: it is posted now.
    status, _, _ = browser.post(create, try_again)
    assert status == HTTPStatus.FOUND, "the comment did not post after recovery"
    status, _, page = browser.get(article)
    assert status == HTTPStatus.OK
    assert html.escape(text) in page

    log = site["log"].read_text()
    assert "Traceback" not in log, log
    assert "Internal Server Error" not in log, log
    assert log.count("Booting worker") == 1, log  # the same process throughout
    outage_lines = [line for line in log.splitlines() if "Database unreachable" in line]
    assert len(outage_lines) == len(away), log
