"""Organisations that news names in many ways: wire agencies and international bodies.

Spelling similarity cannot tell that "French News Agency" (how a translation from
Arabic renders وكالة الأنباء الفرنسية) is Agence France-Presse, or that "the
Atlantic alliance" is NATO. This table lists, for the organisations news cites
most, the names, translations and acronyms they go by. The resolver treats two
names listed under one entry as one organisation and takes the entry's name as
canonical, as it does with gazetteer places.

Acronyms match only in capitals ("AP", "A.P."); other names match folded
(case, diacritics and hyphens aside).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.stages.analyse.names import acronym, fold

__all__ = ["ORGANISATIONS", "KnownOrganisation", "known_organisation"]


@dataclass(frozen=True, slots=True)
class KnownOrganisation:
    """One organisation, its usual English name, and every other name it goes by."""

    id: str
    name: str
    names: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()


ORGANISATIONS: tuple[KnownOrganisation, ...] = (
    # Wire agencies: the sources of most figures and quotes in the news.
    KnownOrganisation(
        "org:afp",
        "Agence France-Presse",
        ("Agence France Presse", "French News Agency", "French Press Agency", "France Presse"),
        ("AFP",),
    ),
    KnownOrganisation(
        "org:ap", "Associated Press", ("The Associated Press", "American news agency"), ("AP",)
    ),
    KnownOrganisation(
        "org:reuters", "Reuters", ("Reuters news agency", "Thomson Reuters", "British news agency")
    ),
    KnownOrganisation(
        "org:anadolu",
        "Anadolu Agency",
        ("Anadolu", "Anadolu news agency", "Turkish Anadolu Agency"),
        ("AA",),
    ),
    KnownOrganisation("org:tass", "TASS", ("ITAR-TASS", "Russian News Agency TASS")),
    KnownOrganisation("org:ria", "RIA Novosti", ("RIA", "Ria Novosti news agency")),
    KnownOrganisation("org:interfax", "Interfax", ("Interfax news agency",)),
    KnownOrganisation("org:xinhua", "Xinhua", ("Xinhua News Agency", "New China News Agency")),
    KnownOrganisation(
        "org:dpa", "Deutsche Presse-Agentur", ("German Press Agency",), ("DPA", "dpa")
    ),
    KnownOrganisation("org:efe", "EFE", ("Agencia EFE", "Spanish news agency EFE")),
    KnownOrganisation("org:ansa", "ANSA", ("Agenzia Nazionale Stampa Associata",)),
    KnownOrganisation("org:irna", "IRNA", ("Islamic Republic News Agency",)),
    KnownOrganisation("org:apa", "APA", ("Azeri Press Agency", "Azerbaijan Press Agency")),
    KnownOrganisation("org:armenpress", "Armenpress", ("Armenian News Agency Armenpress",)),
    # International bodies.
    KnownOrganisation(
        "org:un", "United Nations", ("the United Nations", "UN Organization"), ("UN",)
    ),
    KnownOrganisation(
        "org:unsc",
        "UN Security Council",
        ("United Nations Security Council", "Security Council"),
        ("UNSC",),
    ),
    KnownOrganisation(
        "org:unhcr", "UNHCR", ("UN Refugee Agency", "United Nations High Commissioner for Refugees")
    ),
    KnownOrganisation("org:unicef", "UNICEF", ("United Nations Children's Fund",)),
    KnownOrganisation(
        "org:who", "World Health Organization", ("World Health Organisation",), ("WHO",)
    ),
    KnownOrganisation(
        "org:icrc",
        "International Committee of the Red Cross",
        ("Red Cross", "International Red Cross"),
        ("ICRC",),
    ),
    KnownOrganisation(
        "org:nato",
        "NATO",
        ("North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "Nato"),
    ),
    KnownOrganisation("org:eu", "European Union", (), ("EU",)),
    KnownOrganisation(
        "org:osce",
        "Organization for Security and Co-operation in Europe",
        (
            "Organization for Security and Cooperation in Europe",
            "Organisation for Security and Co-operation in Europe",
        ),
        ("OSCE",),
    ),
    KnownOrganisation("org:csto", "Collective Security Treaty Organization", (), ("CSTO", "ODKB")),
    KnownOrganisation("org:hrw", "Human Rights Watch", (), ("HRW",)),
    KnownOrganisation("org:amnesty", "Amnesty International", ("Amnesty",)),
    KnownOrganisation("org:iaea", "International Atomic Energy Agency", (), ("IAEA",)),
)


@lru_cache(maxsize=1)
def _tables() -> tuple[Mapping[str, KnownOrganisation], Mapping[str, KnownOrganisation]]:
    by_name: dict[str, KnownOrganisation] = {}
    by_acronym: dict[str, KnownOrganisation] = {}
    for organisation in ORGANISATIONS:
        for name in (organisation.name, *organisation.names):
            by_name.setdefault(fold(name), organisation)
        for short in organisation.acronyms:
            by_acronym.setdefault(short.replace(".", ""), organisation)
        own = acronym(organisation.name)
        if own:  # "NATO", "UNHCR": a name in capitals is also its acronym
            by_acronym.setdefault(own, organisation)
    return by_name, by_acronym


def known_organisation(name: str) -> KnownOrganisation | None:
    """The entry ``name`` is one of the names of, or None.

    >>> known_organisation("French News Agency").name
    'Agence France-Presse'
    >>> known_organisation("A.F.P.").id
    'org:afp'
    >>> known_organisation("who") is None
    True
    """
    by_name, by_acronym = _tables()
    short = acronym(name)
    if short is not None:
        return by_acronym.get(short) or by_name.get(fold(name))
    return by_name.get(fold(name))
