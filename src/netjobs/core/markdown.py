"""Markdown for log messages and descriptions, rendered to sanitised HTML."""

from __future__ import annotations

import markdown as _markdown
import nh3

__all__ = ["render_markdown"]

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


def render_markdown(text: str) -> str:
    """Render `text` as Markdown and strip everything that could run script or load content.

    Raw HTML in the source is escaped by nh3's allow-list: `<script>`, event handlers, `javascript:` URLs and
    inline styles never reach the page.
    """
    html = _markdown.markdown(
        text or "",
        extensions=["tables", "fenced_code", "sane_lists"],
        # `align=` rather than the default `style="text-align: …"`, which the sanitiser strips.
        extension_configs={"tables": {"use_align_attribute": True}},
    )
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
