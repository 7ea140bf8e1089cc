"""Bundled sample feeds served on loopback, so a new user can watch the pipeline work offline."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DEMO_DATA = Path(__file__).resolve().parent / "data"
DEMO_HOST = "127.0.0.1"


class _DemoHandler(SimpleHTTPRequestHandler):
    """Serves the demo pages, and the feed with its links pointing back at this server."""

    base_url = ""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == "/feed.xml":
            body = (DEMO_DATA / "feed.xml").read_text(encoding="utf-8")
            payload = body.replace("{base}", self.base_url).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the demo prints its own summary


@contextmanager
def serve_demo_site() -> Iterator[str]:
    """Serve the demo site on an ephemeral loopback port; yields the feed URL."""
    handler = partial(_DemoHandler, directory=str(DEMO_DATA))
    server = ThreadingHTTPServer((DEMO_HOST, 0), handler)
    base = f"http://{DEMO_HOST}:{server.server_address[1]}"
    _DemoHandler.base_url = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()
