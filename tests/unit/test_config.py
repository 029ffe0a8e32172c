"""Settings: packaged defaults < a user TOML file < NEWSFUSE_* environment variables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsfuse.config import (
    CleanSettings,
    ExtractSettings,
    IngestSettings,
    Settings,
    StoreSettings,
    load_settings,
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "newsfuse.toml"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_defaults_match_the_dataclass_defaults() -> None:
    assert load_settings(environ={}) == Settings()


def test_defaults() -> None:
    settings = load_settings(environ={})

    assert settings.store == StoreSettings(db="newsfuse.db")
    assert settings.ingest == IngestSettings(max_article_bytes=5_000_000, batch_size=256)
    assert settings.extract == ExtractSettings(fast=True, include_tables=True)
    assert settings.clean == CleanSettings(
        boilerplate_min_articles=3, boilerplate_max_similarity=0.2, boilerplate_max_words=40
    )


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_settings(environ={}).store.db = "other.db"  # type: ignore[misc]


def test_user_file_overlays_the_defaults(config: Path) -> None:
    write(config, '[store]\ndb = "news.db"\n\n[clean]\nboilerplate_max_words = 25\n')

    settings = load_settings(config, environ={})

    assert settings.store.db == "news.db"
    assert settings.clean.boilerplate_max_words == 25
    # Keys the file does not name keep their defaults.
    assert settings.clean.boilerplate_min_articles == 3
    assert settings.ingest == IngestSettings()


def test_user_file_from_newsfuse_config(config: Path) -> None:
    write(config, "[ingest]\nbatch_size = 64\n")

    settings = load_settings(environ={"NEWSFUSE_CONFIG": str(config)})

    assert settings.ingest.batch_size == 64


def test_path_argument_beats_newsfuse_config(config: Path, tmp_path: Path) -> None:
    write(config, "[ingest]\nbatch_size = 64\n")
    other = write(tmp_path / "other.toml", "[ingest]\nbatch_size = 32\n")

    settings = load_settings(config, environ={"NEWSFUSE_CONFIG": str(other)})

    assert settings.ingest.batch_size == 64


def test_environment_overlays_file_and_defaults(config: Path) -> None:
    write(config, '[store]\ndb = "file.db"\n\n[ingest]\nbatch_size = 64\n')
    environ = {
        "NEWSFUSE_INGEST_BATCH_SIZE": "16",
        "NEWSFUSE_CLEAN_BOILERPLATE_MAX_SIMILARITY": "0.35",
        "NEWSFUSE_EXTRACT_FAST": "false",
        "NEWSFUSE_DB": "env.db",
    }

    settings = load_settings(config, environ=environ)

    assert settings.store.db == "env.db"
    assert settings.ingest.batch_size == 16
    assert settings.clean.boilerplate_max_similarity == 0.35
    assert settings.extract.fast is False
    assert settings.extract.include_tables is True


def test_long_form_db_variable() -> None:
    assert load_settings(environ={"NEWSFUSE_STORE_DB": "long.db"}).store.db == "long.db"


def test_short_db_variable_wins_over_the_long_form() -> None:
    environ = {"NEWSFUSE_STORE_DB": "long.db", "NEWSFUSE_DB": "short.db"}

    assert load_settings(environ=environ).store.db == "short.db"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(value, True) for value in ("1", "true", "Yes", "ON")],
        *[(value, False) for value in ("0", "false", "No", "off")],
    ],
)
def test_boolean_variables(value: str, expected: bool) -> None:
    settings = load_settings(environ={"NEWSFUSE_EXTRACT_INCLUDE_TABLES": value})

    assert settings.extract.include_tables is expected


def test_unknown_key_in_the_file_is_an_error(config: Path) -> None:
    write(config, "[ingest]\nbatchsize = 64\n")

    with pytest.raises(ValueError, match=r"unknown \[ingest\] keys: \['batchsize'\]"):
        load_settings(config, environ={})


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[ingest]\nbatch_size = "many"\n', r"\[ingest\] batch_size: expected int, got 'many'"),
        ('[extract]\nfast = "maybe"\n', r"\[extract\] fast: expected true or false"),
        ('[clean]\nboilerplate_max_similarity = "high"\n', "expected float"),
    ],
)
def test_bad_type_in_the_file_is_an_error(config: Path, toml: str, message: str) -> None:
    write(config, toml)

    with pytest.raises(ValueError, match=message):
        load_settings(config, environ={})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NEWSFUSE_INGEST_BATCH_SIZE", "2.5"),
        ("NEWSFUSE_INGEST_MAX_ARTICLE_BYTES", "5 MB"),
        ("NEWSFUSE_EXTRACT_FAST", "maybe"),
        ("NEWSFUSE_CLEAN_BOILERPLATE_MAX_SIMILARITY", "high"),
    ],
)
def test_bad_type_in_the_environment_is_an_error(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"environment: .*got '{value}'"):
        load_settings(environ={name: value})


def test_malformed_toml_is_an_error(config: Path) -> None:
    write(config, "[ingest\nbatch_size = 64\n")

    with pytest.raises(ValueError):
        load_settings(config, environ={})


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "missing.toml", environ={})


def test_unknown_section_in_the_file_is_an_error(config: Path) -> None:
    write(config, "[cleen]\nboilerplate_max_words = 10\n")

    with pytest.raises(ValueError):
        load_settings(config, environ={})


def test_section_that_is_not_a_table_is_a_value_error(config: Path) -> None:
    write(config, "store = 5\n")

    with pytest.raises(ValueError):
        load_settings(config, environ={})


@pytest.mark.parametrize("value", ["true", "2.7"])
def test_integer_setting_refuses_a_bool_or_a_float(config: Path, value: str) -> None:
    write(config, f"[ingest]\nbatch_size = {value}\n")

    with pytest.raises(ValueError):
        load_settings(config, environ={})
