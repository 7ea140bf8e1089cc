"""Finding 7: kill -9 during delivery.

Each target is recorded as in flight before it is handed a message and as
delivered as soon as it took it. A run killed while a webhook holds a message
loses nothing, and the next run sends at most that one message again: the
at-least-once guarantee the README states, with a window of one message per target.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import LoopbackSite, RequestRecord, Response
from tests.security.helpers import article, config, export, rss, serve_feed
from tests.test_readme_commands import NEWSMON

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

# The six articles are copies of one story (the same page around a different quote), which
# would go out as one message; one message per statement gives the run six to be killed in.
ONE_PER_STATEMENT = [{"name": "officials", "official_only": True, "group": "statement"}]
QUOTES = [
    "China supports a ceasefire monitored by neutral states in the region",
    "The prisoner exchange shows that patient dialogue works for both sides",
    "Humanitarian corridors must open before the winter comes to the east",
    "Beijing will keep talking to both delegations in Istanbul next week",
    "A durable peace agreement needs the support of all neighbouring countries",
    "Sanctions alone have never ended a war and will not end this one",
]


def test_a_run_killed_during_delivery_loses_nothing_and_repeats_at_most_one(
    site: LoopbackSite, tmp_path: Path
) -> None:
    for n, quote in enumerate(QUOTES):
        site.add(f"/p{n}.html", article(f"Talks {n}", quote))
    feed = serve_feed(
        site, "/feed.xml", rss(*((f"Talks {n}", site.url(f"/p{n}.html")) for n in range(6)))
    )
    received: list[str] = []
    reached, release = threading.Event(), threading.Event()

    def hook(record: RequestRecord) -> Response:
        received.append(json.loads(record.body)["message"])
        if len(received) == 3:
            reached.set()
            release.wait(120)  # the run is killed while it waits for this answer
        return 200, {"Content-Type": "application/json"}, b"{}"

    site.add_handler("/hook", hook)
    target = "json://" + site.base_url.removeprefix("http://") + "/hook"
    db = f"sqlite:///{tmp_path / 'k.db'}"
    cfg = config(tmp_path, routes=ONE_PER_STATEMENT)
    args = [
        str(NEWSMON), "run", "--config", str(cfg), "--db", db,
        "--feed", feed, "--allow-host", "127.0.0.1", "--notify", target,
    ]  # fmt: skip
    victim = subprocess.Popen(
        args, cwd=tmp_path, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert reached.wait(300), "the run never reached the third alert"
        victim.send_signal(signal.SIGKILL)
        victim.wait(60)
    finally:
        release.set()
        if victim.poll() is None:
            victim.kill()
    assert len(received) == 3

    rerun = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    alerts = export("alerts", db)
    assert len(alerts) == 6 and all(a["status"] == "sent" for a in alerts), alerts
    counts = {quote: sum(quote in m for m in received) for quote in QUOTES}
    assert all(n >= 1 for n in counts.values()), counts  # nothing lost
    assert len(received) <= len(QUOTES) + 1, counts  # at most the one in flight again
    repeated = [a for a in alerts if (a["last_error"] or "").startswith("a run stopped")]
    assert len(repeated) <= 1, alerts
    if len(received) == len(QUOTES) + 1:
        assert repeated, "a message sent twice is not recorded as possibly repeated"
