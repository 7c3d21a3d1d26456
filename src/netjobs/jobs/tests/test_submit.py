"""submit(): how input from an HTML form post differs from API/CLI input."""

from __future__ import annotations

from django.http import QueryDict

from netjobs.jobs.submit import prepare_input, resolve_job
from netjobs.jobs.tests.support import both_databases

pytestmark = both_databases


def test_a_missing_boolean_takes_its_default_from_the_api_but_means_unticked_in_a_form_post(jobs_root):
    _, job_class = resolve_job("local/inputs/EveryVariable")
    api = prepare_input(job_class, {"hostname": "sw-1"})
    form_post = prepare_input(job_class, QueryDict("hostname=sw-1&count=2&direction=n"), fill_defaults=False)
    assert api.public["enabled"] is True
    assert form_post.public["enabled"] is False


def test_a_form_post_keeps_every_value_of_a_multiple_choice(jobs_root):
    _, job_class = resolve_job("local/inputs/EveryVariable")
    post = QueryDict("hostname=sw-1&count=2&direction=n&directions=n&directions=s")
    assert prepare_input(job_class, post, fill_defaults=False).public["directions"] == ["n", "s"]
