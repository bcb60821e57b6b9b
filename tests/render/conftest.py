"""Real readers for rendered outputs: headless Chromium (through Playwright) and LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class PageCheck:
    """A page opened in Chromium with every non-file request blocked and recorded."""

    def __init__(self, page, blocked: list[str], failed: list[str], errors: list[str], dialogs: list[str]):
        self.page, self.blocked, self.failed, self.errors, self.dialogs = page, blocked, failed, errors, dialogs

    def assert_clean(self) -> None:
        assert self.blocked == [], f"the page asked for outside resources: {self.blocked}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"a script in the data ran: {self.dialogs}"


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): the browser checks cannot run here")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser, tmp_path):
    """Open a local HTML file; returns a PageCheck. A screenshot is kept beside the file."""
    contexts = []

    def opener(path: Path, javascript: bool = True) -> PageCheck:
        context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1200, "height": 900})
        contexts.append(context)
        blocked, failed, errors, dialogs = [], [], [], []

        def route(request_route):
            if request_route.request.url.startswith("file://"):
                request_route.continue_()
            else:
                blocked.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.resolve().as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(path.with_suffix(".png")), full_page=True)
        return PageCheck(page, blocked, failed, errors, dialogs)

    yield opener
    for context in contexts:
        context.close()
