"""Distributed mode for real: PostgreSQL, a Celery broker (Redis or RabbitMQ) and `netjobs worker` processes.

Each test module gets its own PostgreSQL database and its own NETJOBS_HOME; workers are subprocesses. The
machine's PostgreSQL, Redis and RabbitMQ must be running (`scripts/test` starts them when stopped).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

psycopg = pytest.importorskip("psycopg")

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
FIXTURES = Path(__file__).parent / "job_fixtures"
NETJOBS = str(Path(sys.executable).with_name("netjobs"))


def _pg_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


class Cluster:
    """One netjobs installation on PostgreSQL + a broker, driven through its CLI."""

    def __init__(self, home: Path, database: str, broker: str) -> None:
        self.home, self.database, self.broker = home, database, broker
        self.dsn = f"postgresql://postgres@127.0.0.1:5432/{database}"
        self.env = {
            **os.environ,
            "NETJOBS_HOME": str(home),
            "NETJOBS_DATABASE_URL": self.dsn,
            "NETJOBS_BROKER_URL": broker,
            "NETJOBS_WORKER_TIMEOUT": "3",
            "NETJOBS_HEARTBEAT_INTERVAL": "0.5",
            "NETJOBS_REDISPATCH_AFTER": "2",
            "NETJOBS_CANCEL_GRACE": "1",
        }
        self.workers: list[subprocess.Popen] = []

    def netjobs(self, *args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [NETJOBS, *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"netjobs {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def submit(self, class_path: str, *args: str) -> int:
        out = self.netjobs("runjob", class_path, "--no-wait", "--json", *args).stdout
        return json.loads(out)["id"]

    def start_worker(self, *args: str) -> subprocess.Popen:
        log = (self.home / f"worker-{len(self.workers)}.log").open("w")
        process = subprocess.Popen(
            [NETJOBS, "worker", *args], env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.workers.append(process)
        self.wait_for(lambda: self.query("select count(*) from jobs_worker")[0][0] > 0, 30, "a worker to register")
        return process

    def stop_workers(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.workers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.workers.clear()

    def query(self, sql: str, *params: Any) -> list[tuple]:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def result(self, result_id: int) -> dict[str, Any]:
        rows = self.query(
            "select status, worker, queue, result, error, traceback from jobs_jobresult where id = %s", result_id
        )
        status, worker, queue, value, error, tb = rows[0]
        return {"status": status, "worker": worker, "queue": queue, "result": value, "error": error, "traceback": tb}

    def wait_for(self, predicate: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}")

    def wait_finished(self, result_id: int, timeout: float = 60) -> dict[str, Any]:
        terminal = {"completed", "failed", "errored", "cancelled"}
        self.wait_for(lambda: self.result(result_id)["status"] in terminal, timeout, f"run {result_id} to finish")
        return self.result(result_id)


def make_cluster(tmp_path_factory: pytest.TempPathFactory, broker: str) -> Iterator[Cluster]:
    if not _pg_available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    database = f"netjobs_it_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    home = tmp_path_factory.mktemp("cluster")
    cluster = Cluster(home, database, broker)
    cluster.netjobs("migrate", "-v0")
    for module in FIXTURES.glob("*.py"):
        shutil.copy(module, home / "jobs" / module.name)
    cluster.netjobs("syncjobs", "-v0")
    try:
        yield cluster
    finally:
        cluster.stop_workers()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


class PrivateRedis:
    """A Redis server of our own on a free port, so that a test can stop and restart its broker freely."""

    def __init__(self, directory: Path) -> None:
        import socket

        server = shutil.which("redis-server")
        if server is None:
            pytest.skip("redis-server is not installed")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.argv = [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", str(directory)]  # fmt: skip
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import socket

        self.process = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    redis = PrivateRedis(tmp_path_factory.mktemp("redis"))
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, redis_broker: PrivateRedis) -> Iterator[Cluster]:
    """netjobs on PostgreSQL with Celery on a private Redis."""
    yield from make_cluster(tmp_path_factory, redis_broker.url)


@pytest.fixture(scope="module")
def rabbit_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """netjobs on PostgreSQL with Celery on the machine's RabbitMQ (its queues purged first)."""
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 5672)) != 0:
            pytest.skip("RabbitMQ is not running on 127.0.0.1:5672")
    for built in make_cluster(tmp_path_factory, "amqp://guest:guest@127.0.0.1:5672//"):
        built.netjobs("shell", "-c", "from netjobs.celery import app; app.control.purge()", check=False)
        yield built


@pytest.fixture(autouse=True)
def _stop_workers_after_each_test(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    for name in ("cluster", "rabbit_cluster"):
        if name in request.fixturenames:
            request.getfixturevalue(name).stop_workers()
