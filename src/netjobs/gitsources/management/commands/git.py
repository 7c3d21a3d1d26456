"""`netjobs git add|sync|list|remove`: the Git repositories that provide jobs.

Exit codes: 0 done, 3 bad input (the message names the field); `sync --wait`/`--local` exit like `runjob`
(1 failed, 2 errored, 4 gave up waiting).
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from rich.markup import escape
from rich.table import Table

from netjobs.gitsources.jobs import submit_sync
from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.sync import remove_repository
from netjobs.jobs import notify
from netjobs.jobs.console import (
    EXIT_CODES,
    LogPrinter,
    dump_json,
    make_console,
    print_result_summary,
    result_as_dict,
)
from netjobs.jobs.models import JobResult
from netjobs.jobs.runner import execute

BAD_INPUT = 3
TIMED_OUT = 4


def repository_as_dict(repo: GitRepository) -> dict[str, Any]:
    """What the CLI shows of a repository: the secret *reference*, never a secret."""
    return {
        "name": repo.name,
        "slug": repo.slug,
        "source": repo.source,
        "remote_url": repo.display_url,
        "branch": repo.branch,
        "username": repo.username or None,
        "credentials": repo.secret_ref or None,
        "provides": repo.provides,
        "jobs_path": repo.jobs_path,
        "enabled": repo.enabled,
        "current_commit": repo.current_commit or None,
        "last_synced": repo.last_synced,
        "last_error": repo.last_error or None,
        "last_sync_result": repo.last_sync_result_id,
    }


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "Manage the Git repositories that provide jobs (git.<slug>/<module>/<Class>)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Add a repository (then `netjobs git sync <name>`)")
        add.add_argument("name")
        add.add_argument("url", help="file:///…, https://…, ssh://… or user@host:path")
        add.add_argument("--branch", default="main", help="Branch or tag to follow (default: main)")
        add.add_argument("--slug", default="", help="Names its jobs git.<slug>/… (default: from the name)")
        secret = add.add_mutually_exclusive_group()
        secret.add_argument("--secret-env", metavar="VAR", help="Environment variable holding the token/password")
        secret.add_argument("--secret-file", metavar="NAME", help="File NETJOBS_HOME/secrets/NAME (or an SSH key)")
        add.add_argument("--username", default="", help="User name for HTTP(S) remotes")
        add.add_argument("--jobs-path", default="", help="Folder of the job modules (default: the root)")
        add.add_argument("--provides", default="jobs", help="Comma-separated: jobs, data (default: jobs)")
        add.add_argument("--sync", action="store_true", help="Sync it now, in this process")
        sync = sub.add_parser("sync", help="Fetch, check out and load a repository's jobs (a job run)")
        sync.add_argument("name", help="Name or slug")
        sync.add_argument("--wait", action="store_true", help="Wait for a worker to finish the sync")
        sync.add_argument("--local", action="store_true", help="Sync in this process instead of on a worker")
        sync.add_argument("--dry-run", action="store_true", help="Check the new commit without switching to it")
        sync.add_argument("--timeout", type=float, default=None, help="Give up waiting after this many seconds")
        sync.add_argument("--json", action="store_true")
        listing = sub.add_parser("list", help="List repositories with their commit and last error")
        listing.add_argument("--json", action="store_true")
        remove = sub.add_parser("remove", help="Remove a repository: its jobs are disabled, their results kept")
        remove.add_argument("name", help="Name or slug")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    # --- actions ---------------------------------------------------------------------------------------------
    def _add(self, options: dict[str, Any]) -> None:
        secret_ref = ""
        if options["secret_env"]:
            secret_ref = f"env:{options['secret_env']}"
        elif options["secret_file"]:
            secret_ref = f"file:{options['secret_file']}"
        repo = GitRepository(
            name=options["name"],
            slug=options["slug"],
            remote_url=options["url"],
            branch=options["branch"],
            username=options["username"],
            secret_ref=secret_ref,
            jobs_path=options["jobs_path"].strip("/"),
            provides=[p.strip() for p in options["provides"].split(",") if p.strip()],
        )
        try:
            repo.validated_save()
        except ValidationError as exc:
            raise CommandError(_describe_errors(exc), returncode=BAD_INPUT) from None
        self.stdout.write(f"Added {repo.name} as {repo.source} ({repo.display_url}, {repo.branch})")
        if options["sync"]:
            self._run_sync(repo, {**options, "local": True, "wait": False, "dry_run": False, "json": False})
        else:
            self.stdout.write(f"Sync it with: netjobs git sync {repo.slug}")

    def _sync(self, options: dict[str, Any]) -> None:
        repo = _find(options["name"])
        if not repo.enabled:
            raise CommandError(f"{repo.name} is disabled; enable it first", returncode=BAD_INPUT)
        self._run_sync(repo, options)

    def _run_sync(self, repo: GitRepository, options: dict[str, Any]) -> None:
        console = make_console()
        local = options.get("local", False)
        listener = None if local or not options["wait"] else notify.Listener(notify.DONE, f"git-sync-{os.getpid()}")
        try:
            result = submit_sync(
                repo,
                commit=not options.get("dry_run", False),
                request_meta={"REMOTE_ADDR": "cli", "USER": os.environ.get("USER", "")},
            )
            if not local and not options["wait"]:
                self.stdout.write(f"Queued sync run {result.pk} (follow it with: netjobs results show {result.pk})")
                return
            printer = None if options.get("json") else LogPrinter(console)
            if local:
                execute(result.pk, worker_name=f"local:{os.getpid()}")
            elif listener is not None and not _wait(result, listener, printer, options.get("timeout")):
                make_console(stderr=True).print(f"[yellow]Gave up waiting for sync run {result.pk}[/yellow]")
                raise SystemExit(TIMED_OUT)
        finally:
            if listener is not None:
                listener.close()
        result.refresh_from_db()
        if options.get("json"):
            self.stdout.write(dump_json(result_as_dict(result, logs=True)))
        else:
            assert printer is not None
            printer.print_new(result.pk)
            print_result_summary(console, result)
        code = EXIT_CODES.get(result.status, 2)
        if code:
            raise SystemExit(code)

    def _list(self, options: dict[str, Any]) -> None:
        repos = list(GitRepository.objects.all())
        if options["json"]:
            self.stdout.write(dump_json([repository_as_dict(repo) for repo in repos]))
            return
        console = make_console()
        table = Table(show_edge=False, header_style="bold")
        for column in ("Name", "Source", "Remote", "Branch", "Commit", "Last synced", "Status"):
            table.add_column(column, no_wrap=column in ("Source", "Commit"))
        for repo in repos:
            status = "[green]ok[/green]" if repo.current_commit else "[dim]never synced[/dim]"
            if not repo.enabled:
                status = "[yellow]disabled[/yellow]"
            elif repo.last_error:
                status = f"[red]error:[/red] {escape(repo.last_error.splitlines()[0][:100])}"
            table.add_row(
                escape(repo.name),
                escape(repo.source),
                escape(repo.display_url),
                escape(repo.branch),
                repo.current_commit[:12] or "-",
                f"{repo.last_synced:%Y-%m-%d %H:%M}" if repo.last_synced else "-",
                status,
            )
        console.print(table)

    def _remove(self, options: dict[str, Any]) -> None:
        repo = _find(options["name"])
        retired = remove_repository(repo)
        self.stdout.write(f"Removed {repo.name}; {retired} job(s) disabled, their results kept")


def _find(name: str) -> GitRepository:
    repo = GitRepository.objects.filter(name=name).first() or GitRepository.objects.filter(slug=name).first()
    if repo is None:
        raise CommandError(f"name: no Git repository {name!r} (see `netjobs git list`)", returncode=BAD_INPUT)
    return repo


def _describe_errors(exc: ValidationError) -> str:
    """`field: message` lines, with the CLI's names for the model's fields."""
    cli_names = {"remote_url": "url", "secret_ref": "secret", "jobs_path": "jobs-path"}
    lines = []
    for field, messages in exc.message_dict.items():
        lines.append(f"{cli_names.get(field, field)}: {' '.join(messages)}")
    return "\n".join(lines)


def _wait(result: JobResult, listener: notify.Listener, printer: LogPrinter | None, timeout: float | None) -> bool:
    started = time.monotonic()
    while True:
        result.refresh_from_db(fields=["status"])
        if printer is not None:
            printer.print_new(result.pk)
        if result.is_finished:
            return True
        if timeout is not None and time.monotonic() - started > timeout:
            return False
        listener.wait(0.25)
