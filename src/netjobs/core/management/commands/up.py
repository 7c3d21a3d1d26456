"""`netjobs up`: the whole product in one process tree — migrate, sync jobs, web server and workers.

The supervisor restarts a child that dies and stops them all on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import connections

ADMIN_USERNAME = "admin"


def ensure_admin(home: Path) -> tuple[str, str] | None:
    """Create the `admin` superuser on first start; return its login if we created it (now or before)."""
    password_file = home / "admin-password"
    users = get_user_model().objects
    if not users.filter(is_superuser=True).exists():
        password = secrets.token_urlsafe(12)
        users.create_superuser(ADMIN_USERNAME, "admin@example.com", password)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        return ADMIN_USERNAME, password
    if password_file.exists() and users.filter(username=ADMIN_USERNAME).exists():
        return ADMIN_USERNAME, password_file.read_text().strip()
    return None


def _wait_for_port(host: str, port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((host, port)) == 0:
                return True
        time.sleep(0.1)
    return False


class Command(BaseCommand):
    help = "Run netjobs in one process tree: migrate, sync jobs, then the web server and workers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=None, help="Web address (default 127.0.0.1:8080)")
        parser.add_argument("--concurrency", "-c", type=int, default=None, help="Worker processes (default 2)")
        parser.add_argument("--demo", action="store_true", help="Load the demo data set and example jobs")
        parser.add_argument("--no-web", action="store_true", help="Workers only")

    def handle(self, *args: Any, **options: Any) -> None:
        config = settings.NETJOBS
        bind = options["bind"] or config.get("bind", "127.0.0.1:8080")
        concurrency = options["concurrency"] or config.get("workers", 2)
        self.stdout.write(f"netjobs home: {config.home}")
        call_command("migrate", verbosity=0, interactive=False)
        if options["demo"]:
            call_command("loaddemo", verbosity=0)
        call_command("syncjobs", verbosity=0, allow_import_errors=True)
        login = ensure_admin(config.home)
        connections.close_all()

        netjobs = [sys.executable, "-m", "netjobs"]
        children: dict[str, list[str]] = {"worker": [*netjobs, "worker", "--concurrency", str(concurrency)]}
        if not options["no_web"]:
            children["web"] = [*netjobs, "web", "--bind", bind]
        if "scheduler" in get_commands():
            children["scheduler"] = [*netjobs, "scheduler"]
        # Each child in its own session: Ctrl-C in the terminal reaches only this supervisor, which then sends
        # each child ONE SIGTERM — workers finish their running jobs instead of taking it as a second signal.
        processes = {name: subprocess.Popen(argv, start_new_session=True) for name, argv in children.items()}

        if "web" in processes:
            host, _, port = bind.rpartition(":")
            host = host.strip("[]") or "127.0.0.1"
            reachable = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 - comparing, not binding
            if _wait_for_port(reachable, int(port), 30):
                self.stdout.write(self.style.SUCCESS(f"netjobs is up: http://{reachable}:{port}/"))
            else:
                self.stderr.write(f"The web server did not open {bind} within 30 s; see its output above")
        if login:
            self.stdout.write(f"Log in as {login[0]} / {login[1]}  (saved in {config.home / 'admin-password'})")
        self.stdout.write("Press Ctrl-C to stop.")
        self._supervise(children, processes)

    def _supervise(self, children: dict[str, list[str]], processes: dict[str, subprocess.Popen]) -> None:
        stopping = False

        def _stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        while not stopping:
            for name, process in list(processes.items()):
                if process.poll() is not None and not stopping:
                    self.stderr.write(f"{name} exited with {process.returncode}; restarting")
                    time.sleep(1)
                    processes[name] = subprocess.Popen(children[name], start_new_session=True)
            time.sleep(0.5)
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        self.stdout.write("netjobs stopped")
        os._exit(0)
