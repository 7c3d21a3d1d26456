"""The `netjobs` console command: every subcommand is a Django management command."""

from __future__ import annotations

import os
import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Run `netjobs <command> …`; any Django management command passes through."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netjobs.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else ["netjobs", *argv])
    argv[0] = "netjobs"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
