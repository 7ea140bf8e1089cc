"""One pass, one summary: `run --json`, `status`, the Prefect artifact and the demo all show
the same counts, feed-failure alerts included, because none of them counts for itself."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from newsmon.summary import RunSummary
from storage.store import Store
from tests.conftest import REPO, LoopbackSite, webhook_payloads, write_config
from tests.test_monitor_cli import OFFICIAL_PAGE, _feed

pytestmark = pytest.mark.slow  # whole passes through the CLI: seconds each

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def config(site: LoopbackSite, webhook: Callable[..., str], tmp_path: Path) -> Path:
    site.add("/official.html", OFFICIAL_PAGE)
    good = site.add("/feed.xml", _feed(site, "/official.html"), content_type="application/rss+xml")
    broken = site.add("/down.xml", "down", status=503, content_type="text/plain")
    return write_config(
        tmp_path,
        feeds=[{"name": "good", "url": good}, {"name": "broken", "url": broken}],
        fetch={"allow_hosts": ["127.0.0.1"]},
        alerts={"feed_failure_threshold": 1},
        routes=[{"name": "officials", "official_only": True, "targets": [webhook()]}],
    )


def _status(db: str, config: Path) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(_invoke("status", "--json", "--db", db, "-c", str(config)))
    return shown


def test_run_status_and_alerts_agree_on_the_same_pass(
    site: LoopbackSite, config: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'summary.db'}"
    ran = json.loads(_invoke("run", "-c", str(config), "--db", db, "--json"))
    last = _status(db, config)["last_pass"]
    assert last.pop("kind") == "monitor" and last.pop("finished_at")
    assert last == ran
    # The feed-failure alert is counted, and it and the statement alerts did arrive.
    posted = webhook_payloads(site)
    assert ran["failing_feeds_alerted"] == 1
    assert sum("failing" in json.dumps(p).lower() for p in posted) == 1
    # Statements are grouped per speaker and story: count them by the messages' titles
    # ("New statement: …", "2 new statements: …").
    titles = [p["title"] for p in posted if "failing" not in p["title"]]
    alerted = sum(1 if t.startswith("New statement") else int(t.split()[0]) for t in titles)
    assert ran["alerts_sent"] == alerted >= 1
    assert ran["new_statements"] >= 1 and list(ran["failed_feeds"]) == [site.url("/down.xml")]

    # A second pass: status shows that one, in the same words `run` printed.
    text = _invoke("run", "-c", str(config), "--db", db)
    status = _invoke("status", "--db", db, "-c", str(config))
    assert "last monitor pass, finished" in status
    for line in text.strip().splitlines():
        assert f"  {line}" in status
    assert text.strip() == RunSummary.from_dict(_status(db, config)["last_pass"]).as_text()
    # The feed holds one entry, however often it is read.
    assert re.search(r"ok\s+\S+/feed\.xml .* entries 1$", status, re.MULTILINE)


def test_the_prefect_artifact_is_the_stored_summary(
    prefect_api: None, config: Path, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.monitor import monitor

    db = f"sqlite:///{tmp_path / 'flow.db'}"
    returned = monitor(config_path=str(config), database_url=db)
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["monitor-summary"]))
        )
    latest = max(artifacts, key=lambda artifact: artifact.created or 0)
    stored = Store(db).last_pass()
    assert stored is not None and stored.summary == RunSummary.from_dict(returned)
    assert latest.data == stored.summary.as_markdown()
    assert "| failing feeds alerted | 1 |" in latest.data


def test_the_demo_lists_as_many_new_statements_as_it_announces(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    out = _invoke("demo", "--db", db, "--config", str(REPO / "sources.yaml"))
    announced = int(re.search(r"stored: .*?(\d+) new statements", out).group(1))  # type: ignore[union-attr]
    listed = out.count("[NEW ]")
    assert announced == listed > 0
    assert RunSummary.from_dict(_status(db, REPO / "sources.yaml")["last_pass"]).as_text() in out


def test_a_pass_adds_up_what_its_batches_counted() -> None:
    from newsmon.summary import MAX_NOTES

    whole = RunSummary(feeds=2, new_entries=3, failed_feeds={"a": "404"}, notes=["first"])
    batch = RunSummary(new_entries=4, stored=5, entries_deferred=1, failed_feeds={"b": "timeout"})
    batch.notes = [f"note {n}" for n in range(MAX_NOTES)]
    whole.add(batch)
    assert (whole.feeds, whole.new_entries, whole.stored, whole.entries_deferred) == (2, 7, 5, 1)
    assert whole.failed_feeds == {"a": "404", "b": "timeout"}
    assert len(whole.notes) == MAX_NOTES and whole.notes[:2] == ["first", "note 0"]
