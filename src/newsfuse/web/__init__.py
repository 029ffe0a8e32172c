"""``newsfuse serve``: the store in a browser (HTML pages) and as JSON (``/api``).

:func:`~newsfuse.web.app.create_app` builds the application.
"""

from __future__ import annotations

from newsfuse.web.app import create_app

__all__ = ["create_app"]
