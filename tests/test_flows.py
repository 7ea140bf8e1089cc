"""The Prefect flows: the same pass as the CLI's, run and tracked by a Prefect API."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.backfill import backfill
from flows.digest import digest
from flows.monitor import monitor
from storage.store import Store
from tests.conftest import LoopbackSite, wait_until, webhook_payloads, write_config
from tests.test_monitor_cli import OFFICIAL_PAGE, _feed

pytestmark = [pytest.mark.usefixtures("prefect_api"), pytest.mark.slow]


@pytest.fixture
def feed_url(site: LoopbackSite) -> str:
    site.add("/news/official.html", OFFICIAL_PAGE)
    return site.add("/feed.xml", _feed(site, "/news/official.html"), content_type="text/xml")


def test_monitor_flow_stores_and_alerts_like_the_cli(
    site: LoopbackSite, feed_url: str, webhook: object, sqlite_url: str, tmp_path: Path
) -> None:
    hook = webhook("/hook")  # type: ignore[operator]
    config = write_config(tmp_path)
    summary = monitor(
        config_path=str(config),
        database_url=sqlite_url,
        feeds=[feed_url],
        notify=[hook],
        allow_hosts=["127.0.0.1"],
    )
    assert summary["stored"] == 1 and summary["new_statements"] >= 1
    assert summary["alerts_sent"] >= 1
    assert any("Mao Ning" in p["message"] for p in webhook_payloads(site, "/hook"))


def test_backfill_flow_records_alerts_as_suppressed(
    feed_url: str, sqlite_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path)
    summary = backfill(
        config_path=str(config),
        database_url=sqlite_url,
        feeds=[feed_url],
        allow_hosts=["127.0.0.1"],
    )
    assert summary["stored"] == 1 and summary["alerts_sent"] == 0
    counts = Store(sqlite_url).counts()
    assert counts["alerts_suppressed"] >= 1 and counts["alerts_pending"] == 0


def test_a_backfill_flow_run_tracks_each_step_and_each_batch_of_pages_as_one_task(
    feed_url: str, sqlite_url: str, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    state = backfill(
        config_path=str(write_config(tmp_path)),
        database_url=sqlite_url,
        feeds=[feed_url],
        allow_hosts=["127.0.0.1"],
        return_state=True,
    )
    flow_runs = FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))

    def finished_tasks() -> list[str] | None:
        # the server records a task run from its events, shortly after the flow returned
        with get_client(sync_client=True) as client:
            runs = client.read_task_runs(flow_run_filter=flow_runs)
        names = sorted(run.name.rsplit("-", 1)[0] for run in runs if run.state_type == "COMPLETED")
        return names if len(names) >= 5 else None

    assert wait_until(finished_tasks, 60, "the flow's task runs") == [
        "fetch_feeds",
        "load_seeds",
        "pages_batch",
        "retry_failed_pages",
        "select_new_entries",
    ]


def test_a_command_flow_run_sends_no_heartbeats_and_keeps_every_other_setting() -> None:
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows.tasks import command_run

    with temporary_settings({PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        before = get_current_settings()
        with command_run():
            during = get_current_settings()
        assert during.flows.heartbeat_frequency is None
        assert during.model_dump(exclude={"flows"}) == before.model_dump(exclude={"flows"})
        assert get_current_settings().flows.heartbeat_frequency == before.flows.heartbeat_frequency


def test_digest_flow_for_a_day_without_statements_sends_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path)
    assert digest(config_path=str(config), database_url=sqlite_url, day="2001-01-01") == {}
