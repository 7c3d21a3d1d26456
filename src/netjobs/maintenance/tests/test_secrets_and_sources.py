"""Secret references and source validation: a password is never stored, only where to find it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from netjobs.maintenance.models import NotificationSource, ProviderMaintenanceProfile
from netjobs.maintenance.secrets import SecretError, resolve_secret, validate_secret_ref
from netjobs.maintenance.sources.imap import _fetched, quote_mailbox
from netjobs.maintenance.sources.local import maildir_order


def test_a_secret_comes_from_an_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOC_IMAP_PASSWORD", "s3cret")
    assert resolve_secret("env:NOC_IMAP_PASSWORD") == "s3cret"
    monkeypatch.delenv("NOC_IMAP_PASSWORD")
    with pytest.raises(SecretError, match="NOC_IMAP_PASSWORD is not set"):
        resolve_secret("env:NOC_IMAP_PASSWORD")


def test_a_secret_comes_from_the_first_line_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "imap-password"
    path.write_text("s3cret\n")
    assert resolve_secret(f"file:{path}") == "s3cret"
    with pytest.raises(SecretError, match="cannot read secret file"):
        resolve_secret(f"file:{tmp_path / 'missing'}")


def test_a_secret_comes_from_a_setting(settings: Any) -> None:
    settings.NOC_IMAP_PASSWORD = "s3cret"
    assert resolve_secret("setting:NOC_IMAP_PASSWORD") == "s3cret"


@pytest.mark.parametrize("ref", ["s3cret", "env:", "env:NOT A NAME", "file:relative/path", "vault:x"])
def test_anything_else_is_not_a_secret_reference(ref: str) -> None:
    with pytest.raises(ValidationError):
        validate_secret_ref(ref)


@pytest.mark.django_db
def test_an_imap_source_needs_a_host_an_account_and_a_password_reference() -> None:
    source = NotificationSource(name="NOC", source_type="imap", secret_ref="hunter2")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert set(error.value.message_dict) == {"host", "account", "secret_ref"}


@pytest.mark.django_db
def test_a_local_source_needs_an_absolute_path() -> None:
    with pytest.raises(ValidationError, match="absolute path"):
        NotificationSource(name="NOC", source_type="maildir", path="mail/noc").full_clean()


@pytest.mark.django_db
def test_imap_ports_default_by_security() -> None:
    assert NotificationSource(security="ssl").effective_port() == 993
    assert NotificationSource(security="starttls").effective_port() == 143
    assert NotificationSource(security="ssl", port=1993).effective_port() == 1993


def test_profile_addresses_match_exactly_or_by_domain() -> None:
    profile = ProviderMaintenanceProfile(sender_addresses="NOC@Zayo.com\n@zayo-mail.example, other@x.example")
    assert profile.addresses() == ["noc@zayo.com", "@zayo-mail.example", "other@x.example"]
    assert profile.matches("noc@zayo.com") and profile.matches("anyone@zayo-mail.example")
    assert not profile.matches("noc@zayo.com.evil.example")


def test_folder_names_are_quoted_for_imap() -> None:
    assert quote_mailbox('Provider "Notices"') == '"Provider \\"Notices\\""'


def test_uids_are_read_before_or_after_the_message_in_a_fetch_response() -> None:
    data = [(b"1 (UID 7 BODY[] {3}", b"one"), b")", (b"2 (BODY[] {3}", b"two"), b" UID 9)"]
    assert _fetched(data) == {7: b"one", 9: b"two"}


def test_maildir_keys_sort_by_delivery_time() -> None:
    keys = ["1900000010.M1P1.host", "1900000009.M9P1.host", "odd-key"]
    assert sorted(keys, key=maildir_order) == ["odd-key", "1900000009.M9P1.host", "1900000010.M1P1.host"]
