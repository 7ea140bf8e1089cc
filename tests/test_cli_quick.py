"""The command line is quick and quiet: read commands never load Prefect or the write
path, help shows flags as flags, and a pass ends with one summary (or JSON)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from flows.server import free_port, state_dir
from newsmon.errors import ExitCode
from tests.conftest import REPO, LoopbackSite, write_config
from tests.test_monitor_cli import OFFICIAL_PAGE, OTHER_PAGE, _feed

pytestmark = pytest.mark.slow  # runs the real CLI in subprocesses: seconds per test

HEAVY = ("prefect", "datasketch", "scipy", "trafilatura", "apprise", "alembic")

# Runs one command in a fresh interpreter and prints which heavy packages it imported.
PROBE = """
import json, sys
from typer.testing import CliRunner
from cli.main import app
result = CliRunner().invoke(app, sys.argv[1:], catch_exceptions=False)
assert result.exit_code == 0, result.output
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps(heavy))
"""


def _imported_by(*args: str) -> list[str]:
    code = PROBE.replace("json.loads(HEAVY)", repr(list(HEAVY)))
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return imported


@pytest.fixture
def store_with_an_item(site: LoopbackSite, tmp_path: Path) -> tuple[str, Path]:
    site.add("/news/official.html", OFFICIAL_PAGE)
    feed = site.add(
        "/feed.xml", _feed(site, "/news/official.html"), content_type="application/rss+xml"
    )
    config = write_config(
        tmp_path, feeds=[{"name": "loopback", "url": feed}], fetch={"allow_hosts": ["127.0.0.1"]}
    )
    db = f"sqlite:///{tmp_path / 'quick.db'}"
    result = CliRunner().invoke(app, ["run", "-c", str(config), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return db, config


def test_the_quick_schema_check_finds_the_head_alembic_finds() -> None:
    from alembic.script import ScriptDirectory

    from storage.db import MIGRATIONS, _head_revision

    assert _head_revision() == ScriptDirectory(str(MIGRATIONS)).get_current_head()


@pytest.mark.parametrize("command", [["status"], ["export", "statements"]])
def test_read_commands_never_import_prefect_or_the_write_path(
    store_with_an_item: tuple[str, Path], command: list[str]
) -> None:
    db, config = store_with_an_item
    assert _imported_by(*command, "--db", db, "-c", str(config)) == []


def test_extract_of_a_file_never_imports_prefect(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(OFFICIAL_PAGE, encoding="utf-8")
    assert "prefect" not in _imported_by("extract", str(page))


def test_the_web_app_never_imports_prefect() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, web.app; print('prefect' in sys.modules)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip() == "False", done.stderr[-2000:]


@pytest.mark.parametrize("command", ["run", "backfill", "digest", "serve", "status", "demo"])
def test_help_shows_flags_as_flags_and_values_by_name(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "<bool>" not in result.output and "list[str]" not in result.output, result.output
    assert "<str>" not in result.output, result.output


def test_a_pass_ends_with_one_summary_naming_each_failing_feed_once(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site.add("/news/official.html", OFFICIAL_PAGE)
    good = site.add(
        "/feed.xml", _feed(site, "/news/official.html"), content_type="application/rss+xml"
    )
    broken = site.url("/missing.xml")
    config = write_config(tmp_path, fetch={"allow_hosts": ["127.0.0.1"]})
    db = f"sqlite:///{tmp_path / 'summary.db'}"
    args = ["run", "-c", str(config), "--db", db, "--feed", good, "--feed", broken]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.count(broken) == 1, result.output
    assert "pass finished: 2 feeds (0 unchanged, 1 failing)" in result.output
    assert "stored:     1 items" in result.output
    assert "alerts:" in result.output and "suppressed" in result.output

    again = CliRunner().invoke(app, [*args, "--json"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert summary["feeds"] == 2 and summary["new_entries"] == 0
    assert list(summary["failed_feeds"]) == [broken]
    assert {"stored", "duplicates", "new_statements", "alerts_sent", "alerts_suppressed"} <= set(
        summary
    )


def test_serve_says_so_when_the_prefect_api_it_is_given_is_not_there(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    dead = f"http://127.0.0.1:{free_port()}/api"
    result = CliRunner().invoke(
        app, ["serve", "-c", str(config), "--db", db], env={"PREFECT_API_URL": dead}
    )
    assert result.exit_code == ExitCode.SCHEDULER_ERROR, result.output
    # the URL is shown redacted (host and port, no path), like every URL newsmon prints
    assert f"the Prefect API at {dead.removesuffix('/api')}" in result.output
    assert "hint:" in result.output


def test_serve_keeps_prefect_state_beside_the_config_unless_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSMON_STATE_DIR", raising=False)
    assert state_dir(tmp_path / "sources.yaml") == (tmp_path / ".newsmon").resolve()
    monkeypatch.setenv("NEWSMON_STATE_DIR", str(tmp_path / "state"))
    assert state_dir(tmp_path / "sources.yaml") == (tmp_path / "state").resolve()


def test_a_long_pass_works_in_batches_and_reports_each_on_a_terminal(
    site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    from cli.progress import pass_progress
    from flows import passes
    from flows import steps as plain_steps
    from newsmon.analysis_pool import AnalysisPool
    from newsmon.config import Config, load_config

    site.add("/news/official.html", OFFICIAL_PAGE)
    site.add("/news/copy.html", OTHER_PAGE)
    feed = site.add(
        "/feed.xml",
        _feed(site, "/news/official.html", "/news/copy.html"),
        content_type="application/rss+xml",
    )
    config = load_config(write_config(tmp_path, fetch={"allow_hosts": ["127.0.0.1"]}))
    monkeypatch.setattr(passes, "PAGES_PER_BATCH", 1)
    pools: list[int] = []  # pages each analysis pool was opened for
    open_pool = plain_steps.analysis_pool

    def analysis_pool(config: Config, pages: int) -> AnalysisPool:
        pools.append(pages)
        return open_pool(config, pages)

    monkeypatch.setattr(plain_steps, "analysis_pool", analysis_pool)
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120)
    options = passes.PassOptions(feeds=(feed,), backfill=True)
    with pass_progress(True, console=terminal) as steps:
        summary = passes.monitor_pass(config, f"sqlite:///{tmp_path / 'b.db'}", options, steps)
    assert (summary.new_entries, summary.pages_fetched, summary.stored) == (2, 2, 2)
    assert summary.duplicates == 1 and summary.alerts_suppressed >= 1
    assert pools == [2], "one analysis pool serves every batch of the pass"
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())  # colours, cursor moves
    assert "feeds: 1 fetched, 0 unchanged, 0 failing, 2 entries" in shown
    assert shown.count("pages: 1 fetched, 0 failed") == 2, shown
    assert shown.count("stored: 1 items") == 2, shown
