"""Browser tests: a real server on committed data, driven by Playwright with Debian's chromium.

They run inside `make test` whenever chromium is installed (`/usr/bin/chromium` or `chromium` on
PATH); otherwise they are skipped and the run says so loudly at the end. No browser is ever
downloaded.

Why a server of its own: the other tests run in rolled-back transactions, which a separate
server process cannot see (and `transactional_db` would truncate the shared tenant rows). So the
`e2e_server` fixture starts `manage.py runserver` on a free port against a SEPARATE database,
`test_e2e<HH_TEST_DB_SUFFIX>` (inside the embedded PostgreSQL, or next to the database of
`DATABASE_URL`). That database is kept between runs: `tests/e2e/_prepare.py` migrates it only
when a migration is missing and provisions the portal, the template and the clubs "alpha" and
"beta" only once (`HH_E2E_FRESH=1` drops it and starts over). Data the tests write stays: make
names unique (`unique()` below) and never rely on a count.

Writing a browser test (`tests/e2e/test_<what>.py`; every test here is marked `e2e` by itself):

    def test_visitor_sees_the_club(e2e_server, page):
        page.goto(e2e_server.club_url("alpha"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("SV Alpha")

    def test_editor_edits(e2e_server, page, login_club_editor):
        login_club_editor(page, "alpha")          # signed in on http://alpha.localhost:<port>/admin/
        page.goto(e2e_server.club_url("alpha", "/admin/pages/"))

Fixtures:

* `e2e_server` (package): an `E2EServer` with
  - `port`, `portal_url` (`http://localhost:<port>/`), `club_url(slug, path="/")`, `clubs`
    (slug -> {"name", "schema", "host", "editor"}), `password` (of every known user),
    `editor(slug)` (the club's first editor, its Vereinsadmin), `operator` (a superuser
    in the public schema, for the portal admin);
  - `python(code)`: runs a Python snippet with Django set up against the e2e database and
    returns its stdout, e.g. to create users or read what a form stored; `schema_context` is
    allowed in tests. `manage(*args)` runs a management command the same way;
  - `mails()`: every e-mail the server sent since the run started (`email.message.EmailMessage`,
    newest last), `mail_text(message)` its plain text, `clear_mails()`.
* `browser` (package): chromium, headless. `page` (function): a fresh context (no cookies) and a
  page in it, German locale, time zone Europe/Berlin; on failure a screenshot is saved and its
  path printed. `new_page()` (function) gives more independent pages (two users at once).
* `login_club_editor(page, slug="alpha")`, `login_operator(page)`, `login(page, url, username,
  password)`: sign in through the Wagtail login form like a person.

Playwright's sync API keeps an asyncio loop running in the main thread while a browser is open,
and Django refuses database access then (SynchronousOnlyOperation). That is why `browser` is
package-scoped (closed before the other test packages run) and why browser tests must not use
the `db` fixture: read the server's data with `e2e_server.python()`.
"""

from __future__ import annotations

import email
import email.policy
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # *.localhost is loopback in chromium anyway; this pins it to IPv4, where the server listens.
    "--host-resolver-rules=MAP localhost 127.0.0.1, MAP *.localhost 127.0.0.1",
]
SKIP_KEY = pytest.StashKey[str]()


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def unique(prefix: str = "e2e") -> str:
    """A short unique name: the e2e database keeps what earlier runs wrote."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# --- collection: mark, skip loudly -------------------------------------------------------------


def _is_e2e(item) -> bool:
    return E2E_DIR in Path(str(item.path)).parents


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    e2e_items = [item for item in items if _is_e2e(item)]
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
    if not e2e_items:
        return
    reason = ""
    if chromium_path() is None:
        reason = "chromium not installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright not installed (.venv/bin/pip install -e '.[dev]')"
    if reason:
        config.stash[SKIP_KEY] = f"BROWSER TESTS SKIPPED: {reason} — {len(e2e_items)} tests did not run"
        for item in e2e_items:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_report_header(config):
    path = chromium_path()
    return f"browser tests: {'chromium at ' + path if path else 'SKIPPED, chromium not installed'}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    message = config.stash.get(SKIP_KEY, "")
    if message:
        terminalreporter.write_sep("!", message, red=True, bold=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash.setdefault(_REPORTS, {})["call"] = report
    return report


_REPORTS = pytest.StashKey[dict]()


# --- the server -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_env(name: str) -> dict[str, str]:
    """Point a subprocess at database `name`: embedded (HH_DB_NAME) or beside DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return {"HH_DB_NAME": name}
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return {"DATABASE_URL": urlunsplit(parts._replace(path="/" + name))}


def _database_ensure(name: str, *, fresh: bool) -> None:
    """Create (or with fresh=True, re-create) the e2e database when DATABASE_URL is set.

    The embedded server creates a missing database by itself (cms/embedded_db.py).
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url and not fresh:
        return
    code = (
        "from django.db import connection\n"
        "connection.ensure_connection()\n"
        "c = connection.connection; c.autocommit = True\n"
        f"c.execute('DROP DATABASE IF EXISTS {name} WITH (FORCE)') if {fresh!r} else None\n"
        f"exists = c.execute(\"SELECT 1 FROM pg_database WHERE datname = '{name}'\").fetchone()\n"
        f"None if exists else c.execute('CREATE DATABASE {name}')\n"
    )
    # Run against the project's own database (it exists), with plain settings.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


@dataclass
class E2EServer:
    """What a browser test needs to know about the running server (see the module docstring)."""

    port: int
    base_domain: str
    password: str
    operator: str
    clubs: dict[str, dict]
    env: dict[str, str] = field(repr=False)
    mail_dir: Path = field(repr=False)

    @property
    def portal_url(self) -> str:
        return f"http://{self.base_domain}:{self.port}/"

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def club_url(self, slug: str, path: str = "/") -> str:
        return self.url(self.clubs[slug]["host"], path)

    def editor(self, slug: str) -> str:
        return self.clubs[slug]["editor"]

    def python(self, code: str, *, check: bool = True) -> str:
        """Run `code` with Django set up against the e2e database; returns stdout."""
        result = subprocess.run(
            [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if check and result.returncode:
            raise AssertionError(f"e2e python snippet failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def mails(self) -> list[email.message.EmailMessage]:
        messages = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return messages

    @staticmethod
    def mail_text(message: email.message.EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part is not None else ""

    def clear_mails(self) -> None:
        for path in self.mail_dir.glob("*.log"):
            path.unlink()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"e2e server exited:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own loopback server)
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is serving
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"e2e server did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="package")
def e2e_server(tmp_path_factory):
    """Start the server on the e2e database (prepared first) and stop it after the package."""
    db_name = "test_e2e" + os.environ.get("HH_TEST_DB_SUFFIX", "")
    state_dir = ROOT / ".data" / db_name
    state_dir.mkdir(parents=True, exist_ok=True)
    run_dir = tmp_path_factory.mktemp("e2e")
    mail_dir = run_dir / "mail"
    mail_dir.mkdir()
    port = _free_port()
    env = {
        **os.environ,
        **_database_env(db_name),
        "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
        "HH_PUBLIC_PORT": str(port),
        "HH_TEST_MEDIA_ROOT": str(state_dir / "media"),  # kept: the database keeps its image rows
        "EMAIL_FILE_PATH": str(mail_dir),
        "PYTHONUNBUFFERED": "1",
    }
    # One preparation at a time per database (pytest-xdist workers, two terminals).
    with open(state_dir / "prepare.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _database_ensure(db_name, fresh=os.environ.get("HH_E2E_FRESH") == "1")
        prepared = subprocess.run(
            [sys.executable, "-m", "tests.e2e._prepare", "--port", str(port)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    if prepared.returncode:
        pytest.fail(f"preparing the e2e database failed:\n{prepared.stderr[-4000:]}", pytrace=False)
    info = json.loads(prepared.stdout.strip().splitlines()[-1])

    log = run_dir / "server.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = E2EServer(
        port=port,
        base_domain=info["base_domain"],
        password=info["password"],
        operator=info["operator"],
        clubs=info["clubs"],
        env=env,
        mail_dir=mail_dir,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/", process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        # Stops the asyncio loop, so Django may touch the database again in later packages.
        playwright.stop()


@pytest.fixture
def new_page(browser, request):
    """Factory of pages, each in a fresh browser context (own cookies); closed after the test."""
    contexts = []

    def make():
        context = browser.new_context(
            locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    report = request.node.stash.get(_REPORTS, {}).get("call")
    if report is not None and report.failed:
        shots = Path(tempfile.gettempdir()) / "hh-e2e-screenshots"
        shots.mkdir(exist_ok=True)
        for index, context in enumerate(contexts):
            for number, open_page in enumerate(context.pages):
                target = shots / f"{request.node.name}-{index}-{number}.png"
                try:
                    open_page.screenshot(path=str(target), full_page=True)
                    print(f"\nscreenshot of the failed test: {target} ({open_page.url})")
                except Exception as exc:  # a crashed page must not hide the real failure
                    print(f"\nno screenshot: {exc}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh browser context: no cookies, German locale."""
    return new_page()


@pytest.fixture
def login(e2e_server):
    """login(page, url, username, password): sign in through Wagtail's login form at `url`."""

    def do_login(page, url: str, username: str, password: str | None = None) -> None:
        page.goto(url)
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password or e2e_server.password)
        with page.expect_navigation():
            page.locator("form button[type=submit]").first.click()
        if "/login/" in page.url:
            raise AssertionError(
                f"login as {username} at {url} failed: {page.locator('.messages, .error-message').all_inner_texts()}"
            )

    return do_login


@pytest.fixture
def login_club_editor(e2e_server, login):
    """login_club_editor(page, slug="alpha"): the club's first editor, on the club's host."""

    def do_login(page, slug: str = "alpha") -> None:
        login(page, e2e_server.club_url(slug, "/admin/login/"), e2e_server.editor(slug))

    return do_login


@pytest.fixture
def login_operator(e2e_server, login):
    """login_operator(page): a platform operator (superuser of the public schema) on the portal."""

    def do_login(page) -> None:
        login(page, e2e_server.portal_url + "admin/login/", e2e_server.operator)

    return do_login
