"""A visual report of a cleaning: one self-contained HTML page.

>>> from cleantext import clean
>>> from cleantext.report import render_report
>>> page = "The liveblog has ended. Rain fell on Rabat all day."
>>> html = render_report(page, clean(page), title="Rabat")
>>> '<del class="r r0"' in html
True

``cleantext report page.html -o report.html`` does the same from the shell.
"""

from __future__ import annotations

from .layout import Layout, layout_html, layout_text
from .render import RuleStats, csp_hash, render_report, rule_stats

__all__ = [
    "Layout",
    "RuleStats",
    "csp_hash",
    "layout_html",
    "layout_text",
    "render_report",
    "rule_stats",
]
