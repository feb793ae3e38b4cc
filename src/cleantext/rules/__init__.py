"""The built-in rules, one module per rule family.

Importing this package registers them; :mod:`cleantext.pipeline` says in which
order they run.
"""

from . import (
    ad_label,
    comments,
    cookie_notice,
    copyright_line,
    edges,
    forms,
    liveblog,
    newsletter,
    paywall_prompt,
    read_also,
    share_prompt,
    social,
)

__all__ = [
    "ad_label",
    "comments",
    "cookie_notice",
    "copyright_line",
    "edges",
    "forms",
    "liveblog",
    "newsletter",
    "paywall_prompt",
    "read_also",
    "share_prompt",
    "social",
]
