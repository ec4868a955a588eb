"""Browser tests: Playwright (sync API) driving Debian's Chromium against a live server.

Every test collected under tests/e2e is marked `e2e` and gets transactional
database access: the live server answers from another thread, so it only sees
rows the test has committed. `serialized_rollback` restores what the data
migrations created (the disclaimer in force, the member groups) before each
test, because a transactional test empties every table when it ends; and
after each test the same rows are put back, so a browser test leaves the
database as the rest of the suite expects to find it.

Without /usr/bin/chromium the tests are skipped, unless CAIRN_REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser is an error.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Playwright's sync API runs an asyncio event loop in the test thread, and
# Django refuses ORM calls from a thread with a running loop. Set here, never in
# settings: only a test run that collects tests/e2e imports this module. It holds
# for the rest of that process, as it must: the session's browser keeps the loop
# marked as running until the session ends.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_SOURCE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Expectations that wait (expect(...).to_be_visible()) give up after this long.
EXPECT_TIMEOUT_MS = 10_000
NAVIGATION_TIMEOUT_MS = 20_000

# Runs before any script of the page. Violations are kept on the page (for a
# test that wants to look) and reported to Python at once, so one that happened
# on a page the test has since left is not lost.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    page: event.documentURI,
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  };
  window.__cspViolations.push(violation);
  if (typeof window.__cairnReportCspViolation === "function") {
    window.__cairnReportCspViolation(violation);
  }
}, true);
"""


def browser_required() -> bool:
    return os.environ.get("CAIRN_REQUIRE_BROWSER", "").strip() == "1"


def pytest_collection_modifyitems(config, items):
    # A conftest's collection hook sees the whole session: touch only our items.
    missing_browser = not CHROMIUM.exists() and not browser_required()
    for item in items:
        if not is_e2e(item):
            continue
        item.add_marker(pytest.mark.e2e)
        item.add_marker(
            pytest.mark.django_db(transaction=True, serialized_rollback=True)
        )
        if missing_browser:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} is not installed (Debian package "
                    "'chromium'); with CAIRN_REQUIRE_BROWSER=1 this is an error"
                )
            )


def is_e2e(item: pytest.Item) -> bool:
    return item.path.is_relative_to(E2E_DIR)


DB_BLOCKER = pytest.StashKey[object]()


@pytest.fixture(scope="session", autouse=True)
def _keep_db_blocker(request, django_db_blocker):
    request.config.stash[DB_BLOCKER] = django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # Runs after every fixture of the test has been torn down, so after the
    # flush that ends a transactional test. With no next item the session
    # fixtures are gone too, test database included: nothing to restore, and
    # the connection points at the real database again.
    try:
        return (yield)
    finally:
        if nextitem is not None and is_e2e(item) and DB_BLOCKER in item.config.stash:
            with item.config.stash[DB_BLOCKER].unblock():
                restore_migrated_rows()


def restore_migrated_rows() -> None:
    """Reload what the migrations created (the serialized test database)."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"CAIRN_REQUIRE_BROWSER=1 but {CHROMIUM} is missing: "
            "apt-get update && apt-get install -y chromium",
            pytrace=False,
        )
    from django.db import connections

    # Between sync calls Playwright leaves its event loop marked as running in
    # this thread, and Django then keeps this thread's database connections in
    # a second, context-local store: the first ORM call would open a new
    # connection, one without the serialized test data or pytest-django's
    # state. Point that store at the connections the thread already has.
    current = {alias: connections[alias] for alias in connections}
    manager = sync_playwright().start()
    for alias, connection in current.items():
        connections[alias] = connection
    yield manager
    manager.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Never `playwright install`: Debian's Chromium is the browser.
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=BROWSER_ARGS
    )
    yield browser
    browser.close()


@dataclass
class BrowserLog:
    """What the browser reported while a test ran (tests may assert on it)."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)

    def record_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(
                f"{message.location.get('url', '')}: {message.text}"
            )

    def record_csp_violation(self, violation: dict) -> None:
        if violation not in self.csp_violations:
            self.csp_violations.append(violation)

    def csp_report(self) -> str:
        lines = [
            f"- {v.get('directive')} blocked {v.get('blocked') or 'inline'} on {v.get('page')}"
            f" ({v.get('source') or 'document'}:{v.get('line')}) {v.get('sample') or ''}".rstrip()
            for v in self.csp_violations
        ]
        if self.page_errors:
            lines.append("Uncaught errors:")
            lines.extend(f"- {error}" for error in self.page_errors)
        if self.console_errors:
            lines.append("Console errors:")
            lines.extend(f"- {error}" for error in self.console_errors)
        return "\n".join(lines)


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def context(
    browser: Browser, live_server, browser_log: BrowserLog
) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    context.expose_function(
        "__cairnReportCspViolation", browser_log.record_csp_violation
    )
    context.add_init_script(script=CSP_LISTENER)
    context.on("console", browser_log.record_console)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, browser_log: BrowserLog) -> Iterator[Page]:
    """A fresh page on the live server; the test fails if the CSP blocked anything."""
    page = context.new_page()
    page.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))
    yield page
    if not page.is_closed():
        try:
            for violation in page.evaluate("window.__cspViolations || []"):
                browser_log.record_csp_violation(violation)
        except Exception:  # noqa: S110 - the page may be mid-navigation; the binding has them
            pass
    if browser_log.csp_violations:
        pytest.fail(
            "The Content-Security-Policy blocked something:\n"
            + browser_log.csp_report(),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run `npm ci`", pytrace=False)
    return AXE_SOURCE.read_text(encoding="utf-8")


SERIOUS_IMPACTS = ("serious", "critical")


class Axe:
    """Runs axe-core in the page and returns its serious and critical violations.

    The site's CSP (script-src 'self') blocks an inline <script>, which is what
    `page.add_script_tag(content=...)` would add. `page.evaluate` goes through
    the DevTools protocol, which the CSP does not govern, so axe is evaluated
    that way and the page keeps its real policy while it is checked.
    """

    def __init__(self, source: str):
        self.source = source

    def __call__(self, page: Page, options: dict | None = None) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self.source + "\n;undefined")
        results = page.evaluate(
            "(options) => axe.run(document, options)",
            {"resultTypes": ["violations"], **(options or {})},
        )
        return [v for v in results["violations"] if v["impact"] in SERIOUS_IMPACTS]

    @staticmethod
    def report(violations: list[dict]) -> str:
        lines = []
        for violation in violations:
            first = violation["nodes"][0]["target"] if violation["nodes"] else ["?"]
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                f"[{len(violation['nodes'])} node(s), first: {' '.join(map(str, first))}] "
                f"{violation['helpUrl']}"
            )
        return "\n".join(lines)

    def assert_clean(self, page: Page, options: dict | None = None) -> None:
        violations = self(page, options)
        assert not violations, (
            f"axe found serious/critical accessibility violations on {page.url}:\n"
            + self.report(violations)
        )


@pytest.fixture
def axe(axe_source: str) -> Axe:
    return Axe(axe_source)
