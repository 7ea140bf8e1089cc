"""Commands that read: the store's status and exports, one page's extraction, the web app."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DEFAULT_CONFIG_PATH,
    AllowHostOption,
    ConfigOption,
    DbOption,
    ExportKind,
    HostOption,
    JsonOption,
    PortOption,
    database_url,
    load,
    open_reader,
    open_store,
)
from newsmon.errors import InputError
from newsmon.redact import redact_url


def status(
    config: ConfigOption = DEFAULT_CONFIG_PATH, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Show the feeds, their health, what the store holds and what the last pass did."""
    cfg = load(config, required=False)
    store = open_reader(database_url(cfg, db))
    states = {state.url: state for state in store.all_feed_states()}
    last = store.last_pass()
    if as_json:
        last_pass = None
        if last is not None:
            when = last.finished_at.isoformat()
            last_pass = {"kind": last.kind, "finished_at": when, **last.summary.as_dict()}
        shown = {"counts": store.counts(), "last_pass": last_pass}
        typer.echo(json.dumps(shown, ensure_ascii=False))
        return
    typer.echo(f"store: {redact_url(store.url)}")
    for name, count in store.counts().items():
        typer.echo(f"  {name}: {count}")
    if last is not None:
        when = last.finished_at.isoformat(timespec="seconds")
        typer.echo(f"last {last.kind} pass, finished {when}:")
        typer.echo("\n".join(f"  {line}" for line in last.summary.as_text().splitlines()))
    typer.echo("feeds:")
    for feed_url in dict.fromkeys([*(f.url for f in cfg.feeds), *states]):
        state = states.get(feed_url)
        if state is None:
            typer.echo(f"  never fetched  {feed_url}")
            continue
        health = (
            "ok" if state.consecutive_failures == 0 else (f"failing x{state.consecutive_failures}")
        )
        succeeded = (
            state.last_success_at.isoformat(timespec="seconds") if state.last_success_at else "-"
        )
        line = f"  {health:<14} {feed_url}  last success {succeeded}, entries {state.entries_seen}"
        if state.last_error:
            line += f"\n                 last error: {state.last_error}"
        if state.items_rejected:
            line += (
                f"\n                 items not stored: {state.items_rejected}, "
                f"last: {state.last_item_error}"
            )
        typer.echo(line)


def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to export.")],
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
) -> None:
    """Print items, statements or alerts as JSON lines."""
    store = open_reader(database_url(load(config, required=False), db))
    rows = {
        ExportKind.items: store.export_items,
        ExportKind.statements: store.export_statements,
        ExportKind.alerts: store.export_alerts,
        ExportKind.speakers: store.export_speakers,
    }[kind]()
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def extract(
    source: Annotated[str, typer.Argument(help="An HTML file or an http(s) URL.")],
    allow_host: AllowHostOption = None,
    config: ConfigOption = DEFAULT_CONFIG_PATH,
) -> None:
    """Extract one page and print the result as JSON, for debugging extraction."""
    from newsmon.extract import extract_html, extraction_report

    if source.startswith(("http://", "https://")):
        from newsmon.errors import FetchError
        from newsmon.fetch import FetchRequest, fetch_all
        from newsmon.hosts import HostPolicy

        settings = load(config, required=False).fetch
        [page] = fetch_all(
            [FetchRequest(source)],
            settings,
            HostPolicy([*settings.allow_hosts, *(allow_host or [])]),
        )
        if not page.ok:
            raise FetchError(f"cannot fetch {source}: {page.error or f'HTTP {page.status}'}")
        article = extract_html(page.text or page.body, page.final_url)
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
        article = extract_html(data, None)
    typer.echo(json.dumps(extraction_report(article), ensure_ascii=False, indent=2))


def web(
    config: ConfigOption = DEFAULT_CONFIG_PATH,
    db: DbOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8765,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            envvar="NEWSMON_BASE_URL",
            help="Public URL of the web app, for the links in its Atom feeds "
            "(default: http://HOST:PORT). The request's Host header is never used.",
        ),
    ] = None,
) -> None:
    """Browse statements in a web page and subscribe to them as Atom feeds."""
    cfg = load(config, required=False)
    url = database_url(cfg, db)
    open_store(url)
    from web.app import serve as serve_web

    typer.echo(f"newsmon web: http://{host}:{port}/")
    serve_web(url, cfg.routes, host=host, port=port, base_url=base_url)


def statements(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="A text or HTML file; - reads standard input.")
    ],
    config: ConfigOption = DEFAULT_CONFIG_PATH,
) -> None:
    """Find the statements in one article and print them as JSON lines, one per span.

    HTML is extracted and cleaned as a pass would; plain text is cleaned the same way.
    ``start`` and ``end`` are offsets into that cleaned text.
    """
    from newsmon.decoding import decode_html
    from newsmon.dedup import drop_repeated_paragraphs
    from newsmon.extract import clean_text, extract_html
    from newsmon.statements import report

    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {source}: {exc.strerror or exc}") from None
    text = extract_html(data, None).text if _looks_like_html(data) else decode_html(data)
    text = drop_repeated_paragraphs(clean_text(text))
    vocabulary = load(config, required=False).speakers
    for row in report(text, vocabulary):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html")) or any(
        tag in head for tag in (b"<body", b"<p>", b"<p ", b"<article", b"<div")
    )
