"""A page as a reader sees it: Debian's chromium, headless, driven by playwright (no
browser download: playwright launches /usr/bin/chromium). .ci/run installs chromium; where
it is missing, `needs_chromium` skips with the reason."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WIDTH = 1280
LOAD_MS = 180_000  # a loaded CI machine can take long to lay out a long page

# skipped where chromium is missing, except in CI (CI=true), which installs it: there a
# missing browser fails the test rather than hiding it
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).is_file() and os.environ.get("CI") != "true",
    reason="no chromium here (apt-get install chromium; .ci/run installs it)",
)

# What the tests check, measured in the page: overflow past the viewport, pictures that did
# not load, a cell whose content is wider than the cell, and script elements.
MEASURE = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').slice(0, 60));
  const cells = [...document.querySelectorAll('td, th, pre')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.textContent || '').slice(0, 60));
  const images = [...document.images].map(i => ({src: i.src.slice(0, 40),
    ok: i.complete && i.naturalWidth > 0, width: i.naturalWidth, shown: i.clientWidth}));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide, cells,
          images, scripts: document.scripts.length, text: document.body.innerText,
          sections: [...document.querySelectorAll('section')].map(s => s.id),
          toc: [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))};
}"""


def look(path: Path, screenshot: Path | None = None, width: int = WIDTH) -> dict[str, Any]:
    """Open `path` at `width` px, measure it (MEASURE) and optionally save a full-page
    screenshot; requests to anything but the file itself are recorded as `requests`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=LOAD_MS)
            seen = page.evaluate(MEASURE)
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True, timeout=LOAD_MS)
        finally:
            browser.close()
    seen["requests"] = [u for u in requests if u != path.resolve().as_uri()
                        and not u.startswith("data:")]  # fmt: skip
    return seen
