"""Finding 6: secrets in clear.

The database password and apprise tokens never show in ``status``, ``export
alerts``, error messages, the store's alert rows, or a Prefect flow run's
parameters.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LoopbackSite, RequestRecord, Response
from tests.security.helpers import article, cli, config, export, rss, run_pass, serve_feed

pytestmark = pytest.mark.slow  # runs the real CLI or a worker pool: seconds per test

PASSWORD = "s3cret-db-pw"
TOKEN = "xoxsecrettokenabcdefghijk"
HOOK_PASSWORD = "hook-secret-pw"


def _with_password(url: str) -> str:
    return url.replace("postgres@", f"postgres:{PASSWORD}@", 1)


def test_status_and_store_errors_never_show_the_database_password(
    postgres_url: str, tmp_path: Path
) -> None:
    url = _with_password(postgres_url)  # the test server trusts any password
    status = cli("status", "--db", url, "--config", str(config(tmp_path)))
    assert status.exit_code == 0, status.output
    assert PASSWORD not in status.output and "postgres:…@" in status.output
    broken = url.replace("127.0.0.1:5432", "127.0.0.1:1")
    failed = cli("status", "--db", broken, "--config", str(config(tmp_path)))
    assert failed.exit_code != 0
    assert PASSWORD not in failed.output, failed.output


def _alerting_site(site: LoopbackSite) -> str:
    site.add("/p.html", article("Talks", "China supports a ceasefire and dialogue in the talks"))
    return serve_feed(site, "/feed.xml", rss(("Talks", site.url("/p.html"))))


def test_alert_rows_exports_and_errors_hold_target_names_not_secrets(
    site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apprise.plugins.slack import NotifySlack

    def refuse(record: RequestRecord) -> Response:
        return 500, {"Content-Type": "text/plain"}, f"no such token {TOKEN}".encode()

    site.add_handler(f"/services/T1AAAAAAA/B2BBBBBBB/{TOKEN}", refuse)
    monkeypatch.setattr(NotifySlack, "webhook_url", site.url("/services"))
    site.add("/hook", "{}", content_type="application/json")
    hook = f"json://user:{HOOK_PASSWORD}@{site.base_url.removeprefix('http://')}/hook"
    slack = f"slack://T1AAAAAAA/B2BBBBBBB/{TOKEN}"
    db_path = tmp_path / "s.db"
    db = f"sqlite:///{db_path}"
    result = run_pass(
        config(tmp_path), db, _alerting_site(site), extra=("--notify", slack, "--notify", hook)
    )
    assert result.exit_code == 0, result.output
    assert "1 pending after a failure" in result.output, result.output
    assert site.hits("/hook"), "the working target was not sent to"

    alerts = export("alerts", db)
    assert alerts and alerts[0]["last_error"], alerts
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT targets, delivered, last_error FROM alert").fetchall()
    shown = json.dumps([alerts, rows], ensure_ascii=False) + result.output
    for secret in (TOKEN, HOOK_PASSWORD, "B2BBBBBBB"):
        assert secret not in shown, (secret, shown)
    assert "slack://…#" in shown and "json://user:…@127.0.0.1" in shown

    # the next pass, given the same targets, finds them again by name and retries
    monkeypatch.setattr(NotifySlack, "webhook_url", site.url("/ok"))
    site.add(f"/ok/T1AAAAAAA/B2BBBBBBB/{TOKEN}", "ok", content_type="text/plain")
    again = run_pass(
        config(tmp_path), db, _alerting_site(site), extra=("--notify", slack, "--notify", hook)
    )
    assert again.exit_code == 0, again.output
    assert "alerts:     1 sent" in again.output, again.output
    assert len([r for r in site.hits("/hook") if r.method == "POST"]) == 1, "sent twice"


def test_prefect_flow_runs_carry_no_secret_parameters(
    prefect_api: None,
    postgres_url: str,
    site: LoopbackSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    for name in ("NEWSMON_DATABASE_URL", "NEWSMON_NOTIFY"):
        monkeypatch.setenv(name, "")  # the CLI sets them for the flow run; undone afterwards
    site.add("/hook", "{}", content_type="application/json")
    hook = f"json://user:{HOOK_PASSWORD}@{site.base_url.removeprefix('http://')}/hook"
    url = _with_password(postgres_url)
    result = run_pass(config(tmp_path), url, _alerting_site(site), extra=("--notify", hook))
    assert result.exit_code == 0, result.output
    assert site.hits("/hook"), "the flow run did not send to the --notify target"

    with get_client(sync_client=True) as client:
        runs: list[Any] = client.read_flow_runs()
    assert runs, "the pass was not tracked by Prefect"
    parameters = json.dumps([run.parameters for run in runs], default=str)
    assert PASSWORD not in parameters and HOOK_PASSWORD not in parameters, parameters
