"""A visual report of a cleaning: one self-contained HTML page.

>>> from cleantext import Cleaner
>>> from cleantext.report import render_trace
>>> page = "<p>The liveblog has ended.</p><p>Rain fell on Rabat all day.</p>"
>>> html = render_trace(Cleaner().trace(page), title="Rabat")
>>> '<del class="r r0"' in html
True

``cleantext report page.html -o report.html`` does the same from the shell.
"""

from __future__ import annotations

from .layout import Layout, layout_html, layout_text
from .render import RuleStats, csp_hash, render_report, render_trace, rule_stats

__all__ = [
    "Layout",
    "RuleStats",
    "csp_hash",
    "layout_html",
    "layout_text",
    "render_report",
    "render_trace",
    "rule_stats",
]
