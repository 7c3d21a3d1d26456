"""docs/webhooks.md stays true: its templates render valid JSON, its worked example runs and reaches a webhook."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import pytest

from netjobs.events.delivery import deliver_due
from netjobs.events.templating import render_body
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.jobs.tests.support import runs_jobs

DOC = Path(__file__).resolve().parents[4] / "docs" / "webhooks.md"
pytestmark = pytest.mark.skipif(not DOC.exists(), reason="docs/ is not installed with the package")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def test_every_body_template_in_the_docs_renders_valid_json_with_and_without_an_object():
    run = {"id": 812, "name": "Check upcoming renewals", "class_path": "local/contracts/RenewalCheckJob", "url": "u"}
    with_object = {
        "level": "warning",
        "id": 7,
        "message": 'Contract "CT-1" ends',
        "object": {"id": "1", "display": "CT-1"},
    }
    payloads = [
        {"event": "log_entry", "text": 'a "quoted" line', "run": run, "log": with_object},
        {"event": "log_entry", "text": "t", "run": run, "log": {**with_object, "level": "failure", "object": None}},
    ]
    templates = _blocks("django")
    assert len(templates) == 2
    for template in templates:
        for payload in payloads:
            render_body(template, payload)


def test_the_signature_snippet_verifies_a_netjobs_signature():
    namespace: dict[str, object] = {}
    exec(_blocks("python")[0], namespace)  # the `verify()` function of the docs
    verify = namespace["verify"]
    body = b'{"event":"ping"}'
    signature = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()

    assert verify("s3cret", body, signature)
    assert not verify("other", body, signature)
    assert not verify("s3cret", body + b" ", signature)
    assert not verify("s3cret", body, None)


@runs_jobs
def test_the_worked_example_routes_the_contract_jobs_warnings_to_the_chat_webhook(
    tmp_path, settings, make_webhook, endpoint
):
    from netjobs.jobs.tests.support import forget_local_modules

    (job_module,) = [block for block in _blocks("python") if "class RenewalCheckJob" in block]
    root = tmp_path / "jobs"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "contracts.py").write_text(job_module)
    settings.NETJOBS_JOBS_ROOT = root
    forget_local_modules()
    make_webhook("contracts-chat", events=["log_entry"], min_log_level="warning", jobs=["local/contracts/*"])

    try:
        result = submit("local/contracts/RenewalCheckJob", {"window_days": 30})
        execute(result.pk)
    finally:
        forget_local_modules()
    deliver_due()

    (request,) = endpoint.received()
    assert request.json["text"].startswith("WARNING Check upcoming renewals (run")
    assert request.json["text"].endswith("Contract CT-2041 (Acme Fiber) expires in 9 days")
