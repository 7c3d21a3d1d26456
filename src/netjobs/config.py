"""Twelve-factor configuration: environment variables, then `netjobs.toml` in NETJOBS_HOME, then defaults.

Everything here runs at settings import, so it must stay cheap and idempotent: it creates NETJOBS_HOME,
the jobs root with its `__init__.py` and a generated secret key the first time, and nothing else.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Config", "load_config"]


@dataclass(frozen=True)
class Config:
    home: Path
    jobs_root: Path
    database_url: str | None
    broker_url: str | None
    secret_key: str
    allowed_hosts: list[str]
    debug: bool
    file: dict[str, Any]

    @property
    def run_dir(self) -> Path:
        """Sockets and pid files of the local process tree."""
        return self.home / "run"

    def get(self, name: str, default: Any = None) -> Any:
        """One setting: `NETJOBS_<NAME>` from the environment, else `name` from netjobs.toml, else default."""
        env = os.environ.get(f"NETJOBS_{name.upper()}")
        if env is not None:
            return _coerce(env, default)
        return self.file.get(name.lower(), default)


def _coerce(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, list):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _secret_key(home: Path, file: dict[str, Any]) -> str:
    key = os.environ.get("NETJOBS_SECRET_KEY") or file.get("secret_key")
    if key:
        return key
    path = home / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting at once must not end up with two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _ensure_jobs_root(jobs_root: Path) -> None:
    jobs_root.mkdir(parents=True, exist_ok=True)
    init = jobs_root / "__init__.py"
    if not init.exists():
        init.write_text('"""Local netjobs jobs, one module per file. Keep this file: it makes a package."""\n')


def load_config() -> Config:
    """Read the configuration and create NETJOBS_HOME on first use."""
    home = Path(os.environ.get("NETJOBS_HOME") or Path.cwd() / ".netjobs").expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    (home / "static").mkdir(exist_ok=True)  # STATIC_ROOT: WhiteNoise serves from the finders, but wants it to exist
    toml_path = home / "netjobs.toml"
    file = tomllib.loads(toml_path.read_text()) if toml_path.exists() else {}
    jobs_root = Path(os.environ.get("NETJOBS_JOBS_ROOT") or file.get("jobs_root") or home / "jobs").expanduser()
    created_jobs_root = os.environ.get("NETJOBS_JOBS_ROOT") is None and file.get("jobs_root") is None
    if created_jobs_root:
        _ensure_jobs_root(jobs_root)
    allowed = os.environ.get("NETJOBS_ALLOWED_HOSTS") or file.get("allowed_hosts") or "*"
    if isinstance(allowed, str):
        allowed = [h.strip() for h in allowed.split(",") if h.strip()]
    return Config(
        home=home,
        jobs_root=jobs_root.resolve(),
        database_url=os.environ.get("NETJOBS_DATABASE_URL") or file.get("database_url"),
        broker_url=os.environ.get("NETJOBS_BROKER_URL") or file.get("broker_url"),
        secret_key=_secret_key(home, file),
        allowed_hosts=list(allowed),
        debug=_coerce(os.environ.get("NETJOBS_DEBUG", "false"), False),
        file=file,
    )
