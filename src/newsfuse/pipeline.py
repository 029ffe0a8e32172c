"""Stages, their registry, and the order they run in.

A stage is a small object whose ``__init__`` only stores keyword settings and
whose ``__call__`` maps ``Iterable[Article] -> Iterator[Article]`` without I/O,
so it can be rebuilt from its settings in another process or a Spark task.
Stages that learn from a corpus (site boilerplate, later story clusters) add
``fit``. Each declares the ``Article`` fields it ``requires`` and ``provides``;
:func:`check_order` refuses a pipeline whose stages would read a field before
any earlier stage has filled it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar, Protocol, runtime_checkable

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.model import Article, RawDoc

__all__ = [
    "DEFAULT_STAGES",
    "EXTRACTORS",
    "STAGES",
    "Extractor",
    "Stage",
    "build_extractor",
    "build_stages",
    "check_order",
    "register_extractor",
    "register_stage",
]

#: What an extractor guarantees on every Article it returns.
EXTRACTED_FIELDS = ("id", "path", "raw_text", "url", "site", "title", "author", "published")


@runtime_checkable
class Extractor(Protocol):
    """Turns one :class:`RawDoc` into an :class:`Article` with ``raw_text`` and metadata."""

    name: ClassVar[str]

    def __call__(self, raw: RawDoc) -> Article:
        """Raise :class:`InputError` when the document holds no article text."""
        ...


@runtime_checkable
class Stage(Protocol):
    """Maps articles to articles; pure, picklable, deterministic."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    provides: ClassVar[tuple[str, ...]]

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]: ...


StageFactory = Callable[[Settings], Stage]
ExtractorFactory = Callable[[Settings], Extractor]

#: The stages one ingest pass runs, in order (ingest -> clean -> dedup -> stories ->
#: analyse -> reconcile). Explicit, so the order never depends on import order.
DEFAULT_STAGES: tuple[str, ...] = ("clean", "language", "entities", "quotes", "figures", "events")

#: name -> factory of every known stage, built-in or plugged in.
STAGES: dict[str, StageFactory] = {}
EXTRACTORS: dict[str, ExtractorFactory] = {}


def register_stage(name: str) -> Callable[[StageFactory], StageFactory]:
    def decorate(factory: StageFactory) -> StageFactory:
        STAGES[name] = factory
        return factory

    return decorate


def register_extractor(name: str) -> Callable[[ExtractorFactory], ExtractorFactory]:
    def decorate(factory: ExtractorFactory) -> ExtractorFactory:
        EXTRACTORS[name] = factory
        return factory

    return decorate


def check_order(stages: Iterable[Stage]) -> None:
    """Raise ``ValueError`` if a stage requires a field no earlier stage provides."""
    available = set(EXTRACTED_FIELDS)
    for stage in stages:
        missing = [name for name in stage.requires if name not in available]
        if missing:
            raise ValueError(
                f"stage {stage.name!r} requires {missing}, which no earlier stage provides"
            )
        available.update(stage.provides)


def _load_builtins() -> None:
    # Importing the modules runs their @register_* decorators; kept lazy so that
    # importing newsfuse.pipeline alone stays cheap.
    from newsfuse.stages import clean, extract, language  # noqa: F401
    from newsfuse.stages.analyse import entities, events, figures, quotes  # noqa: F401


def build_extractor(settings: Settings, name: str = "trafilatura") -> Extractor:
    _load_builtins()
    return EXTRACTORS[name](settings)


def build_stages(settings: Settings, names: Iterable[str] | None = None) -> list[Stage]:
    _load_builtins()
    chosen = list(DEFAULT_STAGES if names is None else names)
    unknown = [name for name in chosen if name not in STAGES]
    if unknown:
        raise ValueError(f"unknown stages {unknown}; known: {sorted(STAGES)}")
    stages = [STAGES[name](settings) for name in chosen]
    check_order(stages)
    return stages


def extract_all(
    extractor: Extractor, docs: Iterable[RawDoc | InputError]
) -> Iterator[Article | InputError]:
    """Run ``extractor`` over source output, passing errors (old and new) through in order."""
    for doc in docs:
        if isinstance(doc, InputError):
            yield doc
            continue
        try:
            yield extractor(doc)
        except InputError as error:
            yield error
