"""The report in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) driven by Selenium with the system chromedriver, no downloads.

Skips, saying why, when Chromium, its driver or Selenium is missing; CI installs
them (see docs/ci-report-snippet.sh). The seed report's screenshot is written to a
temporary file; run with ``UPDATE_SCREENSHOTS=1`` to refresh docs/report-seed.png.
"""

from __future__ import annotations

import os
import shutil
import struct
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleantext import Cleaned, Cleaner, Removal, clean
from cleantext.report import render_report, render_trace

REPO = Path(__file__).resolve().parents[1]
# The seed: the repo's fixture copy, else shared/seed beside the repo.
SEED = REPO / "tests" / "fixtures" / "seed" / "tunisie-numerique" / "input.txt"
if not SEED.is_file():
    SEED = REPO.parent / "shared" / "seed" / "input.txt"
if not SEED.is_file():
    pytest.skip("the seed (shared/seed/input.txt beside the repo) is missing",
                allow_module_level=True)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").is_file() else None
)

webdriver = pytest.importorskip(
    "selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')"
)
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip(
        "Chromium and its driver are not installed "
        "(apt-get install -y chromium chromium-driver; see docs/ci-report-snippet.sh)",
        allow_module_level=True,
    )

from selenium.common.exceptions import UnexpectedAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1480")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The system driver, given explicitly: Selenium never looks for one to download.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cleaned, Path]:
    text = SEED.read_text(encoding="utf-8")
    cleaned = clean(text)
    path = tmp_path_factory.mktemp("reports") / "seed.html"
    title = "Seed: Tunisie Numérique, « AI Made in Morocco »"
    path.write_text(render_report(text, cleaned, title=title), encoding="utf-8")
    return cleaned, path


def open_report(browser: Any, path: Path) -> None:
    browser.get(path.as_uri())
    browser.get_log("browser")  # start each page with an empty console


def visible_doc_text(browser: Any) -> str:
    """What a reader sees of the document: Selenium's text skips hidden elements."""
    return "".join(browser.find_element(By.ID, "doc").text.split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_legend_and_counts_match_the_log(browser: Any, seed: tuple[Cleaned, Path]) -> None:
    cleaned, path = seed
    open_report(browser, path)
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.rule")
    shown = {r.get_attribute("data-rule-name"): r.find_elements(By.CSS_SELECTOR, "td.num")
             for r in rows}
    pieces = Counter(r.rule for r in cleaned.removals)
    chars: Counter[str] = Counter()
    for removal in cleaned.removals:
        chars[removal.rule] += len(removal.text)
    assert set(shown) == set(pieces)
    for name, (n, c) in shown.items():
        assert (int(n.text.replace(",", "")), int(c.text.replace(",", ""))) == (
            pieces[name], chars[name])
    assert len(browser.find_elements(By.CSS_SELECTOR, "#doc del.r")) == len(cleaned.removals)


def test_unchecking_a_rule_hides_its_removals(browser: Any, seed: tuple[Cleaned, Path]) -> None:
    cleaned, path = seed
    open_report(browser, path)
    everything = visible_doc_text(browser)
    assert everything == squeeze(SEED.read_text(encoding="utf-8"))
    box = browser.find_element(
        By.CSS_SELECTOR, 'tr[data-rule-name="newsletter-signup"] input[type="checkbox"]')
    box.click()
    without = visible_doc_text(browser)
    gone = [r.text for r in cleaned.removals if r.rule == "newsletter-signup"]
    for text in gone:
        assert squeeze(text) not in without
    others = [r.text for r in cleaned.removals if r.rule != "newsletter-signup"]
    for text in others:
        assert squeeze(text) in without
    assert len(without) == len(everything) - sum(len(squeeze(t)) for t in gone)
    box.click()
    assert visible_doc_text(browser) == everything


def test_hide_all_leaves_exactly_the_cleaned_text(
    browser: Any, seed: tuple[Cleaned, Path],
) -> None:
    cleaned, path = seed
    open_report(browser, path)
    browser.find_element(By.ID, "hide-all").click()
    assert visible_doc_text(browser) == squeeze(cleaned.text)
    browser.find_element(By.ID, "show-all").click()
    assert visible_doc_text(browser) == squeeze(SEED.read_text(encoding="utf-8"))


def test_report_runs_under_its_own_csp_without_errors(
    browser: Any, seed: tuple[Cleaned, Path],
) -> None:
    _, path = seed
    browser.get(path.as_uri())
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


HOSTILE_TEXT = ('Kept words. </textarea></title><!-- <script>window.pwned=1;'
                'document.title="PWNED"</script> "><img src=x onerror="window.pwned=2"> '
                "Removed </del><script>window.pwned=3</script> piece.")

HOSTILE_PAGE = (
    "<html><head><title>x</title><script>window.pwned=1</script></head><body>"
    '<p onclick="window.pwned=2">Text &lt;script&gt;window.pwned=3&lt;/script&gt; and '
    '<img src=x onerror="window.pwned=4;document.title=\'PWNED\'"> &lt;/textarea&gt;.</p>'
    "<script>document.title='PWNED'</script>"
    "<p>Abonnez-vous à la newsletter &lt;script&gt;window.pwned=5&lt;/script&gt;.</p>"
    "<p>Enough article text here to keep the guard calm about this test page today.</p>"
    "</body></html>"
)


@pytest.mark.parametrize("kind", ["text", "html"])
def test_the_pages_own_scripts_never_run(browser: Any, tmp_path: Path, kind: str) -> None:
    if kind == "text":
        start = HOSTILE_TEXT.index("Removed")
        cleaned = Cleaned(HOSTILE_TEXT[:start].strip(), (
            Removal("evil-<script>", "text", 'reason "><script>window.pwned=6</script>',
                    HOSTILE_TEXT[start:], (start, len(HOSTILE_TEXT))),))
        report = render_report(HOSTILE_TEXT, cleaned, title="hostile", kind="text")
    else:
        trace = Cleaner().trace(HOSTILE_PAGE)
        assert trace.cleaned.removals
        report = render_trace(trace, title="hostile")
    path = tmp_path / "hostile.html"
    path.write_text(report, encoding="utf-8")
    try:
        open_report(browser, path)
        state = browser.execute_script("return [typeof window.pwned, document.title]")
    except UnexpectedAlertPresentException:  # pragma: no cover - the failure itself
        pytest.fail("a script from the page ran in the report")
    assert state == ["undefined", "hostile · cleantext report"]
    text = browser.find_element(By.ID, "doc").text
    assert "<script>window.pwned=" in text


def test_big_page_renders_and_filters_in_seconds(browser: Any, tmp_path: Path) -> None:
    # A 5 MB text with 20,000 removals, built by hand so only the report is timed.
    pieces, removals, kept, pos = [], [], [], 0
    line = "Rain fell on Rabat all day and the drains of the old medina overflowed again. "
    ad = "Subscribe to our newsletter!"
    for i in range(60_000):
        pieces.append(line)
        kept.append(line)
        pos += len(line)
        if i % 3 == 0:
            rule = f"rule-{i % 4}"
            removals.append(Removal(rule, "text", "test", ad, (pos, pos + len(ad))))
            pieces.append(ad + "\n")
            pos += len(ad) + 1
    text = "".join(pieces)
    assert len(text) > 5_000_000
    cleaned = Cleaned("".join(kept), tuple(removals))
    started = time.perf_counter()
    report = render_report(text, cleaned, title="big", kind="text")
    python_seconds = time.perf_counter() - started
    path = tmp_path / "big.html"
    path.write_text(report, encoding="utf-8")
    started = time.perf_counter()
    browser.get(path.as_uri())
    height = browser.execute_script("return document.body.scrollHeight")
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    browser.find_element(By.CSS_SELECTOR, 'input[data-rule="0"]').click()
    smaller = browser.execute_script("return document.body.scrollHeight")
    toggle_seconds = time.perf_counter() - started
    assert smaller < height
    hidden = browser.execute_script(
        "return getComputedStyle(document.querySelector('del.r0')).display")
    assert hidden == "none"
    # Generous bounds for a shared 2-core machine; typical: about 1 s, 2 s, 0.2 s.
    assert python_seconds < 10, python_seconds
    assert load_seconds < 15, load_seconds
    assert toggle_seconds < 5, toggle_seconds


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_screenshot_of_the_seed_report(
    browser: Any, seed: tuple[Cleaned, Path], tmp_path: Path,
) -> None:
    _, path = seed
    open_report(browser, path)
    target = (REPO / "docs" / "report-seed.png" if os.environ.get("UPDATE_SCREENSHOTS")
              else tmp_path / "report-seed.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The whole page, not just the window: size the viewport to the document.
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False})
    try:
        assert browser.save_screenshot(str(target))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert png_size(target) == (1280, height)
    assert target.stat().st_size > 30_000  # a rendered page, not a blank one
