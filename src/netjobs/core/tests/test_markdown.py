"""Markdown in log messages and descriptions renders as HTML, with everything that could run script removed."""

from __future__ import annotations

import pytest

from netjobs.core.markdown import render_markdown


def test_emphasis_renders_as_html():
    assert render_markdown("*planned* and **active**") == "<p><em>planned</em> and <strong>active</strong></p>"


def test_a_link_renders_with_a_safe_rel():
    html = render_markdown("[the device](https://netjobs.example/dcim/devices/1/)")

    assert html == (
        '<p><a href="https://netjobs.example/dcim/devices/1/" rel="noopener noreferrer nofollow">the device</a></p>'
    )


def test_inline_code_and_fenced_code_render_and_escape_their_content():
    assert render_markdown("run `show ip route`") == "<p>run <code>show ip route</code></p>"
    html = render_markdown("```\nTraceback <most recent call last>\n  x = 1 & 2\n```")
    assert html.startswith("<pre><code>Traceback &lt;most recent call last&gt;")
    assert "x = 1 &amp; 2" in html


def test_a_table_renders_as_an_html_table():
    html = render_markdown("| Device | Ports |\n| --- | ---: |\n| sw1 | 48 |\n")

    assert "<table>" in html
    assert "<th>Device</th>" in html
    assert '<td align="right">48</td>' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("hello <script>alert('x')</script> world", "<script"),
        ("<script src='https://evil.example/x.js'></script>", "evil.example"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="#" onclick="steal()">click</a>', "onclick"),
        ("[click me](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">click</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">click</a>', "alert(1)"),
        ('<p style="background:url(https://evil.example/)">styled</p>', "style="),
        ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
    ],
)
def test_anything_that_could_run_script_or_load_content_is_removed(source, forbidden):
    html = render_markdown(source)

    assert forbidden.lower() not in html.lower()


def test_the_text_around_removed_markup_is_kept():
    html = render_markdown("before <script>alert(1)</script> after [link](javascript:alert(1))")

    assert "before" in html
    assert "after" in html
    assert ">link</a>" in html


def test_empty_text_renders_as_empty_html():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""  # type: ignore[arg-type]
