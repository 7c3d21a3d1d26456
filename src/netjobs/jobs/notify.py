"""Cheap same-machine notifications over Unix datagram sockets.

Each listener binds `<run dir>/<channel>/<name>.sock`; `send()` writes one datagram to every socket of the
channel and removes sockets whose listener is gone. Used to wake idle workers when a run is queued ("wake")
and to tell waiters that a run finished ("done"), so neither side polls in a tight loop. A lost datagram only
costs latency: listeners also time out and look at the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import select
import socket
import tempfile
from pathlib import Path

from django.conf import settings

__all__ = ["DONE", "WAKE", "Listener", "send"]

WAKE = "wake"
DONE = "done"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux


def channel_dir(channel: str) -> Path:
    base = settings.NETJOBS.run_dir
    if len(str(base)) > _MAX_SOCKET_PATH - 40:
        digest = hashlib.sha256(str(base).encode()).hexdigest()[:12]
        base = Path(tempfile.gettempdir()) / f"netjobs-{digest}"
    path = base / channel
    path.mkdir(parents=True, exist_ok=True)
    return path


def send(channel: str, payload: str = "") -> int:
    """Notify every listener of `channel`. Returns how many were reached."""
    data = payload.encode()[:512] or b"."
    reached = 0
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        for path in channel_dir(channel).glob("*.sock"):
            try:
                sock.sendto(data, str(path))
                reached += 1
            except BlockingIOError:
                reached += 1  # its queue is full: it has wake-ups waiting already
            except (ConnectionRefusedError, FileNotFoundError):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            except OSError:
                continue
    return reached


class Listener:
    """A bound socket on `channel`; `wait()` returns the payloads received within `timeout` seconds."""

    def __init__(self, channel: str, name: str | None = None) -> None:
        self.path = channel_dir(channel) / f"{name or os.getpid()}.sock"
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))
        self.sock.setblocking(False)

    def wait(self, timeout: float) -> list[str]:
        ready, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not ready:
            return []
        return self.drain()

    def drain(self) -> list[str]:
        payloads = []
        while True:
            try:
                payloads.append(self.sock.recv(1024).decode(errors="replace"))
            except BlockingIOError:
                return payloads

    def close(self) -> None:
        self.sock.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
