"""The run log on the result page: groups, badges, markdown, objects, filters, pages and the live stream."""

from __future__ import annotations

import re
import time

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.test import Client
from django.utils import timezone

from netjobs.core.models import Tag
from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs.models import JobLogEntry, JobResult
from netjobs.web.tests.conftest import add_log, both_databases, htmx_get, make_result
from netjobs.web.views.logs import PAGE_SIZE, STREAM_BATCH, TAIL_SIZE

pytestmark = both_databases


def insert_lines(result: JobResult, count: int) -> None:
    """`count` info lines in one statement (bulk_create of 100,000 objects would dominate the test)."""
    table = JobLogEntry._meta.db_table
    with connections[BOOKKEEPING_ALIAS].cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
            f"INSERT INTO {table} (job_result_id, created, log_level, grouping, message, log_object, object_id, "
            f"absolute_url) SELECT %s, %s, 'info', 'run', 'line ' || i, '', '', '' FROM n",
            [count, result.pk, timezone.now()],
        )


def rows(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="log-row level-\w+" role="row" id="log-(\d+)"', html)]


def test_lines_are_grouped_by_method_with_level_badges(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"))
    add_log(
        result,
        ("run", "info", "in run"),
        ("run", "failure", "a failure"),
        ("test_alpha", "warning", "in test_alpha"),
        ("post_run", "success", "in post_run"),
    )
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    groups = re.findall(r'<div class="log-group" role="row"><span role="rowheader">([\w]+)</span>', html)
    assert groups == ["run", "test_alpha", "post_run"]
    assert '<span class="badge level-badge text-bg-danger">Failure</span>' in html
    assert '<span class="badge level-badge text-bg-warning">Warning</span>' in html
    # The summary table counts lines per method and level.
    assert re.search(
        r"test_alpha</th>(<td[^>]*>.*?</td>){3}<td[^>]*><span class=\"badge text-bg-warning\">1</span>", html
    )


def test_messages_are_rendered_markdown_without_any_script(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/HostileLog"))
    add_log(
        result,
        ("run", "info", "**bold** and `code`"),
        ("run", "info", "<script>alert(1)</script>after"),
        ("run", "info", '<img src=x onerror="alert(2)">'),
        ("run", "info", "[link](javascript:alert(3))"),
    )
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert "<strong>bold</strong> and <code>code</code>" in html
    log = html[html.index('id="log-rows"') :]
    assert "<script>alert" not in log and "onerror" not in log and "javascript:" not in log


def test_lines_about_objects_link_to_their_inventory_page(admin_client: Client, definition) -> None:
    tag = Tag.objects.create(name="Critical")
    result = make_result(definition("local/ui_demo/StreamLog"))
    JobLogEntry.objects.create(
        job_result=result,
        message="checked",
        log_object="Critical",
        object_type_id=ContentType.objects.get_for_model(Tag).pk,
        object_id=str(tag.pk),
        absolute_url=f"/admin/core/tag/{tag.pk}/change/",
    )
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert f'<a href="/inventory/core/tag/{tag.pk}/">Critical</a>' in html


def test_filtering_by_level_and_text_returns_the_table_for_htmx(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"))
    lines = add_log(
        result,
        ("run", "info", "interface up"),
        ("run", "warning", "interface flapping"),
        ("run", "warning", "fan speed high"),
    )
    url = f"/results/{result.pk}/log/"
    html = htmx_get(admin_client, url, target="log-body", level="warning").content.decode()
    assert "<html" not in html
    assert rows(html) == [lines[1].pk, lines[2].pk]
    assert rows(htmx_get(admin_client, url, level="warning", q="FAN").content.decode()) == [lines[2].pk]
    assert "No line matches the filter." in htmx_get(admin_client, url, q="nothing like this").content.decode()
    # Without htmx the same address is the result page, filtered.
    assert "<html" in admin_client.get(url, {"level": "warning"}).content.decode()


def test_a_finished_log_is_shown_a_page_at_a_time(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"))
    lines = add_log(result, *[("run", "info", f"line {i}") for i in range(PAGE_SIZE * 2 + 50)])
    first = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert rows(first) == [line.pk for line in lines[:PAGE_SIZE]]
    assert f"Lines 1\N{EN DASH}{PAGE_SIZE} of {len(lines)}" in first
    assert 'id="log-poller"' not in first
    last = htmx_get(admin_client, f"/results/{result.pk}/log/", target="log-body", page="3").content.decode()
    assert rows(last) == [line.pk for line in lines[PAGE_SIZE * 2 :]]
    assert 'id="log-end"' in last


def test_an_active_run_shows_its_latest_lines_and_polls_for_more(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), status="running")
    lines = add_log(result, *[("run", "info", f"line {i}") for i in range(TAIL_SIZE + 20)])
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert rows(html) == [line.pk for line in lines[-TAIL_SIZE:]]
    assert "Browse the whole log page by page" in html
    poller = re.search(r'<div id="log-poller" hx-get="([^"]+)" hx-trigger="every 700ms" hx-swap="outerHTML"', html)
    assert poller is not None
    assert f"after={lines[-1].pk}" in poller.group(1)
    assert 'class="log-live' in html


def test_the_stream_sends_only_new_lines_then_stops_when_the_run_ends(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), status="running")
    seen = add_log(result, ("run", "info", "first"))
    url = f"/results/{result.pk}/log/stream/"
    nothing_new = htmx_get(admin_client, url, after=seen[0].pk, group="run")
    assert rows(nothing_new.content.decode()) == []
    assert f"after={seen[0].pk}" in nothing_new.content.decode()

    new = add_log(result, ("run", "info", "second"), ("test_x", "warning", "third"))
    html = htmx_get(admin_client, url, after=seen[0].pk, group="run").content.decode()
    assert rows(html) == [new[0].pk, new[1].pk]
    assert re.findall(r'role="rowheader">(\w+)<', html) == ["test_x"]  # "run" continues: no new header
    assert f"after={new[1].pk}" in html
    assert 'id="run-status" hx-swap-oob="true"' in html
    assert "HX-Trigger" not in htmx_get(admin_client, url, after=new[1].pk).headers

    result.status = "completed"
    result.save()
    last = add_log(result, ("post_run", "info", "last"))
    final = htmx_get(admin_client, url, after=new[1].pk, group="test_x")
    assert rows(final.content.decode()) == [last[0].pk]
    assert 'id="log-poller"' not in final.content.decode()
    assert 'id="log-end"' in final.content.decode()
    assert final.headers["HX-Trigger"] == "netjobs:run-finished"


def test_a_job_logging_faster_than_the_page_skips_ahead(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), status="running")
    lines = add_log(result, *[("run", "info", f"line {i}") for i in range(STREAM_BATCH + 30)])
    html = htmx_get(admin_client, f"/results/{result.pk}/log/stream/", after=0).content.decode()
    assert rows(html) == [line.pk for line in lines[-STREAM_BATCH:]]
    assert "Lines were skipped to keep up" in html


def test_the_summary_partial_refreshes_when_the_run_finishes(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), result="a,b\n1,2")
    html = htmx_get(admin_client, f"/results/{result.pk}/summary/").content.decode()
    assert html.lstrip().startswith("<div") and "<html" not in html
    assert 'hx-trigger="netjobs:run-finished from:body"' in html
    assert "<td>1</td>" in html


def test_a_hundred_thousand_lines_never_reach_the_page_at_once(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), log_counts={"info": 100_000})
    insert_lines(result, 100_000)
    started = time.monotonic()
    first = admin_client.get(f"/results/{result.pk}/")
    last = htmx_get(admin_client, f"/results/{result.pk}/log/", target="log-body", page="500")
    elapsed = time.monotonic() - started
    assert len(rows(first.content.decode())) == PAGE_SIZE
    assert len(rows(last.content.decode())) == PAGE_SIZE
    assert "Page 500 of 500" in last.content.decode()
    assert len(first.content) < 400_000
    assert elapsed < 5, f"two pages of a 100,000-line log took {elapsed:.1f} s"
