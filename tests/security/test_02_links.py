"""Finding 2: stored XSS through JSON feeds and sitemaps.

``javascript:``, ``data:`` and ``vbscript:`` links from a JSON feed, a sitemap and a
URL file never reach the store; and a link already stored is not rendered as one by
the web app's pages or its Atom feeds.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from tests.conftest import LoopbackSite
from tests.security.helpers import (
    article,
    cli,
    config,
    export,
    json_feed,
    run_pass,
    serve_feed,
    store_raw,
    web_app,
)

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

HOSTILE = [
    "javascript:alert(document.domain)//x",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def test_json_feed_sitemap_and_url_file_links_are_http_only(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site.add("/good.html", article("Good", "A ceasefire is the only way forward for both sides"))
    site.add("/good2.html", article("Good 2", "Talks must resume next week in Istanbul again"))
    items = [{"id": str(n), "url": url, "title": f"bad {n}"} for n, url in enumerate(HOSTILE)]
    items.append({"id": "ok", "url": site.url("/good.html"), "title": "good"})
    feed = serve_feed(site, "/feed.json", json_feed(*items), json_type=True)
    locs = "".join(f"<url><loc>{u.replace('<', '&lt;')}</loc></url>" for u in HOSTILE)
    sitemap = site.add(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{locs}<url><loc>{site.url('/good2.html')}</loc></url></urlset>",
        content_type="application/xml",
    )
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text("\n".join(HOSTILE) + "\n", encoding="utf-8")
    cfg = config(tmp_path)
    db = f"sqlite:///{tmp_path / 'links.db'}"

    result = run_pass(cfg, db, feed)
    assert result.exit_code == 0, result.output
    backfill = cli(
        "backfill", "--config", str(cfg), "--db", db, "--allow-host", "127.0.0.1",
        "--sitemap", sitemap, "--urls-file", str(urls_file),
    )  # fmt: skip
    assert backfill.exit_code == 0, backfill.output

    urls = [i["url"] for i in export("items", db) if i["source"] != "seed"]
    assert sorted(u for u in urls if not u.startswith("seed")) == [
        site.url("/good.html"),
        site.url("/good2.html"),
    ], urls


def test_the_web_app_never_renders_a_stored_non_http_link(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'legacy.db'}"
    text = (
        '"China supports a ceasefire and will keep talking to both delegations," Chinese '
        "Foreign Ministry spokesperson Lin Jian told a regular briefing on the peace talks."
    )
    item_id = store_raw(db, "javascript:alert(document.domain)//x", "Legacy", text)
    with web_app(db) as base:
        page = httpx.get(f"{base}/items/{item_id}", timeout=30)
        assert page.status_code == 200
        assert 'href="javascript' not in page.text.lower()
        assert "javascript:alert(document.domain)//x" in page.text  # shown as text only
        feed = httpx.get(f"{base}/feed.atom", timeout=30)
        assert feed.status_code == 200
        root = ElementTree.fromstring(feed.content)
        hrefs = [link.get("href") or "" for link in root.iter(f"{ATOM}link")]
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
