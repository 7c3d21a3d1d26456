"""The examples of docs/job-authors.md and docs/operators.md, run through the real `netjobs` CLI.

Each test copies docs/examples/jobs into a fresh NETJOBS_HOME, runs the commands the guides show as
subprocesses and checks the exit codes and output the guides claim. The guides quote the example files
verbatim; the first tests check that too, and that every setting the code reads is documented.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
EXAMPLES = DOCS / "examples"
NETJOBS = shutil.which("netjobs") or str(Path(sys.executable).with_name("netjobs"))


# --- helpers ---------------------------------------------------------------------------------------------------
class Instance:
    """One NETJOBS_HOME with the example jobs in its jobs root, driven through the CLI."""

    def __init__(self, home: Path, template: Path | None = None, **env: str) -> None:
        self.home = home
        # Nothing of the surrounding test session's configuration (its home, a PostgreSQL URL) may leak in.
        clean = {key: value for key, value in os.environ.items() if not key.startswith(("NETJOBS_", "DJANGO_"))}
        self.env = {**clean, "NETJOBS_HOME": str(home), "COLUMNS": "200", **env}
        if template is not None:  # a copy of a migrated, synced home: much faster than migrating again
            shutil.copytree(template, home, ignore=shutil.ignore_patterns("run"))
            return
        shutil.copytree(EXAMPLES / "jobs", home / "jobs", dirs_exist_ok=True)
        self.netjobs("migrate", "--verbosity", "0", check=True)
        self.netjobs("syncjobs", "--verbosity", "0", check=True)

    def netjobs(self, *args: str, check: bool = False, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [NETJOBS, *args], env=self.env, cwd=self.home, capture_output=True, text=True, timeout=timeout
        )
        if check and proc.returncode:
            raise AssertionError(f"netjobs {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [NETJOBS, *args],
            env=self.env,
            cwd=self.home,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def runjob(self, class_path: str, *args: str) -> subprocess.CompletedProcess[str]:
        """`netjobs runjob <class_path> --local …` with its human output."""
        return self.netjobs("runjob", class_path, "--local", *args)

    def run_json(self, class_path: str, *args: str) -> tuple[int, dict[str, Any] | None, str]:
        """`netjobs runjob <class_path> --local --json …`: (exit code, the result or None, stderr)."""
        proc = self.netjobs("runjob", class_path, "--local", "--json", *args)
        return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip() else None), proc.stderr

    def results(self, *args: str) -> list[dict[str, Any]]:
        return json.loads(self.netjobs("results", "list", "--json", *args, check=True).stdout)

    def result(self, result_id: int) -> dict[str, Any]:
        return json.loads(self.netjobs("results", "show", str(result_id), "--json", "--logs", check=True).stdout)

    def jobs(self, *args: str) -> dict[str, Any]:
        return json.loads(self.netjobs("jobs", "list", "--json", *args, check=True).stdout)

    def shell(self, code: str) -> str:
        return self.netjobs("shell", "--no-imports", "-c", code, check=True).stdout.strip()

    def wait_for(self, predicate: Any, timeout: float = 30, what: str = "condition") -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}")


def messages(result: dict[str, Any]) -> list[str]:
    return [line["message"] for line in result["logs"]]


def groupings(text: str) -> list[str]:
    return re.findall(r"^── (\S+)", text, flags=re.MULTILINE)


def stop(process: subprocess.Popen[str], *signals: int, timeout: float = 30) -> tuple[int, str]:
    for sig in signals:
        process.send_signal(sig)
        time.sleep(0.5)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise
    return process.returncode, output


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated NETJOBS_HOME with the example jobs, copied by every instance below."""
    home = tmp_path_factory.mktemp("template") / "home"
    Instance(home)
    return home


@pytest.fixture(scope="module")
def inst(tmp_path_factory: pytest.TempPathFactory, template: Path) -> Instance:
    """A shared instance with a few tags. Tests that need a clean or stopped one use `fresh`."""
    instance = Instance(tmp_path_factory.mktemp("shared") / "home", template)
    for tag in ("Core", "env-lab", "env-prod"):  # through the documented CreateTag example, committed
        assert instance.runjob("local/tags/CreateTag", "--var", f"tag_name={tag}", "--commit").returncode == 0
    return instance


@pytest.fixture
def fresh(tmp_path: Path, template: Path) -> Instance:
    return Instance(tmp_path / "home", template)


# --- the guides match the code ---------------------------------------------------------------------------------
def _code_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


def test_every_python_block_of_the_guides_is_quoted_from_an_example_file() -> None:
    sources = {path: path.read_text() for path in EXAMPLES.rglob("*.py")}
    for guide in ("job-authors.md", "operators.md"):
        for block in _code_blocks((DOCS / guide).read_text(), "python"):
            assert any(block in text for text in sources.values()), f"{guide}: not in docs/examples:\n{block}"


def test_every_setting_the_code_reads_is_in_the_operators_guide() -> None:
    guide = (DOCS / "operators.md").read_text()
    src = REPO / "src" / "netjobs"
    keys = {key.lower() for key in re.findall(r"\"NETJOBS_([A-Z_]+)\"", (src / "config.py").read_text())}
    for path in src.rglob("*.py"):
        if "tests" not in path.parts and "testing" not in path.parts:
            keys |= set(re.findall(r"NETJOBS\.get\(\s*\"(\w+)\"", path.read_text()))
    events = src / "events" / "conf.py"
    if events.exists():
        block = re.search(r"DEFAULTS[^{]*\{(.*?)\n\}", events.read_text(), flags=re.DOTALL)
        assert block is not None
        keys |= set(re.findall(r"^\s*\"(\w+)\":", block.group(1), flags=re.MULTILINE))
    missing = sorted(f"NETJOBS_{key.upper()}" for key in keys if f"NETJOBS_{key.upper()}" not in guide)
    assert not missing, f"settings missing from docs/operators.md: {missing}"


def test_every_runjob_option_in_the_guide_exists() -> None:
    help_text = subprocess.run([NETJOBS, "runjob", "--help"], capture_output=True, text=True, check=True).stdout
    guide = (DOCS / "job-authors.md").read_text()
    section = guide.split("## Running a job from the CLI", 1)[1].split("\n## ", 1)[0]
    for option in set(re.findall(r"`(--[a-z-]+)", section)):
        assert option in help_text, option


def test_documented_configuration_is_read(tmp_path: Path) -> None:
    guide = (DOCS / "operators.md").read_text()
    toml = guide.split("```toml\n", 1)[1].split("```", 1)[0]
    home = tmp_path / "home"
    home.mkdir()
    (home / "netjobs.toml").write_text(toml)
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("NETJOBS_", "DJANGO_"))}
    env = {**clean, "NETJOBS_HOME": str(home), "NETJOBS_WORKERS": "3", "NETJOBS_DEBUG": "yes"}
    code = (
        "from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.TIME_ZONE, s.NETJOBS.get('bind'), "
        "s.NETJOBS.get('workers', 2), s.DEBUG, s.NETJOBS_HEARTBEAT_INTERVAL, s.DATABASES['jobs']['NAME'])"
    )
    shown = subprocess.run(
        [NETJOBS, "shell", "--no-imports", "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert shown == (
        "['netjobs.example.net'] ['https://netjobs.example.net'] Europe/Amsterdam 0.0.0.0:8080 3 True 5.0 "
        f"{home / 'netjobs-jobs.sqlite3'}"
    )
    assert (home / "secret_key").exists() and (home / "jobs" / "__init__.py").exists()

    env["NETJOBS_DATABASE_URL"] = f"sqlite:///{tmp_path / 'data.db'}"
    shown = subprocess.run(
        [
            NETJOBS,
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; print(s.DATABASES['jobs']['NAME'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == f"{tmp_path / 'data.db'}-jobs"


# --- a first job -----------------------------------------------------------------------------------------------
def test_hello_greets_and_refuses_bad_input(inst: Instance) -> None:
    ok = inst.runjob("local/hello/Hello", "--var", "who=ada")
    assert ok.returncode == 0, ok.stderr
    assert "SUCCESS  hello ada #0" in ok.stdout
    assert "SUCCESS  hello ada #1" in ok.stdout
    assert re.search(r"Run \d+ completed", ok.stdout)
    assert '"greeted": "ada"' in ok.stdout

    bad = inst.runjob("local/hello/Hello", "--var", "times=9")
    assert bad.returncode == 3
    assert "Invalid input:\n  times: Ensure this value is less than or equal to 5." in bad.stderr


# --- where job files go ----------------------------------------------------------------------------------------
def test_module_name_groups_jobs_and_jobs_list_overrides_discovery(inst: Instance) -> None:
    listing = {job["class_path"]: job for job in inst.jobs()["jobs"]}
    assert listing["local/hello/Hello"]["grouping"] == "Getting started"
    assert listing["local/hello/Hello"]["description"] == "Greet someone, a few times"
    assert {"local/registered/Backup", "local/registered/Reboot"} <= set(listing)
    assert "local/registered/DeviceJob" not in listing

    backup = inst.runjob("local/registered/Backup", "--var", "device=sw01")
    assert backup.returncode == 0
    assert "Backup on sw01" in backup.stdout
    refused = inst.runjob("local/registered/DeviceJob", "--var", "device=sw01")
    assert refused.returncode == 3
    assert "module 'registered' has no job class 'DeviceJob'" in refused.stderr


def test_sub_packages_helpers_and_import_errors(fresh: Instance) -> None:
    package = fresh.home / "jobs" / "network"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "_naming.py").write_text("def hostname(site, n):\n    return f'{site}-sw{n:02d}'\n")
    (package / "interfaces.py").write_text(
        "from netjobs.apps.jobs import Job, StringVar\n"
        "from ._naming import hostname\n\n\n"
        "class Audit(Job):\n"
        "    site = StringVar()\n\n"
        "    def run(self, data, commit):\n"
        "        return [hostname(data['site'], n) for n in (1, 2)]\n"
    )
    (fresh.home / "jobs" / "broken.py").write_text("import paramiko  # noqa\n")
    (fresh.home / "jobs" / "bases.py").write_text(
        "from netjobs.apps.jobs import Job\n\n\n"
        "class Base(Job):\n"
        "    class Meta:\n"
        "        abstract = True\n\n\n"
        "class Concrete(Base):\n"
        "    pass\n"
    )

    sync = fresh.netjobs("syncjobs")
    assert sync.returncode == 1
    assert "local/broken: failed to import" in sync.stderr
    assert "No module named 'paramiko'" in sync.stderr

    listing = fresh.jobs()
    class_paths = {job["class_path"] for job in listing["jobs"]}
    assert "local/network.interfaces/Audit" in class_paths
    assert not any("_naming" in path for path in class_paths)
    assert "local/bases/Concrete" in class_paths  # Meta.abstract is not inherited
    assert "local/bases/Base" not in class_paths
    assert "local/broken" in listing["import_errors"]
    assert "local/broken failed to import: ModuleNotFoundError: No module named 'paramiko'" in (
        fresh.netjobs("jobs", "list").stdout
    )

    code, result, _ = fresh.run_json("local/network.interfaces/Audit", "--var", "site=ams")
    assert code == 0 and result is not None
    assert result["result"] == ["ams-sw01", "ams-sw02"]
    broken = fresh.runjob("local/broken/Broken")
    assert broken.returncode == 3
    assert "its module failed to import: No module named 'paramiko'" in broken.stderr


def test_jobs_of_an_installed_app(fresh: Instance) -> None:
    path = os.pathsep.join(filter(None, [str(EXAMPLES / "app"), fresh.env.get("PYTHONPATH")]))
    fresh.env.update(PYTHONPATH=path, DJANGO_SETTINGS_MODULE="acme_settings")
    fresh.netjobs("syncjobs", check=True)
    assert "app/acme_netjobs.jobs/Ping" in {job["class_path"] for job in fresh.jobs()["jobs"]}
    ping = fresh.runjob("app/acme_netjobs.jobs/Ping")
    assert ping.returncode == 0
    assert "pong from an installed app" in ping.stdout


# --- the Job class ---------------------------------------------------------------------------------------------
def test_lifecycle_order_and_what_the_job_sees(inst: Instance) -> None:
    dry = inst.runjob("local/lifecycle/Lifecycle", "--var", "fail_check=true", "--no-commit")
    assert dry.returncode == 1
    assert groupings(dry.stdout) == ["run", "test_b", "test_a", "post_run"]
    assert "commit=False self.commit=False self.dryrun=True" in dry.stdout
    assert "self.data={'fail_check': True}" in dry.stdout
    assert "FAILURE  test_b found a problem" in dry.stdout
    run_id = re.search(r"Run (\d+) failed", dry.stdout).group(1)  # type: ignore[union-attr]
    assert f"post_run: the run failed; self.result is run {run_id}" in dry.stdout
    assert "Database changes have been reverted automatically." in dry.stdout
    assert "returned by run()" in dry.stdout

    default = inst.runjob("local/lifecycle/Lifecycle")
    assert default.returncode == 0
    assert "commit=True self.commit=True self.dryrun=False" in default.stdout
    assert "post_run: the run passed" in default.stdout


def test_keyword_run_signature(inst: Instance) -> None:
    code, result, _ = inst.run_json("local/lifecycle/KeywordRun", "--var", "device=r1", "--no-commit")
    assert code == 0 and result is not None
    assert result["result"] == {"device": "r1", "count": 1, "dryrun": True}


def test_user_and_request(inst: Instance) -> None:
    created = inst.netjobs(
        "createsuperuser", "--noinput", "--username", "ada", "--email", "ada@example.com", check=False
    )
    assert created.returncode == 0 or "already taken" in created.stderr
    code, result, _ = inst.run_json("local/whoami/WhoAmI", "--user", "ada")
    assert code == 0 and result is not None
    assert result["result"] == {"user": "ada", "remote_addr": "cli"}
    assert result["user"] == "ada"
    code, result, _ = inst.run_json("local/whoami/WhoAmI")
    assert result is not None and result["result"] == {"user": None, "remote_addr": "cli"}
    assert inst.runjob("local/whoami/WhoAmI", "--user", "nobody").returncode == 3


# --- variables -------------------------------------------------------------------------------------------------
V = "local/variables/"
VARIABLE_CASES = [
    # class, arguments, exit code, the return value (exit 0) or a piece of the error message (exit 3)
    (
        "CommonOptions",
        ["--var", "device_name=r1", "--var", "api_token=s3cret"],
        0,
        {"device_name": "r1", "vlan": 100, "comment": "", "notes": "", "api_token_length": 6},
    ),
    ("StringDemo", ["--var", "hostname=  r1-core  "], 0, {"hostname": "r1-core", "site_code": "ams"}),
    ("StringDemo", ["--var", "hostname=R1"], 3, "hostname: Invalid value. Must match regex: ^[a-z0-9-]+$"),
    ("StringDemo", ["--var", "hostname=r1-x", "--var", "site_code=amsx"], 3, "at most 3 characters"),
    ("TextDemo", ["--var", "config=  a\n b "], 0, ["  a", " b "]),
    ("NumberDemo", ["--var", "vlan_id=10"], 0, {"vlan_id": [10, "int"], "utilisation": [0.8, "float"]}),
    (
        "NumberDemo",
        ["--data", '{"vlan_id": 12, "utilisation": 0.5}'],
        0,
        {"vlan_id": [12, "int"], "utilisation": [0.5, "float"]},
    ),
    ("NumberDemo", ["--var", "vlan_id=1.5"], 3, "vlan_id: Enter a whole number."),
    ("NumberDemo", ["--var", "vlan_id=10", "--var", "utilisation=1.5"], 3, "less than or equal to 1.0"),
    ("BooleanDemo", [], 0, {"shutdown": False, "notify": True}),
    ("BooleanDemo", ["--var", "shutdown=yes", "--var", "notify=off"], 0, {"shutdown": True, "notify": False}),
    ("BooleanDemo", ["--data", '{"notify": false}'], 0, {"shutdown": False, "notify": False}),
    ("BooleanDemo", ["--var", "shutdown=maybe"], 3, "'maybe' is not a boolean"),
    ("ChoiceDemo", ["--var", "direction=n"], 0, {"direction": "n", "speed": "1000"}),
    ("ChoiceDemo", ["--var", "direction=North"], 3, "Select a valid choice."),
    ("MultiChoiceDemo", [], 0, ["n", "s"]),
    ("MultiChoiceDemo", ["--var", "directions=e,w"], 0, ["e", "w"]),
    ("MultiChoiceDemo", ["--data", '{"directions": ["e"]}'], 0, ["e"]),
    ("ObjectDemo", ["--var", "tag=core"], 0, {"tag": "Core", "env_tag": None}),
    ("ObjectDemo", ["--var", "tag=Core", "--var", "env_tag=env-lab"], 0, {"tag": "Core", "env_tag": "env-lab"}),
    ("ObjectDemo", ["--var", "tag=Nope"], 3, "tag: No tag matches 'Nope'"),
    ("ObjectDemo", ["--var", "tag=Core", "--var", "env_tag=Core"], 3, "env_tag: No tag matches 'Core'"),
    ("ObjectDemo", ["--data", '{"tag": "Core"}'], 3, "tag: Select a valid choice."),
    ("MultiObjectDemo", ["--var", "tags=core,env-lab"], 0, ["Core", "env-lab"]),
    (
        "AddressDemo",
        ["--var", "gateway=192.0.2.1", "--var", "interface_ip=192.0.2.10/24", "--var", "subnet=10.1.0.0/16"],
        0,
        {"gateway": ["192.0.2.1", 4], "interface_ip": ["192.0.2.10", "192.0.2.0/24"], "subnet": ["10.1.0.0/16", 65536]},
    ),
    (
        "AddressDemo",
        ["--var", "gateway=2001:db8::1", "--var", "interface_ip=2001:db8::1/64", "--var", "subnet=10.1.2.0/24"],
        0,
        {
            "gateway": ["2001:db8::1", 6],
            "interface_ip": ["2001:db8::1", "2001:db8::/64"],
            "subnet": ["10.1.2.0/24", 256],
        },
    ),
    (
        "AddressDemo",
        ["--var", "subnet=10.1.2.3/24"],
        3,
        "subnet: 10.1.2.3/24 has host bits set: the network is 10.1.2.0/24",
    ),
    ("AddressDemo", ["--var", "gateway=192.0.2.1/24"], 3, "gateway: '192.0.2.1/24' is not a valid IP address"),
    (
        "AddressDemo",
        ["--var", "interface_ip=192.0.2.10"],
        3,
        "interface_ip: '192.0.2.10' is not a valid IP address with a mask",
    ),
    ("AddressDemo", ["--var", "subnet=10.0.0.0/8"], 3, "subnet: Mask /8 is shorter than the minimum /16"),
    ("AddressDemo", ["--var", "subnet=10.0.0.0/31"], 3, "subnet: Mask /31 is longer than the maximum /30"),
    (
        "DateDemo",
        ["--var", "start=2025-03-01T14:30", "--var", "until=2025-03-02"],
        0,
        {"start": "2025-03-01T14:30:00+00:00", "weekday": "Saturday", "until": "2025-03-02"},
    ),
    (
        "DateDemo",
        ["--var", "start=2025-03-01 14:30+02:00"],
        0,
        {"start": "2025-03-01T14:30:00+02:00", "weekday": "Saturday", "until": None},
    ),
    ("DateDemo", ["--var", "start=tomorrow"], 3, "start: Enter a valid date/time."),
    ("JSONDemo", [], 0, {"type": "dict", "payload": {"vlans": [10, 20]}}),
    ("JSONDemo", ["--var", 'payload={"vlans": [30]}'], 0, {"type": "dict", "payload": {"vlans": [30]}}),
    ("JSONDemo", ["--var", "payload=[1, 2]"], 0, {"type": "list", "payload": [1, 2]}),
    ("JSONDemo", ["--var", 'payload="text"'], 3, "payload: Enter a valid JSON."),
    ("Hello", ["--var", "nope=1"], 3, "nope: Unknown variable: this job has no input of that name."),
]


@pytest.mark.parametrize(("job", "args", "code", "expected"), VARIABLE_CASES)
def test_variable_types(inst: Instance, job: str, args: list[str], code: int, expected: Any) -> None:
    class_path = "local/hello/Hello" if job == "Hello" else V + job
    got, result, stderr = inst.run_json(class_path, *args)
    assert got == code, stderr
    if code == 0:
        assert result is not None and result["status"] == "completed"
        assert result["result"] == expected
    else:
        assert result is None  # nothing was queued or run
        assert "Invalid input:" in stderr
        assert expected in stderr


def test_sensitive_values_are_redacted(inst: Instance) -> None:
    code, result, _ = inst.run_json(V + "CommonOptions", "--var", "device_name=r1", "--var", "api_token=s3cret")
    assert code == 0 and result is not None
    assert result["input"]["api_token"] == "********"
    assert result["input"]["device_name"] == "r1"
    assert "s3cret" not in json.dumps(inst.result(result["id"]))


def test_file_variable_reads_a_local_path(inst: Instance, tmp_path: Path) -> None:
    devices = tmp_path / "devices.txt"
    devices.write_text("r1\nr2\nr3\n")
    code, result, _ = inst.run_json(V + "FileDemo", "--var", f"inventory={devices}")
    assert code == 0 and result is not None
    assert result["result"] == ["r1", "r2", "r3"]
    assert messages(result) == ["devices.txt: 3 line(s)"]
    assert inst.shell("from netjobs.jobs.models import FileProxy; print(FileProxy.objects.count())") == "0"
    missing = inst.runjob(V + "FileDemo", "--var", f"inventory={tmp_path / 'nope.txt'}")
    assert missing.returncode == 3
    assert "no such file" in missing.stderr


# --- Meta options ----------------------------------------------------------------------------------------------
def test_meta_options(inst: Instance) -> None:
    visible = {job["class_path"] for job in inst.jobs()["jobs"]}
    assert "local/meta/MaintenanceWindow" not in visible  # hidden
    everything = {job["class_path"]: job for job in inst.jobs("--all")["jobs"]}
    assert everything["local/meta/MaintenanceWindow"]["name"] == "Open a maintenance window"

    queued = inst.netjobs("runjob", "local/meta/MaintenanceWindow", "--var", "site=ams", "--var", "reason=upgrade",
                          "--no-wait", "--json")  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    run = json.loads(queued.stdout)
    assert run["queue"] == "maintenance"
    assert run["commit"] is False  # commit_default = False
    assert run["input"] == {"site": "********", "reason": "********"}  # has_sensitive_variables
    assert run["status"] == "approval_required"

    schema = inst.shell(
        "from netjobs.jobs.models import JobDefinition as J; "
        "d = J.objects.get(class_path='local/meta/MaintenanceWindow'); "
        "print(list(d.variables_schema['properties']), d.meta['soft_time_limit'], d.meta['time_limit'])"
    )
    assert schema == "['site', 'reason'] 300 600"  # field_order


# --- logging ---------------------------------------------------------------------------------------------------
def test_logging_methods(inst: Instance) -> None:
    text = inst.runjob("local/logs/LogDemo")
    assert text.returncode == 0, text.stderr
    for line in (
        "INFO     log(): info level, never about an object",
        "DEBUG    log_debug(): detail for troubleshooting",
        "INFO     Log demo: log_info(obj, message): about the tag",
        "SUCCESS  Log demo: Markdown: **bold**, `code`, [a link](https://example.com)",
        "WARNING  Log demo:",
        "INFO     self.logger: the standard logging API, with lazy arguments",
        "WARNING  Log demo: with an object and a group",
    ):
        assert line in text.stdout
    assert groupings(text.stdout) == ["run", "summary"]

    # read_only: the tag was rolled back (a second run would otherwise fail on the duplicate), no "reverted" line.
    code, result, _ = inst.run_json("local/logs/LogDemo", "--commit")
    assert code == 0 and result is not None
    assert result["commit"] is False
    assert result["log_counts"] == {"info": 3, "debug": 1, "success": 1, "warning": 2}
    assert [(line["level"], line["grouping"], line["object"]) for line in result["logs"]][-1] == (
        "warning",
        "summary",
        "Log demo",
    )
    assert not any("reverted" in message for message in messages(result))


def test_logger_exception_fails_the_run(inst: Instance) -> None:
    code, result, _ = inst.run_json("local/logs/LoggerFailure")
    assert code == 1 and result is not None
    assert result["status"] == "failed"
    failure, carried_on = result["logs"]
    assert failure["level"] == "failure"
    assert "Traceback" in failure["message"] and "KeyError: 'missing'" in failure["message"]
    assert carried_on["message"] == "the job carries on after a logged failure"


# --- outcomes --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("outcome", "code"), [("completed", 0), ("failed", 1), ("errored", 2)])
def test_outcomes_and_exit_codes(inst: Instance, outcome: str, code: int) -> None:
    got, result, _ = inst.run_json("local/outcomes/Outcome", "--var", f"outcome={outcome}")
    assert got == code and result is not None
    assert result["status"] == outcome
    log = messages(result)
    assert f"post_run is always called; self.failed={outcome != 'completed'}" in log
    if outcome == "errored":
        assert result["result"] is None
        assert result["error"] == "RuntimeError: the device did not answer"
        assert "test_after_run was called" not in log
        assert log[-1] == "Database changes have been reverted due to error."
    else:
        assert result["result"] == outcome
        assert "test_after_run was called" in log


# --- changing data ---------------------------------------------------------------------------------------------
def test_commit_dry_run_and_change_log(fresh: Instance) -> None:
    dry = fresh.runjob("local/tags/CreateTag", "--var", "tag_name=Lab", "--no-commit")
    assert dry.returncode == 0
    assert "Database changes have been reverted automatically." in dry.stdout
    committed = fresh.runjob("local/tags/CreateTag", "--var", "tag_name=Lab")
    assert committed.returncode == 0
    commit_run = re.search(r"Run (\d+) completed", committed.stdout).group(1)  # type: ignore[union-attr]
    duplicate = fresh.runjob("local/tags/CreateTag", "--var", "tag_name=Lab")
    assert duplicate.returncode == 2
    assert "Tag with this Name already exists." in duplicate.stdout
    assert "Database changes have been reverted due to error." in duplicate.stdout
    bad = fresh.runjob("local/tags/CreateTag", "--var", "tag_name=Bad", "--var", "color=red")
    assert bad.returncode == 3

    history = fresh.runjob("local/tags/TagHistory", "--var", "tag=lab")
    assert history.returncode == 0
    assert f"Lab: create by run {commit_run}: color, description, id, name, slug" in history.stdout
    assert f"Lab: update by run {commit_run}: description" in history.stdout  # post_run's change
    assert history.stdout.count(" by run ") == 2  # nothing of the dry run or of the errored run
    assert "Return value:\n2" in history.stdout

    assert fresh.runjob("local/tags/TagAudit").returncode == 0  # Lab has a description (post_run gave it one)


# --- data files and time limits --------------------------------------------------------------------------------
def test_data_files(inst: Instance) -> None:
    code, result, _ = inst.run_json("local/files/SiteVlans")
    assert code == 0 and result is not None
    assert messages(result) == ["ams1: users, voice", "fra1: users, cameras"]
    assert result["result"] == {"ams1": [10, 20], "fra1": [10, 30]}
    code, result, _ = inst.run_json("local/files/OutsideTheFolder")
    assert code == 2 and result is not None
    assert "is outside the job's folder" in result["error"]


def test_time_limits(inst: Instance) -> None:
    code, result, _ = inst.run_json("local/limits/PollDevices")
    assert code == 0 and result is not None and result["result"] == "finished"
    code, result, _ = inst.run_json("local/limits/PollDevices", "--var", "seconds=5")
    assert code == 0 and result is not None
    assert result["result"] == "stopped early"
    assert 1.9 <= result["duration_s"] < 4
    assert messages(result) == ["Soft time limit reached: stopping early, keeping what is done"]

    hard = inst.runjob("local/limits/Runaway")
    assert hard.returncode == 70
    last = inst.results("--job", "local/limits/Runaway")[0]
    assert last["status"] == "errored"
    assert "hard time limit of 1s exceeded" in last["error"]


# --- coordination ----------------------------------------------------------------------------------------------
C = "local/coordination/"


def test_locks(fresh: Instance) -> None:
    holder = fresh.popen("runjob", C + "PushConfig", "--local", "--var", "seconds=8")
    held = fresh.wait_for(
        lambda: json.loads(fresh.netjobs("locks", "list", "--json", check=True).stdout), what="the devices lock"
    )
    assert held[0]["name"] == "devices" and held[0]["job"] == C + "PushConfig"
    holder_id = held[0]["job_result_id"]

    audit = fresh.runjob(C + "AuditDevices")  # no lock_timeout: errors at once
    assert audit.returncode == 2
    assert f"Lock devices is held by run {holder_id}" in audit.stdout

    waiting = fresh.runjob(C + "PushConfig")  # lock_timeout: stays pending; --local does not wait for it
    assert waiting.returncode == 4
    assert re.search(r"Run \d+ waits for a lock", waiting.stderr)

    code, output = stop(holder, timeout=30)
    assert code == 0, output
    assert json.loads(fresh.netjobs("locks", "list", "--json", check=True).stdout) == []
    worker = fresh.netjobs("worker", "--burst", timeout=60)  # the waiting run now gets the lock
    assert worker.returncode == 0
    assert [r["status"] for r in fresh.results("--job", C + "PushConfig")] == ["completed", "completed"]


def test_approval_required(fresh: Instance) -> None:
    queued = fresh.netjobs("runjob", C + "Decommission", "--var", "device=sw01", "--no-wait", "--json")
    assert json.loads(queued.stdout)["status"] == "approval_required"
    local = fresh.runjob(C + "Decommission", "--var", "device=sw02")
    assert local.returncode == 4
    assert "needs approval" in local.stderr


def test_next_job_and_parent_result(fresh: Instance) -> None:
    first = fresh.runjob(C + "Provision", "--var", "device=sw01")
    assert first.returncode == 0
    next_id = int(re.search(r"Started the next job `local/coordination/Verify` as run (\d+)", first.stdout).group(1))  # type: ignore[union-attr]
    first_id = int(re.search(r"Run (\d+) completed", first.stdout).group(1))  # type: ignore[union-attr]
    assert fresh.netjobs("worker", "--burst", timeout=60).returncode == 0
    verify = fresh.result(next_id)
    assert verify["status"] == "completed"
    assert verify["input"] == {"device": "sw01"}
    assert verify["result"] == {"verified": "sw01", "after_run": first_id}


def test_progress_and_items(inst: Instance) -> None:
    code, result, _ = inst.run_json(C + "PollAll")
    assert code == 0 and result is not None and result["result"] == "polled"
    stored = inst.shell(
        "from netjobs.jobs.models import JobResult as R; "
        f"r = R.objects.get(pk={result['id']}); "
        "print(r.progress_done, r.progress_total, r.finished_items, r.item_results['sw03'])"
    )
    assert stored == ("5 5 ['sw01', 'sw02', 'sw03', 'sw04', 'sw05'] {'failed': True, 'result': {'uptime_days': 3}}")


# --- workers: hot reload, waiting, signals ---------------------------------------------------------------------
def test_hot_reload_on_a_running_worker(fresh: Instance) -> None:
    worker = fresh.popen("worker", "-c", "1")
    try:
        first = fresh.netjobs("runjob", "local/hello/Hello", "--var", "times=1", "--timeout", "60")
        assert first.returncode == 0, first.stderr
        assert "hello world #0" in first.stdout
        job_file = fresh.home / "jobs" / "hello.py"
        job_file.write_text(job_file.read_text().replace('f"hello {', 'f"hi there {'))
        second = fresh.netjobs("runjob", "local/hello/Hello", "--var", "times=1", "--timeout", "60")
        assert second.returncode == 0, second.stderr
        assert "hi there world #0" in second.stdout
        assert not any(r["worker"].startswith("local:") for r in fresh.results("--job", "local/hello/Hello"))
    finally:
        code, output = stop(worker, signal.SIGTERM)
    assert code == 0, output


def test_waiting_for_a_worker_hint_and_timeout(fresh: Instance) -> None:
    waited = fresh.netjobs("runjob", "local/hello/Hello", "--timeout", "6.5")
    assert waited.returncode == 4
    assert "Waiting for a worker… (start one with `netjobs worker`, or use --local)" in waited.stderr
    assert re.search(r"Gave up waiting for run \d+ after 6.5s", waited.stderr)
    assert [r["status"] for r in fresh.results("--status", "pending")] == ["pending"]
    queued = fresh.netjobs("runjob", "local/hello/Hello", "--no-wait")
    assert queued.returncode == 0 and re.match(r"Queued run \d+", queued.stdout)


def test_sigterm_lets_the_running_job_finish(fresh: Instance) -> None:
    worker = fresh.popen("worker", "-c", "1")
    queued = fresh.netjobs("runjob", C + "PushConfig", "--var", "seconds=3", "--no-wait", "--json", check=True)
    run_id = json.loads(queued.stdout)["id"]
    fresh.wait_for(lambda: fresh.result(run_id)["status"] == "running", what="the run to start")
    code, output = stop(worker, signal.SIGTERM)
    assert code == 0, output
    run = fresh.result(run_id)
    assert run["status"] == "completed" and run["result"] == "pushed"


def test_second_sigterm_stops_at_once(fresh: Instance) -> None:
    worker = fresh.popen("worker", "-c", "1")
    queued = fresh.netjobs("runjob", C + "PushConfig", "--var", "seconds=60", "--no-wait", "--json", check=True)
    run_id = json.loads(queued.stdout)["id"]
    fresh.wait_for(lambda: fresh.result(run_id)["status"] == "running", what="the run to start")
    started = time.monotonic()
    code, output = stop(worker, signal.SIGTERM, signal.SIGTERM)
    assert time.monotonic() - started < 20
    assert code == 0, output
    run = fresh.result(run_id)
    assert run["status"] == "errored"
    assert re.match(r"worker lost: process \S+ died \(signal 9\)", run["error"])
    assert json.loads(fresh.netjobs("locks", "list", "--json", check=True).stdout) == []


def test_up_starts_everything_and_sigterm_lets_jobs_finish(fresh: Instance) -> None:
    log = fresh.home / "up.log"
    with log.open("w") as out:
        up = subprocess.Popen(
            [NETJOBS, "up", "--no-web", "-c", "1"], env=fresh.env, cwd=fresh.home, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        fresh.wait_for(lambda: "Press Ctrl-C to stop." in log.read_text(), timeout=60, what="netjobs up")
        output = log.read_text()
        assert f"netjobs home: {fresh.home}" in output
        password = (fresh.home / "admin-password").read_text().strip()
        assert f"Log in as admin / {password}" in output
        queued = fresh.netjobs("runjob", C + "PushConfig", "--var", "seconds=3", "--no-wait", "--json", check=True)
        run_id = json.loads(queued.stdout)["id"]
        fresh.wait_for(lambda: fresh.result(run_id)["status"] == "running", what="the run to start")
        up.send_signal(signal.SIGTERM)
        assert up.wait(timeout=40) == 0
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
    assert "netjobs stopped" in log.read_text()
    assert fresh.result(run_id)["status"] == "completed"


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 command")
def test_documented_backup_restores(fresh: Instance, tmp_path: Path) -> None:
    code, result, _ = fresh.run_json("local/tags/CreateTag", "--var", "tag_name=Backed up")
    assert code == 0 and result is not None
    guide = (DOCS / "operators.md").read_text()
    script = guide.split("## Backups", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    backup = tmp_path / "backup"
    backup.mkdir()
    subprocess.run(["bash", "-ec", script.replace("/backup", str(backup))], env=fresh.env, check=True)

    restored = Instance.__new__(Instance)
    restored.home, restored.env = backup, {**fresh.env, "NETJOBS_HOME": str(backup)}
    assert [r["id"] for r in restored.results()] == [result["id"]]
    shutil.copytree(fresh.home / "jobs", backup / "jobs", dirs_exist_ok=True)  # the jobs root is backed up apart
    history = restored.runjob("local/tags/TagHistory", "--var", "tag=backed-up")
    assert history.returncode == 0, history.stderr
    assert f"create by run {result['id']}" in history.stdout


# --- testing your jobs -----------------------------------------------------------------------------------------
def test_the_example_test_module_passes(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NETJOBS_", "DJANGO_"))}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(EXAMPLES / "tests" / "test_hello.py"), "-c", str(tmp_path / "pytest.ini"),
         "--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-p", "no:django", "-q"],
        env={**env, "PATH": f"{Path(NETJOBS).parent}{os.pathsep}{env.get('PATH', '')}"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed" in proc.stdout
