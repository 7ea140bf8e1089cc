"""The ``newsmon`` command line.

The command names, options and JSON-lines export fields are a stable interface
that other tools drive; add to them, do not rename. Commands only parse options,
call a step, storage or flow function, and format the result; every error newsmon
raises on purpose is turned into a one-line message and an exit code in one place,
``NewsmonGroup.invoke``.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import Context as ClickContext  # typer vendors click

from cli.common import (
    DEFAULT_CONFIG_PATH,
    AllowHostOption,
    ConfigOption,
    DayOption,
    DbOption,
    FeedOption,
    JsonOption,
    NewsmonCommand,
    NewsmonGroupBase,
    NotifyOption,
    PortOption,
    database_url,
    load,
    open_store,
    secrets_to_environment,
    tracked_by_prefect,
)
from cli.reading import export, extract, statements, status, web
from cli.report import print_demo_contents, print_summary
from newsmon.errors import ExitCode, InputError, NewsmonError, StoreError
from newsmon.redact import redact_text


class NewsmonGroup(NewsmonGroupBase):
    """Turns the errors newsmon raises into a message and the exit code they carry."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            try:
                return super().invoke(ctx)
            except Exception as exc:  # a database error anywhere becomes a StoreError (exit 4)
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
    from importlib.metadata import PackageNotFoundError, version  # 0.2 s: only when asked

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
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also show progress logs (Prefect's and newsmon's)."),
    ] = False,
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
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="newsmon: %(levelname)s: %(message)s")
    # Prefect reads these when it is first imported, which only the commands that run
    # flows do; a value the user set in the environment wins.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", logging.getLevelName(level))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _run_pass(
    config_path: Path,
    db: str | None,
    feed: list[str] | None,
    notify: list[str] | None,
    allow_host: list[str] | None,
    as_json: bool = False,
) -> dict[str, Any]:
    config = load(config_path)
    url = database_url(config, db)
    open_store(url)  # fail fast on an unusable store, before any fetching
    if tracked_by_prefect():
        from flows.monitor import monitor
        from flows.tasks import command_run

        secrets_to_environment(url, notify)  # a flow run's parameters are not secret
        with command_run():
            summary: dict[str, Any] = monitor(
                config_path=str(config_path),
                feeds=feed or None,
                allow_hosts=allow_host or None,
            )
    else:
        from cli.progress import pass_progress, wants_progress
        from flows.passes import PassOptions, monitor_pass

        options = PassOptions(
            feeds=tuple(feed or ()), notify=tuple(notify or ()), allow_hosts=tuple(allow_host or ())
        )
        with pass_progress(wants_progress()) as steps:
            summary = monitor_pass(config, url, options, steps).as_dict()
    print_summary(summary, as_json=as_json)
    return summary


@app.command(cls=NewsmonCommand)
def run(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    feed: FeedOption = None,
    notify: NotifyOption = None,
    allow_host: AllowHostOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run one monitor pass: fetch, extract, deduplicate, classify, store, alert."""
    _run_pass(config, db, feed, notify, allow_host, as_json)


@app.command(cls=NewsmonCommand)
def backfill(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    feed: FeedOption = None,
    allow_host: AllowHostOption = None,
    urls_file: Annotated[
        Path | None,
        typer.Option("--urls-file", metavar="FILE", help="File with one article URL a line."),
    ] = None,
    sitemap: Annotated[
        str | None, typer.Option(metavar="URL", help="Sitemap (or sitemap index) URL.")
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(metavar="DATE", help="Only entries published on or after this date."),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(metavar="DATE", help="Only entries published before this date."),
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
    as_json: JsonOption = False,
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
        from flows.tasks import command_run

        secrets_to_environment(url, None)
        with command_run():
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
        from cli.progress import pass_progress, wants_progress
        from flows.passes import HistorySource, PassOptions, backfill_pass

        source = HistorySource(urls_file=urls_file, sitemap=sitemap, since=since, until=until)
        options = PassOptions(
            feeds=tuple(feed or ()),
            allow_hosts=tuple(allow_host or ()),
            backfill=not live_alerts,
            dry_run=dry_run,
        )
        # dry run prints what it would send: a spinner on the same terminal would garble it
        with pass_progress(wants_progress() and not dry_run) as steps:
            summary = backfill_pass(cfg, url, source, options, steps).as_dict()
    if reclassify and not as_json:
        typer.echo(f"reclassified: {summary['reclassified']} items changed topics")
        return
    print_summary(summary, as_json=as_json)


@app.command(cls=NewsmonCommand)
def digest(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    day: DayOption = None,
    notify: NotifyOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print, do not send.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Send each route one message listing the day's new statements by topic."""
    cfg = load(config)
    url = database_url(cfg, db)
    open_store(url)
    covered: date | None = day.date() if day else None
    if tracked_by_prefect():
        from flows.digest import digest as digest_flow
        from flows.tasks import command_run

        secrets_to_environment(url, notify)
        with command_run():
            sent: dict[str, int] = digest_flow(
                config_path=str(config),
                day=covered.isoformat() if covered else None,
                dry_run=dry_run,
            )
    else:
        from flows.passes import digest_pass, yesterday

        sent = digest_pass(cfg, url, covered or yesterday(), notify or (), dry_run)
    if as_json:
        print_summary({"digests_sent": sent}, as_json=True)
        return
    for route, count in sent.items():
        typer.echo(f"digest sent to route {route}: {count} statement(s)")


@app.command(cls=NewsmonCommand)
def serve(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    prefect_port: Annotated[
        int,
        typer.Option(
            "--prefect-port",
            metavar="PORT",
            help="Loopback port of the Prefect server serve starts (unless PREFECT_API_URL).",
        ),
    ] = 4200,
) -> None:
    """Run the monitor and the digest on their cron schedules, backfills on demand, until stopped.

    Uses the Prefect API named by PREFECT_API_URL, or starts and stops its own
    `prefect server start` with its state in NEWSMON_STATE_DIR (default: .newsmon
    beside the config file).
    """
    cfg = load(config)
    open_store(database_url(cfg, db))
    from flows.server import prefect_api, state_dir

    try:
        with prefect_api(state_dir(config), prefect_port) as api_url:
            from flows.deployments import serve_all  # imports Prefect: only once its API is set

            schedule = cfg.schedule
            typer.echo(
                f"newsmon serve: monitor at '{schedule.cron}', digest at "
                f"'{schedule.digest_cron}' ({schedule.timezone}); one run of each at a time. "
                f"Ctrl-C or SIGTERM stops it.\n  run one now: PREFECT_API_URL={api_url} "
                "prefect deployment run monitor/monitor",
                err=True,
            )
            serve_all(cfg, db)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM while the server was still starting
        pass
    typer.echo("newsmon serve: stopped", err=True)


@app.command(cls=NewsmonCommand)
def demo(
    db: Annotated[
        str, typer.Option("--db", metavar="URL", help="Store for the demo (recreated each time).")
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
    print_demo_contents(open_store(url))
    typer.echo(f"\nexplore it: newsmon export statements --db {url}")
    if browse:
        from web.app import serve as serve_web

        typer.echo(f"browse it: http://127.0.0.1:{port}/  (Ctrl-C to stop)")
        serve_web(url, cfg.routes, port=port)


for command in (status, export, extract, statements, web):
    app.command(cls=NewsmonCommand)(command)


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
