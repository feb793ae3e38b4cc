"""The built-in rules, one module per rule family.

Importing this package registers them; :mod:`cleantext.pipeline` says in which
order they run.
"""

from . import (
    comments,
    edges,
    forms,
    html_boilerplate,
    html_head,
    html_hidden,
    html_links,
    html_tags,
    liveblog,
    main_content,
    newsletter,
    site_profile,
    social,
)

__all__ = [
    "comments",
    "edges",
    "forms",
    "html_boilerplate",
    "html_head",
    "html_hidden",
    "html_links",
    "html_tags",
    "liveblog",
    "main_content",
    "newsletter",
    "site_profile",
    "social",
]
