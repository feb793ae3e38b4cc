"""The built-in rules, one module per rule family.

Importing this package registers them; :mod:`cleantext.pipeline` says in which
order they run.
"""

from . import (
    ad_label,
    comments,
    cookie_notice,
    copyright_line,
    credit_line,
    edges,
    forms,
    html_boilerplate,
    html_head,
    html_hidden,
    html_links,
    html_sections,
    html_tags,
    interface_label,
    liveblog,
    main_content,
    main_text,
    markup_text,
    newsletter,
    paywall_prompt,
    read_also,
    share_prompt,
    site_profile,
    social,
)

__all__ = [
    "ad_label",
    "comments",
    "cookie_notice",
    "copyright_line",
    "credit_line",
    "edges",
    "forms",
    "html_boilerplate",
    "html_head",
    "html_hidden",
    "html_links",
    "html_sections",
    "html_tags",
    "interface_label",
    "liveblog",
    "main_content",
    "main_text",
    "markup_text",
    "newsletter",
    "paywall_prompt",
    "read_also",
    "share_prompt",
    "site_profile",
    "social",
]
