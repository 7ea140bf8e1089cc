"""Two monitor runs started at once on one store: nothing stored twice, every alert sent once."""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, LoopbackSite, webhook_payloads
from tests.test_readme_commands import NEWSMON

pytestmark = pytest.mark.slow  # starts the real CLI or servers in subprocesses

QUOTES = [
    ("Lin Jian", "China supports a ceasefire along the entire front line as a first step"),
    ("Mao Ning", "Beijing is ready to host a further round of direct peace talks in the spring"),
    ("Lin Jian", "The prisoner exchange agreed in Istanbul deserves the support of all parties"),
    ("Mao Ning", "Sanctions cannot solve the crisis and only make the peace talks harder"),
]


def _page(speaker: str, quote: str) -> str:
    return (
        "<html><head><title>Briefing</title></head><body><article><h1>Briefing</h1>"
        f"<p>Officials in Beijing spoke about the peace talks between Russia and Ukraine on "
        f"Tuesday, as delegations prepared for another round of direct talks in Istanbul.</p>"
        f'<p>"{quote}," Chinese Foreign Ministry spokesperson {speaker} told a regular press '
        "briefing in Beijing on Tuesday afternoon.</p>"
        "<p>The ministry added that it kept in contact with both delegations and with other "
        "governments that support the negotiations and a lasting ceasefire.</p></article>"
        "</body></html>"
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_overlapping_runs_store_once_and_alert_once(
    backend: str,
    site: LoopbackSite,
    webhook: Callable[..., str],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    db = (
        f"sqlite:///{tmp_path / 'shared.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    items = ""
    for i, (speaker, quote) in enumerate(QUOTES):
        site.add(f"/news/{i}.html", _page(speaker, quote))
        items += (
            f"<item><title>Briefing {i}</title><link>{site.url(f'/news/{i}.html')}</link></item>"
        )
    feed = site.add(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
        content_type="application/rss+xml",
    )
    hook = webhook("/hook")
    env = dict(os.environ)
    command = [
        str(NEWSMON),
        "run",
        "--config",
        str(REPO / "sources.yaml"),
        "--db",
        db,
        "--feed",
        feed,
        "--allow-host",
        "127.0.0.1",
        "--notify",
        hook,
    ]
    runs = [
        subprocess.Popen(
            command,
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-2000:]

    export = subprocess.run(
        [str(NEWSMON), "export", "items", "--db", db, "--config", str(REPO / "sources.yaml")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    urls = Counter(json.loads(line)["url"] for line in export.stdout.splitlines())
    assert all(count == 1 for count in urls.values()), urls
    assert sum(url.startswith(site.base_url) for url in urls) == len(QUOTES)

    # A message may carry several statements (one per speaker and story): count quotes.
    quoted = Counter(
        line
        for p in webhook_payloads(site, "/hook")
        for line in p["message"].split("\n")
        if line.startswith("> ")
    )
    for _speaker, quote in QUOTES:
        assert f"> {quote}" in quoted, f"no alert for {quote!r}"
    assert set(quoted.values()) == {1}, f"an alert went out twice: {quoted}"
