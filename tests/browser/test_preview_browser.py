"""The live preview (`coursegen serve`) in a real browser: pages reload by themselves when the content changes,
and the error banner is in view, accessible and local."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from ..conftest import make_site
from ..test_serve import break_outcome, fix_outcome, serving


@pytest.fixture
def project(tmp_path):
    return make_site(tmp_path, "multilingual")


@pytest.fixture
def preview(project):
    """`coursegen serve` of the multilingual fixture."""
    with serving(project) as running:
        yield running
    print(running.log.read_text())  # shown when a test fails


@pytest.fixture
def server(preview):
    """The preview's address (replaces the built site of conftest.py)."""
    return preview.url


@pytest.fixture(autouse=True)
def leave_the_preview(page, preview):
    """After each test, the preview stops and the page leaves it, before the page is closed. The preview
    reloads its pages by itself (after the background build of a save, too), and Chromium can take the
    close of a page whose reload is committing without ever closing it: Playwright's close then waits
    forever (microsoft/playwright issues 42068 and 41900, crbug 536385539). A stopped preview asks for no
    more reloads, and on about:blank no script is left to make one."""
    yield
    preview.process.terminate()
    preview.process.wait(timeout=30)
    for _ in range(3):
        try:
            page.goto("about:blank", timeout=10_000)
            return
        except PlaywrightError:  # interrupted by a reload that committed meanwhile: leave again
            continue


def test_error_banner_appears_in_view_and_is_accessible(page, server, project):
    page.set_viewport_size({"width": 800, "height": 500})
    page.goto(server + "ar/modules/role/")
    break_outcome(project)
    banner = page.get_by_role("alert")
    banner.wait_for(timeout=90_000)  # the page reloads by itself
    assert "CG302" in banner.inner_text()
    box = banner.bounding_box()
    assert box["y"] + box["height"] <= 500  # in view without scrolling
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_banner_goes_when_the_content_is_fixed(page, server, project):
    page.goto(server + "es/")
    break_outcome(project)
    page.get_by_role("alert").wait_for(timeout=90_000)
    fix_outcome(project)
    page.get_by_role("alert").wait_for(state="detached", timeout=90_000)
    assert page.locator("html").get_attribute("lang") == "es"
