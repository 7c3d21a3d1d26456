"""GitRepository validation: URLs without passwords, refs, secret references, a slug fixed once created."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netjobs.gitsources.models import GitRepository, redact_url
from netjobs.jobs.tests.support import both_databases


def errors_of(**fields: object) -> dict[str, list[str]]:
    repo = GitRepository(**{"name": "Net Ops", "remote_url": "https://git.example.com/netops.git", **fields})
    try:
        repo.full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


@both_databases
@pytest.mark.parametrize(
    "url",
    [
        "file:///srv/git/jobs.git",
        "https://git.example.com/org/jobs.git",
        "http://127.0.0.1:8080/jobs.git",
        "ssh://git@git.example.com/org/jobs.git",
        "git://127.0.0.1:9418/jobs.git",
        "git@github.com:org/jobs.git",
        "https://deploy@git.example.com/org/jobs.git",
    ],
)
def test_these_remote_urls_are_accepted(url: str) -> None:
    assert errors_of(remote_url=url) == {}


@both_databases
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://user:hunter2@git.example.com/jobs.git", "Do not put a password in the URL"),
        ("ext::sh -c touch% /tmp/pwned", "Use file://"),
        ("ftp://example.com/jobs.git", "Unsupported scheme"),
        ("/srv/git/jobs.git", "Use file://"),
        ("-uhttps://example.com", "cannot start with '-'"),
        ("https:///jobs.git", "no host"),
    ],
)
def test_these_remote_urls_are_refused(url: str, message: str) -> None:
    errors = errors_of(remote_url=url)

    assert message in " ".join(errors["remote_url"])
    assert "hunter2" not in str(errors)


@both_databases
@pytest.mark.parametrize("ref", ["main", "release/2024.1", "v1.0", "feature/x-y_z"])
def test_branches_and_tags_are_accepted(ref: str) -> None:
    assert errors_of(branch=ref) == {}


@both_databases
@pytest.mark.parametrize("ref", ["-x", "a..b", "a b", "main.lock", "dir/", "a//b", "--upload-pack=evil"])
def test_malformed_refs_are_refused(ref: str) -> None:
    assert "branch" in errors_of(branch=ref)


@both_databases
@pytest.mark.parametrize("ref", ["hunter2", "env:", "env:1ABC", "file:../etc/passwd", "vault:x"])
def test_a_secret_reference_must_be_a_reference(ref: str) -> None:
    assert "secret_ref" in errors_of(secret_ref=ref)


@both_databases
def test_an_ssh_remote_takes_its_key_from_a_file() -> None:
    assert "secret_ref" in errors_of(remote_url="git@github.com:org/jobs.git", secret_ref="env:KEY")
    assert errors_of(remote_url="git@github.com:org/jobs.git", secret_ref="file:deploy-key") == {}


@both_databases
def test_provides_is_a_list_of_known_contents() -> None:
    assert errors_of(provides=["jobs", "data"]) == {}
    assert "provides" in errors_of(provides=[])
    assert "provides" in errors_of(provides=["binaries"])
    assert "provides" in errors_of(provides="jobs")


@both_databases
def test_the_slug_comes_from_the_name_and_names_the_source_and_package() -> None:
    repo = GitRepository(name="Core Network_Jobs", remote_url="file:///srv/jobs.git")
    repo.validated_save()

    assert repo.slug == "core-network-jobs"
    assert repo.source == "git.core-network-jobs"
    assert repo.package_name == "netjobs_git_core_network_jobs"


@both_databases
def test_the_slug_cannot_change_once_created() -> None:
    repo = GitRepository(name="Net Ops", remote_url="file:///srv/jobs.git")
    repo.validated_save()
    repo.slug = "other"

    with pytest.raises(ValidationError) as error:
        repo.full_clean()

    assert "slug" in error.value.message_dict


def test_passwords_are_redacted_from_urls_in_text() -> None:
    text = "fatal: unable to access 'https://bob:hunter2@git.example.com/x.git/': 403"

    assert redact_url(text) == "fatal: unable to access 'https://bob:********@git.example.com/x.git/': 403"
