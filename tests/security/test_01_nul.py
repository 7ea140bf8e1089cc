"""Finding 1: one NUL character stopped every pass on PostgreSQL.

Feed titles with ``&#0;``, a raw NUL, a JSON feed's ``\\u0000`` and a page full of
control characters go through the real CLI into SQLite and PostgreSQL: the pass
ends well, every item is stored without the control characters, ``status`` is
truthful, and one item the database refuses is recorded while the rest goes on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LoopbackSite
from tests.security.helpers import (
    article,
    cli,
    config,
    export,
    json_feed,
    rss,
    run_pass,
    serve_feed,
)

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _hostile_site(site: LoopbackSite) -> list[str]:
    for n in range(1, 6):
        site.add(
            f"/p{n}.html",
            article(f"Page\x00 {n}\x1b title", f"Quote\x00 number {n} with a \x07bell in it")
            + "\x00",
        )
    feed = serve_feed(
        site,
        "/nul.xml",
        rss(
            ("Entity &#0; NUL", site.url("/p1.html")),
            ("Raw \x00 NUL and \x01\x02 controls", site.url("/p2.html")),
            ("Fine title", site.url("/p3.html")),
        ),
    )
    jfeed = serve_feed(
        site,
        "/nul.json",
        json_feed(
            {"id": "a\u0000", "url": site.url("/p4.html"), "title": "JSON \u0000 NUL \ud800"},
            {"id": "b", "url": site.url("/p5.html"), "title": "After the NUL"},
        ),
        json_type=True,
    )
    return [feed, jfeed]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_nul_and_control_characters_never_stop_a_pass(
    backend: str, site: LoopbackSite, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = (
        f"sqlite:///{tmp_path / 'nul.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    feeds = _hostile_site(site)
    cfg = config(tmp_path)

    first = run_pass(cfg, db, *feeds)
    assert first.exit_code == 0, first.output
    assert "feed failed" not in first.output
    items = {i["url"]: i for i in export("items", db)}
    for n in range(1, 6):
        stored = items[site.url(f"/p{n}.html")]
        for field in ("title", "text"):
            assert not CONTROL.search(stored[field] or ""), (field, stored[field])
    assert items[site.url("/p1.html")]["title"] == "Entity NUL"
    assert items[site.url("/p3.html")]["title"] == "Fine title"
    statements = export("statements", db)
    assert statements, "the pages' statements were not stored"
    assert all(not CONTROL.search(s["text"]) for s in statements)

    status = cli("status", "--config", str(cfg), "--db", db)
    assert status.exit_code == 0, status.output
    for feed in feeds:
        assert re.search(rf"ok\s+{re.escape(feed)}", status.output), status.output
    assert "items not stored" not in status.output

    again = run_pass(cfg, db, *feeds)  # and the next pass is as calm
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_an_item_the_store_refuses_is_recorded_and_the_pass_goes_on(
    backend: str,
    site: LoopbackSite,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storage.items import ItemStore

    db = (
        f"sqlite:///{tmp_path / 'bad.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    for n in range(1, 4):
        site.add(f"/p{n}.html", article(f"Page {n}", f"Quote number {n} about the ceasefire"))
    feed = serve_feed(
        site, "/f.xml", rss(*((f"Item {n}", site.url(f"/p{n}.html")) for n in range(1, 4)))
    )
    original = ItemStore._store

    def refuse_the_second(self: ItemStore, session: Any, analysed: Any, *args: Any) -> Any:
        if analysed.article.url.endswith("/p2.html"):
            raise ValueError("the database refused this row")
        return original(self, session, analysed, *args)

    monkeypatch.setattr(ItemStore, "_store", refuse_the_second)
    cfg = config(tmp_path)
    result = run_pass(cfg, db, feed)
    assert result.exit_code == 0, result.output
    assert "1 item(s) not stored" in result.output
    urls = {i["url"] for i in export("items", db)}
    assert site.url("/p1.html") in urls and site.url("/p3.html") in urls
    assert site.url("/p2.html") not in urls
    status = cli("status", "--config", str(cfg), "--db", db)
    assert status.exit_code == 0, status.output
    assert "items not stored: 1" in status.output
    assert "the database refused this row" in status.output
