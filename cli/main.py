"""The ``newsmon`` command line.

The command names, options and JSON-lines export fields are a stable interface
that other tools drive; add to them, do not rename. Commands only parse options,
call a step, storage or flow function, and format the result; every error newsmon
raises on purpose is turned into a one-line message and an exit code in one place,
``NewsmonGroup.invoke``.
"""

from __future__ import annotations

import logging
import sys
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import Context as ClickContext  # typer vendors click
from typer.core import TyperGroup

from cli.common import (
    DEFAULT_CONFIG_PATH,
    AllowHostOption,
    ConfigOption,
    DayOption,
    DbOption,
    FeedOption,
    NotifyOption,
    PortOption,
    database_url,
    load,
    open_store,
    secrets_to_environment,
    tracked_by_prefect,
)
from cli.reading import export, extract, status, web
from newsmon.errors import ExitCode, InputError, NewsmonError, StoreError
from newsmon.redact import redact_text


class NewsmonGroup(TyperGroup):
    """Turns the errors newsmon raises into a message and the exit code they carry."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except Exception as exc:
                failure = _store_failure(exc)
                if failure is None:
                    raise
                raise failure from exc
        except NewsmonError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            typer.echo(f"newsmon: error: {redact_text(exc.message)}", err=True)
            if exc.hint:
                typer.echo(f"newsmon: hint: {exc.hint}", err=True)
            raise typer.Exit(exc.exit_code) from None


def _store_failure(exc: Exception) -> StoreError | None:
    """A database error that reached the command line, as the StoreError it is."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    cause = exc.orig if exc.orig is not None else exc
    first = (str(cause).strip().splitlines() or [""])[0]
    return StoreError(
        f"the store cannot be read or written: {type(cause).__name__}: {first}",
        hint="check that the database is reachable; a damaged SQLite file can be checked "
        "with: sqlite3 FILE 'PRAGMA integrity_check', and restored from a backup",
    )


app = typer.Typer(
    cls=NewsmonGroup,
    help="Monitor official statements in the news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version() -> str:
    try:
        return version("newsmon")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"newsmon {_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and debug logs on errors.")
    ] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Monitor official statements in the news."""
    ctx.obj = {"debug": debug}
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="newsmon: %(levelname)s: %(message)s",
    )


def _run_pass(
    config_path: Path,
    db: str | None,
    feed: list[str] | None,
    notify: list[str] | None,
    allow_host: list[str] | None,
) -> dict[str, Any]:
    config = load(config_path)
    url = database_url(config, db)
    open_store(url)  # fail fast on an unusable store, before any fetching
    if tracked_by_prefect():
        from flows.monitor import monitor

        secrets_to_environment(url, notify)  # a flow run's parameters are not secret
        summary: dict[str, Any] = monitor(
            config_path=str(config_path),
            feeds=feed or None,
            allow_hosts=allow_host or None,
        )
    else:
        from flows.passes import PassOptions, monitor_pass

        options = PassOptions(
            feeds=tuple(feed or ()), notify=tuple(notify or ()), allow_hosts=tuple(allow_host or ())
        )
        summary = monitor_pass(config, url, options).as_dict()
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
    if summary.get("items_rejected"):
        typer.echo(f"{summary['items_rejected']} item(s) not stored; `newsmon status` shows why")


@app.command()
def run(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    feed: FeedOption = None,
    notify: NotifyOption = None,
    allow_host: AllowHostOption = None,
) -> None:
    """Run one monitor pass: fetch, extract, deduplicate, classify, store, alert."""
    _run_pass(config, db, feed, notify, allow_host)


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
    cfg = load(config)
    url = database_url(cfg, db)
    if urls_file is not None and not urls_file.is_file():
        raise InputError(f"{urls_file}: URL list not found", hint="pass a file with one URL a line")
    if not dry_run:
        open_store(url)  # a dry run must not create a store that is not there
    if tracked_by_prefect():
        from flows.backfill import backfill as backfill_flow

        secrets_to_environment(url, None)
        summary: dict[str, Any] = backfill_flow(
            config_path=str(config),
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
    elif reclassify:
        from flows.steps import reclassify_stored

        summary = {"reclassified": reclassify_stored(cfg, url)}
    else:
        from flows.passes import HistorySource, PassOptions, backfill_pass

        source = HistorySource(urls_file=urls_file, sitemap=sitemap, since=since, until=until)
        options = PassOptions(
            feeds=tuple(feed or ()),
            allow_hosts=tuple(allow_host or ()),
            backfill=not live_alerts,
            dry_run=dry_run,
        )
        summary = backfill_pass(cfg, url, source, options).as_dict()
    if reclassify:
        typer.echo(f"reclassified: {summary['reclassified']} items changed topics")
        return
    _print_summary(summary)


@app.command()
def digest(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    day: DayOption = None,
    notify: NotifyOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print, do not send.")] = False,
) -> None:
    """Send each route one message listing the day's new statements by topic."""
    cfg = load(config)
    url = database_url(cfg, db)
    open_store(url)
    covered: date | None = day.date() if day else None
    if tracked_by_prefect():
        from flows.digest import digest as digest_flow

        secrets_to_environment(url, notify)
        sent: dict[str, int] = digest_flow(
            config_path=str(config),
            day=covered.isoformat() if covered else None,
            dry_run=dry_run,
        )
    else:
        from flows.passes import digest_pass, yesterday

        sent = digest_pass(cfg, url, covered or yesterday(), notify or (), dry_run)
    for route, count in sent.items():
        typer.echo(f"digest sent to route {route}: {count} statement(s)")


@app.command()
def serve(config: ConfigOption = DEFAULT_CONFIG_PATH, db: DbOption = None) -> None:
    """Run monitor, digest and backfill on their cron schedules in this process."""
    cfg = load(config)
    open_store(database_url(cfg, db))
    from flows.deployments import serve_all

    serve_all(cfg, db)


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
    from demo import DEMO_HOST, serve_demo_site

    cfg = load(config)
    url = database_url(cfg, db)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    with serve_demo_site() as feed_url:
        typer.echo(f"serving the demo feed at {feed_url}")
        _run_pass(config, url, [feed_url], None, [DEMO_HOST])
    store = open_store(url)
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
    typer.echo(f"\nexplore it: newsmon export statements --db {url}")
    if browse:
        from web.app import serve as serve_web

        typer.echo(f"browse it: http://127.0.0.1:{port}/  (Ctrl-C to stop)")
        serve_web(url, cfg.routes, port=port)


for command in (status, export, extract, web):
    app.command()(command)


def main() -> None:  # pragma: no cover - the console script
    try:
        app()
    except Exception as exc:  # the outer boundary: a bug gets a sentence, --debug the traceback
        if "--debug" in sys.argv:
            raise
        print(f"newsmon: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("newsmon: hint: rerun with --debug for the traceback", file=sys.stderr)
        sys.exit(ExitCode.INTERNAL_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
