"""The table of organisations news names in many ways."""

from __future__ import annotations

import pytest

from newsfuse.stages.analyse.names import fold
from newsfuse.stages.analyse.organisations import ORGANISATIONS, known_organisation


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("AFP", "org:afp"),
        ("A.F.P.", "org:afp"),
        ("Agence France-Presse", "org:afp"),
        ("agence france presse", "org:afp"),
        ("French News Agency", "org:afp"),
        ("AP", "org:ap"),
        ("The Associated Press", "org:ap"),
        ("NATO", "org:nato"),
        ("Nato", "org:nato"),
        ("OSCE", "org:osce"),
        ("Organization for Security and Cooperation in Europe", "org:osce"),
        ("UNHCR", "org:unhcr"),
    ],
)
def test_names_translations_and_acronyms(name: str, expected: str) -> None:
    found = known_organisation(name)
    assert found is not None
    assert found.id == expected


@pytest.mark.parametrize("name", ["who", "Who", "ap", "Ap", "Minsk Group", "France", ""])
def test_acronyms_match_only_in_capitals_and_other_names_not_at_all(name: str) -> None:
    assert known_organisation(name) is None


def test_ids_are_unique_and_no_name_belongs_to_two_entries() -> None:
    assert len({o.id for o in ORGANISATIONS}) == len(ORGANISATIONS)
    owners: dict[str, str] = {}
    for organisation in ORGANISATIONS:
        for name in (organisation.name, *organisation.names):
            assert owners.setdefault(fold(name), organisation.id) == organisation.id, name
        for short in organisation.acronyms:
            assert owners.setdefault(short, organisation.id) == organisation.id, short
