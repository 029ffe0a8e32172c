"""Generated requests against the whole web app: no request, however odd, is a server error.

The JSON API is tested from its own OpenAPI schema with schemathesis, so every
documented parameter is tried in and out of bounds and every response is
checked against the schema it documents. The HTML pages are not in the schema;
hypothesis drives them with ids and query strings of its own.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.web.app import create_app

from .small_store import ARTICLES, ENTITY, STORY, XSS, XSS_STORY, build

# Examples per operation: enough for each parameter's bounds and types, few enough for
# every run; derandomized so that a failure reproduces.
_EXAMPLES = 40


# schemathesis builds its tests from the schema when the module is collected (its lazy
# `from_fixture` loader does not work with pytest 9), so the app exists from the start. The
# app opens its store on the first request, by when the fixture below has written it.
_DB = Path(tempfile.mkdtemp(prefix="newsfuse-schema-")) / "newsfuse.db"
APP = create_app(str(_DB))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _small_store() -> Iterator[None]:
    build(_DB)
    yield
    shutil.rmtree(_DB.parent)


@schema.parametrize()
@settings(
    max_examples=_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_every_generated_request_as_documented(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


# -- the HTML pages --

_KNOWN_IDS = [
    *(a.id for a in ARTICLES),
    XSS.id,
    STORY.id,
    XSS_STORY.id,
    ENTITY.id,
    XSS.id[:6],  # a unique prefix
    "a000",  # an ambiguous one
]
_ids = st.sampled_from(_KNOWN_IDS) | st.text(min_size=1, max_size=40)
_values = st.none() | st.text(max_size=30) | st.integers().map(str)


def _page_urls() -> st.SearchStrategy[str]:
    def path(template: str) -> st.SearchStrategy[str]:
        return _ids.map(lambda id_: template.format(quote(id_, safe="")))

    def with_query(paths: st.SearchStrategy[str], *names: str) -> st.SearchStrategy[str]:
        query = st.fixed_dictionaries({name: _values for name in names})
        return st.builds(
            lambda p, q: f"{p}?{urlencode({k: v for k, v in q.items() if v is not None})}",
            paths,
            query,
        )

    return st.one_of(
        st.just("/"),
        path("/stories/{}"),
        path("/stories/{}/figures"),
        path("/entities/{}"),
        with_query(path("/articles/{}"), "start", "end"),
        with_query(st.just("/search"), "q"),
    )


@pytest.fixture(scope="module")
def pages() -> Iterator[TestClient]:
    with TestClient(APP) as client:
        yield client


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    # The one function-scoped fixture is the tests' clean environment, the same for every example.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(url=_page_urls())
def test_pages_answer_generated_ids_and_queries_without_a_server_error(
    pages: TestClient, url: str
) -> None:
    response = pages.get(url)
    assert response.status_code < 500, (url, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith(("text/html", "application/json"))
