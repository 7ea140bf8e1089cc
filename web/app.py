"""The web app: server-rendered pages and Atom feeds, read-only over the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from newsmon.alerts import statement_message, suppression_reason
from newsmon.config import Route
from storage.store import Store
from web import queries

HERE = Path(__file__).resolve().parent
ATOM = "http://www.w3.org/2005/Atom"


def create_app(database_url: str, routes: tuple[Route, ...] = ()) -> FastAPI:
    store = Store(database_url)
    app = FastAPI(title="newsmon", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    route_names = {route.name: route for route in routes}

    def session() -> Session:
        return Session(store.engine)

    def filters(request: Request) -> queries.Filters:
        params = request.query_params
        official = {"yes": True, "no": False}.get(params.get("official", ""))
        return queries.Filters(
            speaker=params.get("speaker") or None,
            country=params.get("country") or None,
            topic=params.get("topic") or None,
            official=official,
            query=params.get("q") or None,
        )

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> Response:
        chosen = filters(request)
        with session() as s:
            rows = queries.statements(s, chosen)
            context = {
                "days": queries.by_day(rows),
                "count": len(rows),
                "filters": chosen,
                "topics": queries.topics(s),
                "feed": str(request.url_for("feed"))
                + (f"?topic={chosen.topic}" if chosen.topic else ""),
            }
            return templates.TemplateResponse(request, "index.html", context)

    @app.get("/speakers/{name}", response_class=HTMLResponse)
    def speaker(request: Request, name: str) -> Response:
        with session() as s:
            rows = queries.speaker(s, name)
            if not rows:
                raise HTTPException(404, f"no statements by {name}")
            return templates.TemplateResponse(
                request, "speaker.html", {"name": name, "rows": rows, "days": queries.by_day(rows)}
            )

    @app.get("/statements/{statement_id}", response_class=HTMLResponse)
    def statement(request: Request, statement_id: int) -> Response:
        with session() as s:
            found = queries.statement(s, statement_id)
            if found is None:
                raise HTTPException(404, f"no statement {statement_id}")
            return templates.TemplateResponse(request, "statement.html", found)

    @app.get("/items/{item_id}", response_class=HTMLResponse)
    def item(request: Request, item_id: int) -> Response:
        with session() as s:
            found = queries.item(s, item_id)
            if found is None:
                raise HTTPException(404, f"no item {item_id}")
            return templates.TemplateResponse(request, "item.html", found)

    @app.get("/feed.atom", name="feed")
    def feed(request: Request) -> Response:
        chosen = filters(request)
        with session() as s:
            rows = queries.statements(s, chosen, limit=100)
        return _atom(request, rows, title="newsmon: new statements")

    @app.get("/routes/{route_name}/feed.atom")
    def route_feed(request: Request, route_name: str) -> Response:
        route = route_names.get(route_name)
        if route is None:
            raise HTTPException(404, f"no route {route_name}")
        with session() as s:
            rows = [
                row
                for row in queries.statements(s, queries.Filters(), limit=500)
                if suppression_reason(
                    statement_message(row.record, row.first_item), route, backfill=False
                )
                is None
            ][:100]
        return _atom(request, rows, title=f"newsmon: {route_name}")

    return app


def _atom(request: Request, rows: list[queries.StatementRow], title: str) -> Response:
    ElementTree.register_namespace("", ATOM)
    root = ElementTree.Element(f"{{{ATOM}}}feed")
    _child(root, "title", title)
    _child(root, "id", str(request.url))
    updated = max((r.record.first_seen_at for r in rows), default=None)
    _child(root, "updated", updated.isoformat() if updated else "1970-01-01T00:00:00+00:00")
    ElementTree.SubElement(root, f"{{{ATOM}}}link", href=str(request.url), rel="self")
    for row in rows:
        record = row.record
        entry = ElementTree.SubElement(root, f"{{{ATOM}}}entry")
        role = f" ({record.role})" if record.role else ""
        _child(entry, "title", f"{record.speaker}{role}: {record.text[:120]}")
        page = str(request.url_for("statement", statement_id=record.id))
        _child(entry, "id", page)
        _child(entry, "updated", record.first_seen_at.isoformat())
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", href=page, rel="alternate")
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", href=row.first_item.url, rel="via")
        author = ElementTree.SubElement(entry, f"{{{ATOM}}}author")
        _child(author, "name", record.speaker)
        for topic in record.topics or []:
            ElementTree.SubElement(entry, f"{{{ATOM}}}category", term=topic)
        _child(entry, "summary", f"{record.text}\n\nFirst reported: {row.first_item.url}")
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _child(parent: ElementTree.Element, tag: str, text: str) -> Any:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def serve(
    database_url: str, routes: tuple[Route, ...] = (), host: str = "127.0.0.1", port: int = 8765
) -> None:
    import uvicorn

    uvicorn.run(create_app(database_url, routes), host=host, port=port, log_level="warning")
