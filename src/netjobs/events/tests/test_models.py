"""Matching rules, the secret store, payload texts and the admin's list field, without a database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netjobs.events import secret_store
from netjobs.events.choices import level_rank
from netjobs.events.forms import LinesField
from netjobs.events.models import Webhook, job_filter_matches
from netjobs.events.payloads import encode
from netjobs.events.sending import sign


@pytest.mark.parametrize(
    ("patterns", "matches"),
    [
        ([], True),
        (["local/contracts/RenewalCheckJob"], True),
        (["local/contracts/*"], True),
        (["local/contracts/renewalcheckjob"], False),  # class paths are case-sensitive
        (["local/other/*"], False),
        ([7], True),
        (["7"], True),
        ([8], False),
    ],
)
def test_job_filter_matches_class_paths_patterns_and_definition_ids(patterns, matches):
    assert job_filter_matches(patterns, "local/contracts/RenewalCheckJob", 7) is matches


def test_levels_are_ordered_like_logging():
    assert [level_rank(x) for x in ("debug", "info", "success", "warning", "failure")] == [0, 1, 2, 3, 4]


def test_a_webhook_wants_only_its_events_levels_and_jobs():
    hook = Webhook(name="x", events=["log_entry"], min_log_level="warning", jobs=["local/a/*"], enabled=True)

    assert hook.wants("log_entry", "local/a/B", None, "warning")
    assert hook.wants("log_entry", "local/a/B", None, "failure")
    assert not hook.wants("log_entry", "local/a/B", None, "info")
    assert not hook.wants("log_entry", "local/b/B", None, "failure")
    assert not hook.wants("run_finished", "local/a/B", None)
    hook.enabled = False
    assert not hook.wants("log_entry", "local/a/B", None, "failure")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.slack.com/services/T0/B0/secret", "https://hooks.slack.com/…"),
        ("https://example.com/?token=abc", "https://example.com/…"),
        ("https://example.com", "https://example.com"),
        ("http://10.0.0.5:8080/", "http://10.0.0.5:8080/"),
    ],
)
def test_lists_show_a_url_without_its_path_or_query(url, shown):
    assert Webhook(url=url).url_display() == shown


def test_a_secret_is_encrypted_and_only_a_hint_is_shown():
    hook = Webhook(name="x")
    hook.set_secret("topsecret")

    assert b"topsecret" not in bytes(hook.secret_encrypted)
    assert hook.signing_key() == b"topsecret"
    assert hook.secret_hint() == "set (hidden)"
    hook.set_secret("env:HOOK_SECRET")
    assert hook.secret_hint() == "env:HOOK_SECRET"
    hook.set_secret(None)
    assert (hook.signing_key(), hook.secret_hint()) == (None, "")


def test_an_env_reference_to_a_missing_variable_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    with pytest.raises(secret_store.SecretUnavailable, match="NOT_SET_ANYWHERE"):
        secret_store.resolve("env:NOT_SET_ANYWHERE")


def test_the_signature_is_the_hmac_of_the_exact_bytes_sent():
    body = encode({"b": 1, "a": "é"})

    assert body == '{"a":"é","b":1}'.encode()
    assert sign(body, b"k") == "sha256=" + __import__("hmac").new(b"k", body, "sha256").hexdigest()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"events": []}, "at least one event"),
        ({"events": ["run_finished", "deleted"]}, "Unknown events: deleted"),
        ({"http_headers": {"Content-Type": "text/plain"}}, "set by netjobs"),
        ({"http_headers": {"X-A": "one\ntwo"}}, "one-line string"),
        ({"http_headers": ["X-A"]}, "JSON object"),
        ({"url": "ftp://example.com/x"}, "valid URL"),
        ({"jobs": "local/x/*"}, "list of job class paths"),
        ({"body_template": '{"text": {{ text|nosuchfilter }}}'}, "does not compile"),
    ],
)
def test_webhook_validation(fields, message):
    hook = Webhook(name="x", url="https://example.com/hook", events=["run_finished"])
    for name, value in fields.items():
        setattr(hook, name, value)

    with pytest.raises(ValidationError, match=message):
        hook.full_clean(validate_unique=False)


def test_the_lines_field_splits_lines_and_commas_and_turns_ids_into_ints():
    field = LinesField(ints=True)

    assert field.clean("local/a/*\n 12 , local/b/C\n\n") == ["local/a/*", 12, "local/b/C"]
    assert field.prepare_value(["local/a/*", 12]) == "local/a/*\n12"
