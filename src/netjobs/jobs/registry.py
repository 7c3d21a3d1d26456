"""Find job classes, load them by class path (reloading changed source), and mirror them as JobDefinitions.

Class paths are `<source>/<module>/<Class>`:
- `local/<module>/<Class>` for `<NETJOBS_JOBS_ROOT>/<module>.py` (dotted for sub-packages);
- `app/<python.module>/<Class>` for the `jobs` module of an installed Django app;
- `<prefix>.<name>/<module>/<Class>` for a source an app registers with `register_source_provider()`
  (`git.<slug>/…` for a Git repository's checkout, see netjobs.gitsources).

Local job modules are imported as sub-modules of a synthetic package (`netjobs_jobs_root`) whose path is the
jobs root, so a job file named like a standard module (`email.py`) shadows nothing, and relative imports between
job files work. Each module is compiled from source (never from a stale .pyc) and reloaded when its file
changes, so an edited job runs on the next run without restarting any process. A registered source is a
folder loaded the same way under a package of its own; when its folder changes (a Git checkout of another
commit), the package and its modules are imported afresh from the new folder.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import logging
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Protocol

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs.base import Job
from netjobs.jobs.models import JobDefinition, JobModule

__all__ = [
    "LOCAL_PACKAGE",
    "DiscoveredModule",
    "JobNotFoundError",
    "ModuleTree",
    "SourceProvider",
    "discover",
    "discover_registered",
    "discover_tree",
    "get_job_class",
    "parse_class_path",
    "register_source_provider",
    "source_commit",
    "sync_job_definitions",
]

logger = logging.getLogger(__name__)
LOCAL_PACKAGE = "netjobs_jobs_root"
_lock = threading.RLock()
_loaded: dict[str, tuple[str, int, int]] = {}  # module name -> (path, mtime_ns, size) it was loaded from
_revisions: dict[str, str] = {}  # module name -> the commit of the checkout it was loaded from


class JobNotFoundError(LookupError):
    """No job class at that class path (or its module fails to import: see `import_error`)."""

    def __init__(self, class_path: str, reason: str = "", import_error: str = "") -> None:
        super().__init__(f"Job {class_path!r} not found{': ' + reason if reason else ''}")
        self.class_path = class_path
        self.import_error = import_error


@dataclass
class DiscoveredModule:
    source: str
    module_name: str
    grouping: str
    path: str
    jobs: list[type[Job]] = field(default_factory=list)
    import_error: str = ""


@dataclass(frozen=True)
class ModuleTree:
    """A folder of job modules, imported as sub-modules of one synthetic package."""

    source: str
    package: str
    root: Path
    revision: str = ""  # the Git commit the folder holds; "" for the jobs root
    label: str = ""  # how messages name the folder
    require_init: bool = False


class SourceProvider(Protocol):
    """Job sources beyond the jobs root and installed apps (Git repositories), registered under a prefix."""

    def sources(self) -> list[str]:
        """Every source it provides now, e.g. `["git.netops"]`."""
        ...

    def tree(self, source: str) -> ModuleTree:
        """The folder `source` loads from, made present on this machine first (a worker may fetch it).

        Raises JobNotFoundError when the source is unknown, disabled, or cannot be made present.
        """
        ...


_providers: dict[str, SourceProvider] = {}


def register_source_provider(prefix: str, provider: SourceProvider) -> None:
    """Serve the sources named `<prefix>.<name>` from `provider` (called from an AppConfig.ready())."""
    _providers[prefix] = provider


def parse_class_path(class_path: str) -> tuple[str, str, str]:
    """Split `source/module/Class`; raise JobNotFoundError when it has not that shape."""
    parts = class_path.strip("/").split("/")
    if len(parts) != 3 or not all(parts):
        raise JobNotFoundError(class_path, "a class path looks like local/<module>/<JobClass>")
    return parts[0], parts[1], parts[2]


def class_path_for(source: str, module_name: str, job_class: type[Job]) -> str:
    return f"{source}/{module_name}/{job_class.__name__}"


# --- loading -------------------------------------------------------------------------------------------------
class _SourceLoader(importlib.machinery.SourceFileLoader):
    """Compile from source every time: bytecode caches keyed by mtime-in-seconds miss fast edits."""

    def get_code(self, fullname: str):  # type: ignore[no-untyped-def]
        return compile(self.get_data(self.path), self.path, "exec", dont_inherit=True)


def _jobs_root() -> Path:
    return Path(settings.NETJOBS_JOBS_ROOT)


def _local_tree() -> ModuleTree:
    return ModuleTree("local", LOCAL_PACKAGE, _jobs_root(), label="the jobs root", require_init=True)


def _tree_for(source: str) -> ModuleTree:
    if source == "local":
        return _local_tree()
    prefix, dot, _ = source.partition(".")
    provider = _providers.get(prefix) if dot else None
    if provider is None:
        raise JobNotFoundError(source, f"unknown job source {source!r}")
    return provider.tree(source)


def _forget_package(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
        del sys.modules[name]
        _loaded.pop(name, None)
        _revisions.pop(name, None)


def _ensure_package(tree: ModuleTree) -> ModuleType:
    root = tree.root
    package = sys.modules.get(tree.package)
    if package is not None and list(getattr(package, "__path__", [])) == [str(root)]:
        return package
    # Another folder (another checkout): modules of the old one must not mix with the new one's.
    _forget_package(tree.package)
    init = root / "__init__.py"
    if init.exists():
        spec = importlib.util.spec_from_file_location(tree.package, init, submodule_search_locations=[str(root)])
    elif tree.require_init:
        raise JobNotFoundError(
            tree.source, f"the jobs root {root} has no __init__.py; create an empty one to make it a package"
        )
    else:
        spec = importlib.machinery.ModuleSpec(tree.package, None, is_package=True)
        spec.submodule_search_locations = [str(root)]
    assert spec is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[tree.package] = package
    if spec.loader is not None:
        try:
            spec.loader.exec_module(package)
        except BaseException:
            sys.modules.pop(tree.package, None)
            raise
    return package


def _module_file(tree: ModuleTree, module_name: str) -> Path:
    root = tree.root
    relative = Path(*module_name.split("."))
    candidate = root / relative.with_suffix(".py")
    if candidate.is_file():
        return candidate
    return root / relative / "__init__.py"


def _stat_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def _load_tree_module(tree: ModuleTree, module_name: str) -> ModuleType:
    """Import (or re-import when its file changed) `<tree root>/<module_name>.py`."""
    with _lock:
        _ensure_package(tree)
        path = _module_file(tree, module_name)
        if not path.is_file():
            # Not `path.name`: for a module missing altogether, `path` is `<module>/__init__.py`.
            missing = module_name.replace(".", "/") + ".py"
            raise JobNotFoundError(f"{tree.source}/{module_name}", f"no file {missing} in {tree.label}")
        full_name = f"{tree.package}.{module_name}"
        key = _stat_key(path)
        module = sys.modules.get(full_name)
        if module is not None and _loaded.get(full_name) == key:
            return module
        # Parents of a dotted module must be importable packages first.
        parts = module_name.split(".")
        for depth in range(1, len(parts)):
            importlib.import_module(".".join([tree.package, *parts[:depth]]))
        is_package = path.name == "__init__.py"
        loader = _SourceLoader(full_name, str(path))
        spec = importlib.util.spec_from_file_location(
            full_name, path, loader=loader, submodule_search_locations=[str(path.parent)] if is_package else None
        )
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[full_name] = module
        try:
            loader.exec_module(module)
        except BaseException:
            sys.modules.pop(full_name, None)
            _loaded.pop(full_name, None)
            raise
        _loaded[full_name] = key
        _revisions[full_name] = tree.revision
        return module


def _load_module(source: str, module_name: str) -> ModuleType:
    if source == "app":
        return importlib.import_module(module_name)
    return _load_tree_module(_tree_for(source), module_name)


def _jobs_in_module(module: ModuleType) -> list[type[Job]]:
    declared = getattr(module, "jobs", None)
    if isinstance(declared, list | tuple):
        return [cls for cls in declared if isinstance(cls, type) and issubclass(cls, Job)]
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Job)
        and value is not Job
        and value.__module__ == module.__name__
        and not value.meta.extra.get("abstract", False)
    ]


def get_job_class(class_path: str) -> type[Job]:
    """The Job class at `class_path`, freshly reloaded if its source file changed."""
    source, module_name, class_name = parse_class_path(class_path)
    try:
        module = _load_module(source, module_name)
    except JobNotFoundError:
        raise
    except (ImportError, SystemExit, Exception) as exc:
        raise JobNotFoundError(
            class_path, f"its module failed to import: {exc}", import_error=traceback.format_exc()
        ) from exc
    job_class = getattr(module, class_name, None)
    if not (isinstance(job_class, type) and issubclass(job_class, Job)) or job_class not in _jobs_in_module(module):
        raise JobNotFoundError(class_path, f"module {module_name!r} has no job class {class_name!r}")
    return job_class


_hashes: dict[tuple[str, int, int], str] = {}


def source_hash(job_class: type[Job]) -> str:
    """sha256 of the job's module file, computed once per version of the file."""
    path = job_class.source_path()
    if path is None or not path.is_file():
        return ""
    key = _stat_key(path)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _hashes[key]


def source_commit(job_class: type[Job]) -> str:
    """The commit of the Git checkout the job's module was loaded from; "" for other sources."""
    return _revisions.get(job_class.__module__, "")


# --- discovery -----------------------------------------------------------------------------------------------
def _tree_module_names(tree: ModuleTree) -> list[str]:
    root = tree.root
    if not root.is_dir():
        return []
    names = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if any(part.startswith((".", "_")) and part != "__init__.py" for part in relative.parts):
            continue
        if relative.name == "__init__.py":
            if len(relative.parts) == 1:
                continue  # the tree's package itself
            names.append(".".join(relative.parts[:-1]))
        else:
            names.append(".".join(relative.with_suffix("").parts))
    return names


def _describe(source: str, module_name: str, loader_path: str, tree: ModuleTree | None = None) -> DiscoveredModule:
    found = DiscoveredModule(source=source, module_name=module_name, grouping=module_name, path=loader_path)
    try:
        module = _load_tree_module(tree, module_name) if tree else _load_module(source, module_name)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        found.import_error = traceback.format_exc()
        return found
    found.grouping = str(getattr(module, "name", "") or module_name)
    found.jobs = _jobs_in_module(module)
    return found


def discover_tree(tree: ModuleTree) -> list[DiscoveredModule]:
    """The job modules of one folder, loaded from it (a Git checkout is checked this way before it goes live)."""
    return [_describe(tree.source, name, str(_module_file(tree, name)), tree) for name in _tree_module_names(tree)]


def discover() -> list[DiscoveredModule]:
    """Every job module: local files, then the `jobs` module of each installed app. Errors are isolated.

    Files only, no database: the registered sources (which the database lists) are `discover_registered()`.
    """
    found: list[DiscoveredModule] = []
    root = _jobs_root()
    if root.is_dir() and not (root / "__init__.py").exists():
        found.append(
            DiscoveredModule(
                source="local",
                module_name="__init__",
                grouping="Local jobs",
                path=str(root),
                import_error=f"The jobs root {root} has no __init__.py, so none of its jobs can be loaded. "
                "Create an empty __init__.py there.",
            )
        )
    else:
        found.extend(discover_tree(_local_tree()))
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.jobs"
        if importlib.util.find_spec(app_config.name) is None:
            continue
        try:
            has_jobs = importlib.util.find_spec(module_name) is not None
        except ImportError:
            has_jobs = False
        if has_jobs:
            found.append(_describe("app", module_name, app_config.path))
    return found


def discover_registered() -> tuple[list[DiscoveredModule], set[str]]:
    """The modules of every registered source, and the sources read completely (for `sync_job_definitions`)."""
    found: list[DiscoveredModule] = []
    covered: set[str] = set()
    for prefix, provider in _providers.items():
        known = provider.sources()
        for source in known:
            try:
                tree = provider.tree(source)
            except JobNotFoundError as exc:
                # Not covered: its jobs stay as they were while, say, a fetch on this machine fails.
                found.append(DiscoveredModule(source, "__init__", source, "", import_error=str(exc)))
                continue
            found.extend(discover_tree(tree))
            covered.add(source)
        # A source gone from its provider (a removed repository) is covered with no modules at all.
        listed = JobDefinition.objects.filter(source__startswith=f"{prefix}.").values_list("source", flat=True)
        covered.update(set(listed.distinct()) - set(known))
    return found, covered


def _definition_fields(job_class: type[Job], module: DiscoveredModule) -> dict[str, object]:
    meta = job_class.meta
    return {
        "source": module.source,
        "module_name": module.module_name,
        "job_class_name": job_class.__name__,
        "grouping": module.grouping,
        "name": meta.name,
        "description": meta.description,
        "installed": True,
        "read_only": meta.read_only,
        "hidden": meta.hidden,
        "meta": meta.as_dict(),
        "variables_schema": job_class.json_schema(),
    }


def sync_job_definitions(
    modules: list[DiscoveredModule] | None = None, *, sources: set[str] | None = None
) -> list[DiscoveredModule]:
    """Mirror discovered jobs as JobDefinition rows; jobs that disappeared become `installed=False`.

    A module that fails to import keeps its jobs' rows as they were (installed stays True): a typo being
    fixed must not disable a job and reset its settings. Pass `modules` to sync only those, and `sources` when
    they are all of those sources' modules (jobs of other modules of those sources are then uninstalled).
    """
    full_scan = modules is None
    if modules is None:
        registered, covered = discover_registered()
        modules = discover() + registered
        covered |= {"local", "app"}
    else:
        covered = set(sources or ())
    now = timezone.now()
    with transaction.atomic(using=BOOKKEEPING_ALIAS):
        seen: set[str] = set()
        for module in modules:
            JobModule.objects.update_or_create(
                source=module.source,
                module_name=module.module_name,
                defaults={
                    "grouping": module.grouping,
                    "path": module.path,
                    "import_error": module.import_error,
                    "last_synced": now,
                },
            )
            if module.import_error:
                seen.update(
                    JobDefinition.objects.filter(source=module.source, module_name=module.module_name).values_list(
                        "class_path", flat=True
                    )
                )
                continue
            for job_class in module.jobs:
                class_path = class_path_for(module.source, module.module_name, job_class)
                seen.add(class_path)
                fields = _definition_fields(job_class, module)
                definition = JobDefinition.objects.filter(class_path=class_path).first()
                if definition is None:
                    JobDefinition.objects.create(
                        class_path=class_path, enabled=settings.NETJOBS_JOBS_ENABLED_BY_DEFAULT, **fields
                    )
                elif any(getattr(definition, k) != v for k, v in fields.items()):
                    for key, value in fields.items():
                        setattr(definition, key, value)
                    definition.save()
            if not full_scan:
                JobDefinition.objects.filter(source=module.source, module_name=module.module_name).exclude(
                    class_path__in=seen
                ).update(installed=False)
        if covered:
            JobDefinition.objects.filter(source__in=covered, installed=True).exclude(class_path__in=seen).update(
                installed=False
            )
            keep = {(m.source, m.module_name) for m in modules}
            for stale in JobModule.objects.filter(source__in=covered):
                if (stale.source, stale.module_name) not in keep:
                    stale.delete()
    return modules


def sync_module_of(class_path: str) -> JobDefinition | None:
    """Discover the one module of `class_path` (a job file just added) and return its definition."""
    source, module_name, _ = parse_class_path(class_path)
    path = module_name if source == "app" else str(_module_file(_tree_for(source), module_name))
    sync_job_definitions([_describe(source, module_name, path)])
    return JobDefinition.objects.filter(class_path=class_path).first()
