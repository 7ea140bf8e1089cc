"""The ``newsmon`` command line.

The command names, options and JSON-lines export fields are a stable interface
that other tools drive; add to them, do not rename.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from newsmon.config import DEFAULT_CONFIG_PATH, Config, ConfigError, load_config

app = typer.Typer(
    help="Monitor official statements in the news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_CONFIG_ERROR = 2
EXIT_STORE_ERROR = 3

ConfigOption = Annotated[
    Path, typer.Option("--config", "-c", help="Path to sources.yaml.", show_default=True)
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///file.db or postgresql://…). "
        "Default: NEWSMON_DATABASE_URL, then the config, then sqlite:///newsmon.db.",
    ),
]
FeedOption = Annotated[
    list[str] | None,
    typer.Option("--feed", help="Feed URL for this pass, replacing the configured feeds."),
]
NotifyOption = Annotated[
    list[str] | None,
    typer.Option("--notify", help="Extra apprise target URL for every routed alert."),
]
AllowHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-host", help="Host that may be fetched even if it is private or loopback."
    ),
]


class ExportKind(StrEnum):
    items = "items"
    statements = "statements"
    alerts = "alerts"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"newsmon: error: {message}", err=True)
    return typer.Exit(code)


def _load(config_path: Path) -> Config:
    try:
        return load_config(config_path)
    except ConfigError as exc:
        raise _fail(str(exc), EXIT_CONFIG_ERROR) from None


def _database_url(config: Config, db: str | None) -> str:
    return config.resolved_database_url(db)


def _open_store(config: Config, db: str | None) -> Any:
    from storage.db import StoreError
    from storage.store import Store

    try:
        return Store(_database_url(config, db))
    except StoreError as exc:
        raise _fail(str(exc), EXIT_STORE_ERROR) from None


def _run_pass(
    config_path: Path,
    db: str | None,
    feed: list[str] | None,
    notify: list[str] | None,
    allow_host: list[str] | None,
    *,
    backfill: bool,
) -> dict[str, Any]:
    config = _load(config_path)
    _open_store(config, db)  # fail fast, with a clear message, before Prefect starts
    from flows.monitor import monitor

    summary = monitor(
        config_path=str(config_path),
        database_url=db,
        feeds=feed or None,
        notify=notify or None,
        allow_hosts=allow_host or None,
        backfill=backfill,
    )
    _print_summary(summary)
    return summary


def _print_summary(summary: dict[str, Any]) -> None:
    failed: dict[str, str] = summary.get("failed_feeds", {})
    typer.echo(
        "pass finished: {feeds} feeds ({feeds_not_modified} unchanged), {new_entries} new entries, "
        "{stored} stored ({duplicates} duplicates), {new_statements} new statements, "
        "{alerts_sent} alerts sent, {alerts_failed} alerts pending after failure".format(**summary)
    )
    for url, error in failed.items():
        typer.echo(f"feed failed: {url}: {error}")


@app.command()
def run(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    feed: FeedOption = None,
    notify: NotifyOption = None,
    allow_host: AllowHostOption = None,
) -> None:
    """Run one monitor pass: fetch, extract, deduplicate, classify, store, alert."""
    _run_pass(config, db, feed, notify, allow_host, backfill=False)


@app.command()
def backfill(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    feed: FeedOption = None,
    allow_host: AllowHostOption = None,
    urls_file: Annotated[
        Path | None, typer.Option("--urls-file", help="File with one article URL a line.")
    ] = None,
    sitemap: Annotated[str | None, typer.Option(help="Sitemap (or sitemap index) URL.")] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only entries published on or after this date.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(help="Only entries published before this date.")
    ] = None,
    live_alerts: Annotated[
        bool, typer.Option("--live-alerts", help="Send alerts as a live run would.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Store nothing; print what would be sent.")
    ] = False,
    reclassify: Annotated[
        bool,
        typer.Option("--reclassify", help="Apply changed topic rules to everything stored."),
    ] = False,
) -> None:
    """Load history. Alerts are recorded as suppressed, not sent, unless --live-alerts."""
    cfg = _load(config)
    _open_store(cfg, db)
    from flows.backfill import backfill as backfill_flow

    summary = backfill_flow(
        config_path=str(config),
        database_url=db,
        feeds=feed or None,
        urls_file=str(urls_file) if urls_file else None,
        sitemap=sitemap,
        since=since,
        until=until,
        allow_hosts=allow_host or None,
        live_alerts=live_alerts,
        dry_run=dry_run,
        reclassify=reclassify,
    )
    if reclassify:
        typer.echo(f"reclassified: {summary['reclassified']} items changed topics")
        return
    _print_summary(summary)


@app.command()
def digest(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    day: Annotated[
        str | None, typer.Option(help="ISO date to cover (default: yesterday, UTC).")
    ] = None,
    notify: NotifyOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print, do not send.")] = False,
) -> None:
    """Send each route one message listing the day's new statements by topic."""
    cfg = _load(config)
    _open_store(cfg, db)
    from flows.digest import digest as digest_flow

    sent = digest_flow(
        config_path=str(config), database_url=db, day=day, notify=notify, dry_run=dry_run
    )
    for route, count in sent.items():
        typer.echo(f"digest sent to route {route}: {count} statement(s)")


@app.command()
def serve(config: ConfigOption = DEFAULT_CONFIG_PATH, db: DbOption = None) -> None:
    """Run monitor, digest and backfill on their cron schedules in this process."""
    cfg = _load(config)
    _open_store(cfg, db)
    from flows.deployments import serve_all

    serve_all(cfg, db)


@app.command()
def status(config: ConfigOption = DEFAULT_CONFIG_PATH, db: DbOption = None) -> None:
    """Show the feeds, their health and what the store holds."""
    cfg = _load(config)
    store = _open_store(cfg, db)
    states = {state.url: state for state in store.all_feed_states()}
    typer.echo(f"store: {store.url}")
    for name, count in store.counts().items():
        typer.echo(f"  {name}: {count}")
    typer.echo("feeds:")
    for feed_url in dict.fromkeys([*(f.url for f in cfg.feeds), *states]):
        state = states.get(feed_url)
        if state is None:
            typer.echo(f"  never fetched  {feed_url}")
            continue
        health = (
            "ok" if state.consecutive_failures == 0 else (f"failing x{state.consecutive_failures}")
        )
        last = state.last_success_at.isoformat(timespec="seconds") if state.last_success_at else "-"
        line = f"  {health:<14} {feed_url}  last success {last}, entries {state.entries_seen}"
        if state.last_error:
            line += f"\n                 last error: {state.last_error}"
        typer.echo(line)


@app.command()
def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to export.")],
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
) -> None:
    """Print items, statements or alerts as JSON lines."""
    cfg = _load(config)
    store = _open_store(cfg, db)
    rows = {
        ExportKind.items: store.export_items,
        ExportKind.statements: store.export_statements,
        ExportKind.alerts: store.export_alerts,
    }[kind]()
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command()
def extract(
    source: Annotated[str, typer.Argument(help="An HTML file or an http(s) URL.")],
    allow_host: AllowHostOption = None,
    config: ConfigOption = DEFAULT_CONFIG_PATH,
) -> None:
    """Extract one page and print the result as JSON, for debugging extraction."""
    from newsmon.extract import extract_html, extraction_report

    if source.startswith(("http://", "https://")):
        from newsmon.fetch import FetchRequest, HostPolicy, fetch_all

        settings = _load(config).fetch if config.exists() else None
        if settings is None:
            from newsmon.config import FetchSettings

            settings = FetchSettings()
        [page] = fetch_all(
            [FetchRequest(source)],
            settings,
            HostPolicy([*settings.allow_hosts, *(allow_host or [])]),
        )
        if not page.ok:
            raise _fail(f"cannot fetch {source}: {page.error or f'HTTP {page.status}'}", 1)
        article = extract_html(page.text if page.text is not None else page.body, page.final_url)
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise _fail(f"cannot read {source}: {exc}", 1) from None
        article = extract_html(data, None)
    typer.echo(json.dumps(extraction_report(article), ensure_ascii=False, indent=2))


HostOption = Annotated[str, typer.Option(help="Address the web app listens on.")]
PortOption = Annotated[int, typer.Option(help="Port the web app listens on.")]


@app.command()
def web(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8765,
) -> None:
    """Browse statements in a web page and subscribe to them as Atom feeds."""
    cfg = _load(config)
    _open_store(cfg, db)
    from web.app import serve as serve_web

    typer.echo(f"newsmon web: http://{host}:{port}/")
    serve_web(_database_url(cfg, db), cfg.routes, host=host, port=port)


@app.command()
def demo(
    db: Annotated[
        str, typer.Option("--db", help="Store for the demo (recreated each time).")
    ] = "sqlite:///newsmon-demo.db",
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    browse: Annotated[
        bool, typer.Option("--web", help="Then serve the web app over the demo store.")
    ] = False,
    port: PortOption = 8765,
) -> None:
    """Serve bundled sample feeds on loopback and run the real pipeline against them."""
    from newsmon.demo import DEMO_HOST, serve_demo_site

    _load(config)
    if db.startswith("sqlite:///"):
        Path(db.removeprefix("sqlite:///")).unlink(missing_ok=True)
    with serve_demo_site() as feed_url:
        typer.echo(f"serving the demo feed at {feed_url}")
        _run_pass(config, db, [feed_url], None, [DEMO_HOST], backfill=False)
    store = _open_store(_load(config), db)
    typer.echo("\nitems:")
    for item in store.export_items():
        dup = f"  (duplicate of {item['duplicate_of']})" if item["duplicate_of"] else ""
        typer.echo(f"  {item['title'][:70]!r} topics={item['topics']}{dup}")
    typer.echo("\nstatements:")
    for row in store.export_statements():
        flag = "NEW " if row["new"] else "seen"
        who = row["speaker"] + (f", {row['role']}" if row["role"] else "")
        typer.echo(f"  [{flag}] {who}: {row['text'][:90]!r}")
    typer.echo("\nalerts:")
    for row in store.export_alerts():
        typer.echo(f"  {row['status']:<10} {row['speaker']} {row['reason'] or ''}")
    typer.echo(f"\nexplore it: newsmon export statements --db {db}")
    if browse:
        from web.app import serve as serve_web

        typer.echo(f"browse it: http://127.0.0.1:{port}/  (Ctrl-C to stop)")
        serve_web(db, _load(config).routes, port=port)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
