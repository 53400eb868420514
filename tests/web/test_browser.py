"""End to end in headless Chromium (the distribution's chromium and chromium-driver, driven by Selenium) against
`ficlens serve` on a temporary library: search, filters, the work page, the graph, the stats page, two widths.

FICLENS_SCREENSHOTS=DIR also saves the README's screenshots there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PHONE, DESKTOP = (390, 844), (1280, 900)

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("FICLENS_REQUIRE_BROWSER"):
        raise RuntimeError("FICLENS_REQUIRE_BROWSER is set but chromium and chromedriver are not on PATH")
    pytest.skip("no chromium and chromedriver on PATH: install Debian's chromium and chromium-driver "
                "(`apt-get install chromium chromium-driver`; .ci/run does)", allow_module_level=True)  # fmt: skip

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--hide-scrollbars", "--force-device-scale-factor=1"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def open_page(browser, web_library, path: str, size=DESKTOP):
    browser.set_window_size(*size)
    browser.get(web_library["base"] + path)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "main")))


def csp_violations(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if "Content Security Policy" in entry["message"]]


def screenshot(browser, name: str) -> None:
    folder = os.environ.get("FICLENS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        width = browser.get_window_size()["width"]
        browser.set_window_size(width, min(height, 1400))
        browser.save_screenshot(str(Path(folder) / f"{name}.png"))


def total(browser) -> int:
    return int(browser.find_element(By.ID, "total").get_attribute("data-total"))


def test_search_box_finds_a_work_and_marks_the_words(browser, web_library):
    open_page(browser, web_library, "/")
    assert total(browser) == 4
    box = browser.find_element(By.NAME, "q")
    box.send_keys("lighthouse")
    box.submit()
    WebDriverWait(browser, 10).until(EC.url_contains("q=lighthouse"))
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")
    assert [hit.text for hit in hits] == ["The Lighthouse Keys"]
    assert browser.find_element(By.CSS_SELECTOR, ".hit .snippet mark").text.lower() == "lighthouse"
    assert csp_violations(browser) == []


def test_facet_filters_narrow_and_can_be_removed(browser, web_library):
    open_page(browser, web_library, "/")
    speakers = browser.find_element(By.CSS_SELECTOR, "details[data-facet='found:character']")
    if speakers.get_attribute("open") is None:
        speakers.find_element(By.TAG_NAME, "summary").click()
    speakers.find_element(By.LINK_TEXT, "Teddy").click()
    WebDriverWait(browser, 10).until(EC.url_contains("found=Teddy"))
    assert total(browser) == 1
    assert browser.find_element(By.CSS_SELECTOR, ".hit h2 a").text == "The Lighthouse Keys"
    assert "character (found): Teddy" in browser.find_element(By.CSS_SELECTOR, ".active-filters").text
    browser.find_element(By.CSS_SELECTOR, ".active-filters a.remove").click()
    WebDriverWait(browser, 10).until(lambda b: "found=" not in b.current_url)
    assert total(browser) == 4
    # exclude a warning from its facet, then set a word range in the form
    warnings = browser.find_element(By.CSS_SELECTOR, "details[data-facet='author:warning']")
    if warnings.get_attribute("open") is None:
        warnings.find_element(By.TAG_NAME, "summary").click()
    excluded = warnings.find_elements(By.CSS_SELECTOR, "li")[0]
    count = int(excluded.find_element(By.CSS_SELECTOR, ".count").text)
    excluded.find_element(By.CSS_SELECTOR, "a.exclude").click()
    WebDriverWait(browser, 10).until(EC.url_contains("exclude_warning="))
    assert total(browser) == 4 - count
    open_page(browser, web_library, "/")
    browser.find_element(By.NAME, "words_min").send_keys("900")
    browser.find_element(By.CSS_SELECTOR, ".filters button").click()
    WebDriverWait(browser, 10).until(EC.url_contains("words_min=900"))
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".hit h2 a")] == ["The Lighthouse Keys"]


def test_work_page_colours_quotations_by_speaker_with_details_on_hover_and_focus(browser, web_library):
    open_page(browser, web_library, f"/work/{web_library['ids']['the-lighthouse-keys.txt']}")
    quotes = browser.find_elements(By.CSS_SELECTOR, ".text .q")
    assert len(quotes) > 10
    first = quotes[0]
    info = first.find_element(By.CSS_SELECTOR, ".qinfo")
    assert not info.is_displayed()
    ActionChains(browser).move_to_element(first).perform()
    WebDriverWait(browser, 5).until(lambda _: info.is_displayed())
    assert "confidence" in info.text
    speaker = info.find_element(By.TAG_NAME, "b").text
    # keyboard: focus another quotation, its details show
    second = quotes[3]
    browser.execute_script("arguments[0].focus()", second)
    second_info = second.find_element(By.CSS_SELECTOR, ".qinfo")
    WebDriverWait(browser, 5).until(lambda _: second_info.is_displayed())
    # quotations of different speakers have different colours
    colours = {}
    for quote in quotes:
        name = quote.find_element(By.CSS_SELECTOR, ".qinfo b").get_attribute("textContent")
        colours.setdefault(name, quote.value_of_css_property("background-color"))
    named = {n: c for n, c in colours.items() if n != "unknown speaker"}
    assert speaker and len(named) >= 2 and len(set(named.values())) == len(named)
    names = [row.text for row in browser.find_elements(By.CSS_SELECTOR, ".characters tbody td:first-child")]
    assert {"Mira Okafor", "Jonah", "Teddy"} <= {n.split(" (")[0] for n in names}
    assert csp_violations(browser) == []
    screenshot(browser, "work-desktop")


def test_interaction_graph_shows_who_talks_to_whom(browser, web_library):
    open_page(browser, web_library, f"/work/{web_library['ids']['the-lighthouse-keys.txt']}")
    graph = browser.find_element(By.CSS_SELECTOR, "svg.interaction-graph")
    labels = [t.text for t in graph.find_elements(By.CSS_SELECTOR, "g.node text")]
    assert {"Mira Okafor", "Jonah", "Teddy"} <= set(labels)
    edges = graph.find_elements(By.CSS_SELECTOR, "path.edge")
    titles = [e.find_element(By.TAG_NAME, "title").get_attribute("textContent") for e in edges]
    assert any(" talks to " in t for t in titles)
    assert graph.size["width"] > 200 and graph.size["height"] > 200


def test_stats_page(browser, web_library):
    open_page(browser, web_library, "/stats")
    assert browser.find_element(By.ID, "totals").text.startswith("4 works")
    ratings = browser.find_elements(By.CSS_SELECTOR, "#ratings tbody tr")
    assert sum(int(r.find_elements(By.TAG_NAME, "td")[0].text) for r in ratings) == 4
    assert browser.find_elements(By.CSS_SELECTOR, "#fandoms tbody tr")
    assert browser.find_elements(By.CSS_SELECTOR, "#characters-found tbody tr")
    assert browser.find_elements(By.CSS_SELECTOR, "#years tbody tr")
    screenshot(browser, "stats-desktop")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_fit_the_screen(browser, web_library, size):
    work = web_library["ids"]["the-lighthouse-keys.txt"]
    for name, path in (("library", "/?q=the"), ("work", f"/work/{work}"), ("stats", "/stats")):
        open_page(browser, web_library, path, size)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        viewport = browser.execute_script("return window.innerWidth")
        assert width <= viewport, f"{path} scrolls sideways at {size[0]} px"
        if name == "work":
            text = browser.find_element(By.ID, "text").rect
            side = browser.find_element(By.CSS_SELECTOR, ".work-body .side").rect
            if size == DESKTOP:
                assert side["x"] > text["x"] + text["width"] - 1  # the characters beside the text
            else:
                assert side["y"] > text["y"]  # the text first on a phone
            font = browser.find_element(By.CSS_SELECTOR, ".text p").value_of_css_property("font-size")
            assert float(font.rstrip("px")) >= 16
        screenshot(browser, f"{name}-{'phone' if size == PHONE else 'desktop'}")
