"""Helpers of the events tests: a real local HTTP endpoint, and the fixture jobs."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "job_fixtures"


def copy_job_fixtures(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for module in FIXTURES.glob("*.py"):
        shutil.copy(module, root / module.name)
    (root / "__init__.py").write_text('"""The jobs root of an events test."""\n')
    return root


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def event(self) -> str:
        return self.headers["x-netjobs-event"]


@dataclass
class Endpoint:
    """A webhook receiver on 127.0.0.1: records requests, answers the queued statuses (then 200), can hang."""

    server: ThreadingHTTPServer
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    hang: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/netjobs?team=neteng"

    def received(self, event: str | None = None) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if event is None or r.event == event]

    def wait_for(self, count: int, event: str | None = None, timeout: float = 10.0) -> list[Received]:
        return wait_until(lambda: len(self.received(event)) >= count, timeout) and self.received(event)


def wait_until(condition: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"condition not met within {timeout}s")


def start_endpoint() -> Endpoint:
    endpoint: Endpoint

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            with endpoint.lock:
                endpoint.requests.append(received)
                status = endpoint.statuses.pop(0) if endpoint.statuses else 200
            if endpoint.hang.is_set():
                endpoint.release.wait(30)
            payload = json.dumps({"ok": 200 <= status < 300}).encode()
            try:
                self.send_response(status)
                for name, value in endpoint.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client gave up (timeout) while we hung
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    endpoint = Endpoint(server)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="test-endpoint", daemon=True
    ).start()
    return endpoint


def stop_endpoint(endpoint: Endpoint) -> None:
    endpoint.release.set()
    endpoint.server.shutdown()
    endpoint.server.server_close()
