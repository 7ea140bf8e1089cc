"""The web app over a real store: pages, filters, search, Atom feeds, and a real browser."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import pytest
import uvicorn

from newsmon.analyse import analyse
from newsmon.config import Route, load_config
from newsmon.models import Article
from newsmon.seeds import load_seed_articles
from newsmon.topics import Taxonomy
from storage.store import Store
from tests.conftest import REPO
from web.app import PAGE_SIZE, create_app

BRIEFING = (
    "Officials met again for the peace talks between Russia and Ukraine in Istanbul.\n"
    '"China supports a ceasefire and will keep talking to both delegations <script>alert(1)'
    '</script>," Chinese Foreign Ministry spokesperson Lin Jian told a regular briefing.'
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _fill(url: str) -> None:
    config = load_config(REPO / "sources.yaml")
    taxonomy, store = Taxonomy(config.topics), Store(url)
    store.sync_known_speakers(config.known_speakers)
    for seed in load_seed_articles(REPO / "seeds"):
        store.store_article(analyse(seed, taxonomy, config.speakers), routes=(), is_seed=True)
    for n, site in enumerate(["https://a.example/1", "https://b.example/copy"]):
        article = Article(
            url=site,
            canonical_url=site,
            title=f"Briefing {n}",
            text=BRIEFING,
            source="test",
            site=f"Outlet {n}",
        )
        store.store_article(analyse(article, taxonomy, config.speakers), routes=config.routes)


def _serve(url: str, routes: tuple[Route, ...], page_size: int = PAGE_SIZE) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(url, routes, page_size=page_size)
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    _fill(url)
    yield from _serve(url, load_config(REPO / "sources.yaml").routes)


def test_index_lists_new_statements_by_day_and_escapes_text(base_url: str) -> None:
    page = httpx.get(base_url + "/").text
    assert "Lin Jian" in page and "Melkulangara Bhadrakumar" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'class="day"' in page


def test_filters_and_search(base_url: str) -> None:
    officials = httpx.get(base_url + "/", params={"official": "yes"}).text
    assert "Lin Jian" in officials and "Sun Xiuwen" not in officials
    experts = httpx.get(base_url + "/", params={"official": "no", "country": "India"}).text
    assert "Bhadrakumar" in experts and "Lin Jian" not in experts
    search = httpx.get(base_url + "/", params={"q": "diplomatic victory"}).text
    assert search.count('class="statement"') == 1
    topic = httpx.get(base_url + "/", params={"topic": "peacekeeping"}).text
    assert "Zhang Hanhui" in topic and "Bhadrakumar" not in topic


def test_statement_page_lists_outlets_first_publisher_first_with_evidence(base_url: str) -> None:
    index = httpx.get(base_url + "/", params={"speaker": "Lin Jian", "q": "ceasefire"}).text
    statement_id = index.split('data-statement="', 1)[1].split('"', 1)[0]
    page = httpx.get(f"{base_url}/statements/{statement_id}").text
    assert page.index("Briefing 0") < page.index("Briefing 1")
    assert "first reported" in page and "repeat" in page
    assert "Why these topics" in page and "ceasefire" in page


def test_item_page_shows_text_and_copies(base_url: str) -> None:
    page = httpx.get(base_url + "/items/6").text
    assert "Briefing 0" in page and 'id="copies"' in page and "Briefing 1" in page
    copy = httpx.get(base_url + "/items/7").text
    assert "Copy of" in copy


def test_speaker_page_and_not_found(base_url: str) -> None:
    response = httpx.get(base_url + "/speakers/Lin Jian")
    assert response.status_code == 200
    assert "Lin Jian" in response.text and "Ministry of Foreign Affairs" in response.text
    assert "(from the configuration)" in response.text
    assert httpx.get(base_url + "/speakers/Nobody").status_code == 404
    assert httpx.get(base_url + "/statements/999999").status_code == 404
    assert httpx.get(base_url + "/items/999999").status_code == 404
    assert httpx.get(base_url + "/routes/nope/feed.atom").status_code == 404


def test_atom_feeds_whole_per_topic_and_per_route(base_url: str) -> None:
    whole = feedparser.parse(httpx.get(base_url + "/feed.atom").content)
    assert not whole.bozo and whole.version == "atom10"
    assert any("Lin Jian" in e.title for e in whole.entries)
    topic = feedparser.parse(
        httpx.get(base_url + "/feed.atom", params={"topic": "peacekeeping"}).content
    )
    assert topic.entries and all("peacekeeping" in [t.term for t in e.tags] for e in topic.entries)
    route = feedparser.parse(httpx.get(base_url + "/routes/officials/feed.atom").content)
    assert route.entries and not any("Bhadrakumar" in e.title for e in route.entries)


@pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
)
def test_a_real_browser_filters_statements_and_follows_a_speaker(
    base_url: str, tmp_path: Path
) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,800",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        browser.get(base_url + "/")
        Select(browser.find_element(By.NAME, "official")).select_by_value("yes")
        browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
        WebDriverWait(browser, 10).until(expected_conditions.url_contains("official=yes"))
        speakers = {e.text for e in browser.find_elements(By.CSS_SELECTOR, "a.who")}
        assert "Lin Jian" in speakers and "Sun Xiuwen" not in speakers
        if os.environ.get("NEWSMON_SCREENSHOT"):
            browser.save_screenshot(os.environ["NEWSMON_SCREENSHOT"])
        browser.find_element(By.LINK_TEXT, "Mao Ning").click()
        WebDriverWait(browser, 10).until(expected_conditions.title_contains("Mao Ning"))
        assert browser.find_element(By.TAG_NAME, "h1").text == "Mao Ning"
    finally:
        browser.quit()
