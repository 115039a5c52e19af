"""Pages in a real browser: Playwright drives Debian's Chromium against the app on loopback.

The app runs with the demonstration data, in a thread, on a free port. Requests to any other
host are answered here, never sent, and recorded so tests can check them. Without Chromium the
tests are skipped, with a message, unless CI=true, when a missing browser fails the run.
"""

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from werkzeug.serving import make_server

from safeplaces import create_app

ADMIN, PASSWORD = "admin@example.org", "correct horse battery"
CHROMIUM = os.environ.get("SAFEPLACES_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _browser_or_skip():
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = (
        f"Chromium was not found at {CHROMIUM}: install Debian's package "
        "(apt-get install chromium) to run the browser tests."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app, with the demonstration places, served on a free loopback port."""
    folder = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "TESTING": True,
            "SAFEPLACES_DB": folder / "t.db",
            "SECRET_KEY": "browser",
            "SAFEPLACES_FIXED_NOW": "2026-11-23T10:00",
        }
    )
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    result = app.test_cli_runner().invoke(
        args=["create-user", ADMIN, "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = _browser_or_skip()
    assert shutil.which(executable) or Path(executable).exists()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


class Visit:
    """One browser tab, with what it asked of other hosts and what it logged as errors."""

    def __init__(self, page, base):
        self.page, self.base = page, base
        self.outside, self.errors = [], []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message):
        # A page answering 404 on purpose logs its own status: only other failures count.
        if message.type == "error" and message.location.get("url") != self.page.url:
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def open(self, path, status=200):
        response = self.page.goto(self.base + path)
        assert response.status == status, (path, response.status)
        return self.page


@pytest.fixture
def visit(browser, live_server):
    # The service worker is tested on its own (test_offline.py); elsewhere it would only make
    # every new tab fetch the files it keeps.
    context = browser.new_context(
        viewport={"width": 1024, "height": 800}, locale="en-GB", service_workers="block"
    )
    page = context.new_page()
    opened = Visit(page, live_server)

    def elsewhere(route):
        opened.outside.append(route.request.url)
        if route.request.resource_type == "image":
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            route.abort()

    here = urlparse(live_server).netloc
    context.route(lambda url: urlparse(url).netloc != here, elsewhere)
    yield opened
    context.close()
