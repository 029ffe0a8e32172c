"""Renderers of a story's dossier: Markdown for reading anywhere, one self-contained HTML file.

Both read model records only (:class:`~newsfuse.model.Dossier`) and return a string.
"""

from __future__ import annotations

from newsfuse.report.html import render_html
from newsfuse.report.markdown import render_markdown

__all__ = ["render_html", "render_markdown"]
