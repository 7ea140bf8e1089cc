"""The web app: server-rendered pages and Atom feeds, read-only over the store.

What it shows came from the outside world, so: links are rendered only when
``safe_link`` accepts them, every response carries a strict Content-Security-Policy,
absolute URLs are built from the configured base URL (never from the Host header),
input out of range is a 4xx, and every error is a short HTML page.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

from fastapi import FastAPI, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

if TYPE_CHECKING:
    import uvicorn

from newsmon.alerts import statement_message, suppression_reason
from newsmon.config import Route
from newsmon.errors import PageCursorError
from newsmon.paging import PageCursor
from newsmon.sanitize import clean_text, safe_link
from storage.db import get_reader_engine
from storage.reading import Filters, StatementRow, statement_page
from storage.speakers import find_speaker
from storage.store import Store
from web import queries

HERE = Path(__file__).resolve().parent
ATOM = "http://www.w3.org/2005/Atom"
DEFAULT_BASE_URL = "http://127.0.0.1:8765"
# Ids are integer primary keys: 32-bit on PostgreSQL.
MAX_ID = 2**31 - 1
MAX_PARAM_CHARS = 200
PAGE_SIZE = 100  # statements per page of the index
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ItemId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
logger = logging.getLogger("newsmon.web")


def create_app(
    database_url: str,
    routes: tuple[Route, ...] = (),
    base_url: str | None = None,
    page_size: int = PAGE_SIZE,
) -> FastAPI:
    Store(database_url)  # brings the schema up to date, once
    engine = get_reader_engine(database_url)
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    app = FastAPI(title="newsmon", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["safe_link"] = safe_link
    route_names = {route.name: route for route in routes}

    def absolute(name: str, **params: Any) -> str:
        """An absolute URL from the configured base, whatever Host the request named."""
        return base + app.url_path_for(name, **params)

    def path_for(name: str, /, **params: Any) -> str:
        """A path with every parameter percent-encoded, so a name holding ``/``, ``#``,
        ``&``, ``?``, spaces or any script comes back as it went out."""
        if name == "static":
            return app.url_path_for(name, path=params["path"])
        encoded = {key: quote(str(value), safe="") for key, value in params.items()}
        return str(app.url_path_for(name, **encoded))

    def listing_for(name: str, /, **params: Any) -> str:
        """A listing's path with its query (filters, cursor) encoded."""
        return with_query(path_for(name), **params)

    templates.env.globals["url_for"] = path_for
    templates.env.globals["listing_for"] = listing_for

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_page(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_input(request: Request, exc: RequestValidationError) -> Response:
        return _error_page(400, "the address asks for something out of range or malformed")

    @app.exception_handler(PageCursorError)
    async def bad_cursor(request: Request, exc: PageCursorError) -> Response:
        return _error_page(400, exc.message)

    @app.exception_handler(OperationalError)
    async def store_busy(request: Request, exc: OperationalError) -> Response:
        logger.warning("store unavailable: %s", type(exc.orig).__name__)
        return _error_page(503, "the store is not available just now; try again shortly")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        logger.error("internal error on %s: %s", request.url.path, type(exc).__name__)
        return _error_page(500, "something went wrong on our side")

    def session() -> Session:
        return Session(engine)

    def param(request: Request, name: str) -> str | None:
        value = request.query_params.get(name) or None
        return _checked(value)

    def filters(request: Request) -> Filters:
        official = {"yes": True, "no": False}.get(param(request, "official") or "")
        return Filters(
            speaker=param(request, "speaker"),
            country=param(request, "country"),
            topic=param(request, "topic"),
            official=official,
            query=param(request, "q"),
        )

    def paged(
        s: Session, request: Request, chosen: Filters, path: str, keep: dict[str, str]
    ) -> dict[str, Any]:
        """One page of statements, grouped by day, with links to the newest page and the
        next older one; ``keep`` is the query the links carry besides the cursor."""
        after = param(request, "after")
        rows = statement_page(
            s, chosen, PageCursor.parse(after) if after else None, limit=page_size + 1
        )
        shown = rows[:page_size]
        more = len(rows) > page_size
        return {
            "rows": shown,
            "days": queries.by_day(shown),
            "newest": with_query(path, **keep) if after else None,
            "older": with_query(path, **keep, after=shown[-1].cursor.token()) if more else None,
        }

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> Response:
        chosen = filters(request)
        with session() as s:
            context = paged(s, request, chosen, path_for("index"), chosen.active())
            context |= {
                "filters": chosen,
                "topics": queries.topics(s),
                "feed": listing_for("feed", **chosen.active()),
            }
            return templates.TemplateResponse(request, "index.html", context)

    @app.get("/speakers/{name:path}", response_class=HTMLResponse)
    def speaker(request: Request, name: str) -> Response:
        name = _checked(name) or ""
        with session() as s:
            profile = find_speaker(s, name)
            context = paged(s, request, Filters(speaker=name), path_for("speaker", name=name), {})
            if not context["rows"]:
                raise HTTPException(404, f"no statements by {name}")
            context |= {"name": name, "profile": profile}
            return templates.TemplateResponse(request, "speaker.html", context)

    @app.get("/statements/{statement_id}", response_class=HTMLResponse)
    def statement(request: Request, statement_id: ItemId) -> Response:
        with session() as s:
            found = queries.statement(s, statement_id)
            if found is None:
                raise HTTPException(404, f"no statement {statement_id}")
            return templates.TemplateResponse(request, "statement.html", found)

    @app.get("/items/{item_id}", response_class=HTMLResponse)
    def item(request: Request, item_id: ItemId) -> Response:
        with session() as s:
            found = queries.item(s, item_id)
            if found is None:
                raise HTTPException(404, f"no item {item_id}")
            return templates.TemplateResponse(request, "item.html", found)

    @app.get("/feed.atom", name="feed")
    def feed(request: Request) -> Response:
        chosen = filters(request)
        with session() as s:
            rows = statement_page(s, chosen, limit=100)
        return _atom(rows, "newsmon: new statements", _self(base, request), absolute)

    @app.get("/routes/{route_name}/feed.atom")
    def route_feed(request: Request, route_name: str) -> Response:
        route = route_names.get(_checked(route_name) or "")
        if route is None:
            raise HTTPException(404, f"no route {route_name}")
        with session() as s:
            rows = [
                row
                for row in statement_page(s, Filters(), limit=500)
                if suppression_reason(
                    statement_message(row.record, row.first_item), route, backfill=False
                )
                is None
            ][:100]
        return _atom(rows, f"newsmon: {route_name}", _self(base, request), absolute)

    return app


def with_query(path: str, **params: str) -> str:
    """PATH with PARAMS as its encoded query string; empty values left out."""
    query = urlencode({key: value for key, value in params.items() if value})
    return path + (f"?{query}" if query else "")


def _checked(value: str | None) -> str | None:
    """A query or path value, refused (400) if it is too long or carries control characters."""
    if value is None:
        return None
    if len(value) > MAX_PARAM_CHARS or clean_text(value) != value:
        raise HTTPException(400, f"a value is over {MAX_PARAM_CHARS} characters or malformed")
    return value


def _self(base: str, request: Request) -> str:
    query = (
        f"?{urlencode(list(request.query_params.multi_items()))}" if request.query_params else ""
    )
    return base + request.url.path + query


def _error_page(status: int, message: str) -> HTMLResponse:
    text = html.escape(message)
    body = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} · newsmon</title></head><body><h1>{status}</h1><p>{text}</p>"
        '<p><a href="/">newsmon</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def _atom(rows: list[StatementRow], title: str, self_url: str, absolute: Any) -> Response:
    ElementTree.register_namespace("", ATOM)
    root = ElementTree.Element(f"{{{ATOM}}}feed")
    _child(root, "title", title)
    _child(root, "id", self_url)
    updated = max((r.record.first_seen_at for r in rows), default=None)
    _child(root, "updated", updated.isoformat() if updated else "1970-01-01T00:00:00+00:00")
    ElementTree.SubElement(root, f"{{{ATOM}}}link", href=self_url, rel="self")
    for row in rows:
        record = row.record
        entry = ElementTree.SubElement(root, f"{{{ATOM}}}entry")
        role = f" ({record.role})" if record.role else ""
        _child(entry, "title", f"{record.speaker}{role}: {record.text[:120]}")
        page = absolute("statement", statement_id=record.id)
        _child(entry, "id", page)
        _child(entry, "updated", record.first_seen_at.isoformat())
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", href=page, rel="alternate")
        source = safe_link(row.first_item.url)
        if source:
            ElementTree.SubElement(entry, f"{{{ATOM}}}link", href=source, rel="via")
        author = ElementTree.SubElement(entry, f"{{{ATOM}}}author")
        _child(author, "name", record.speaker)
        for topic in record.topics or []:
            ElementTree.SubElement(entry, f"{{{ATOM}}}category", term=clean_text(topic))
        first = f"\n\nFirst reported: {source}" if source else ""
        _child(entry, "summary", f"{record.text}{first}")
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _child(parent: ElementTree.Element, tag: str, text: str) -> Any:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = clean_text(text)  # text stored before newsmon cleaned it may still hold any
    return element


# How much of a request's head the HTTP parser holds before refusing it. h11's default
# (16 KiB) is checked only while a line is still incomplete, so whether a 50,000-character
# URL reached the app (which refuses it with a 400 page) or was cut off by uvicorn with a
# plain-text 400 depended on how the bytes happened to arrive. Under this size a request
# always reaches the app, which refuses long values itself (``_checked``).
MAX_REQUEST_HEAD = 256 * 1024


def server_config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    """The uvicorn settings the web app is served with, here and in the tests."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,
    )


def serve(
    database_url: str,
    routes: tuple[Route, ...] = (),
    host: str = "127.0.0.1",
    port: int = 8765,
    base_url: str | None = None,
) -> None:
    import uvicorn

    base = base_url or f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    uvicorn.Server(server_config(create_app(database_url, routes, base), host, port)).run()
