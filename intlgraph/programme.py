"""Whose programme it is: the programme context read from the graph by one named query.

The graph says it: an ``ig:Programme`` with its ``dct:creator`` (the focal organisation),
that organisation's ``ig:country``, the programme's ``dct:issued`` day, its sections, the
peer groups that include the focal country, the agreements listing instruments that a section
names, and the languages of its labels (``queries/programme/context.rq``). Every default of the
gap checks, of the named queries' parameters (a header's ``default: $focal``), of the CLI
options and of the report and map titles comes from here, so another organisation's programme
needs data, not code.

>>> import intlgraph
>>> context = intlgraph.load(engine="oxigraph").programme()
>>> context.focal, context.country
('https://w3id.org/intlgraph/id/org/fprk', 'https://w3id.org/intlgraph/id/country/KAZ')
>>> context.date, context.peer_group, context.languages
('2021-06-02', 'https://w3id.org/intlgraph/id/region/central-asia', ('en', 'ru'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from intlgraph.exc import IntlgraphError

if TYPE_CHECKING:
    from intlgraph.kg import KnowledgeGraph

__all__ = ["KEYS", "Programme", "ProgrammeError", "context", "programmes", "resolve"]

#: The name of the context query.
QUERY = "programme/context"

#: The values a default may name as ``$key`` (in a query header, a check's spec, a CLI
#: option): the context's attribute each reads.
KEYS: dict[str, str] = {
    "programme": "iri",
    "focal": "focal",
    "country": "country",
    "date": "date",
    "peer_group": "peer_group",
    "agreement": "agreement",
}


class ProgrammeError(IntlgraphError):
    """The graph holds no programme, or several and none was chosen, or lacks a value.

    >>> from intlgraph.kg import KnowledgeGraph
    >>> KnowledgeGraph().programme()
    Traceback (most recent call last):
    intlgraph.programme.ProgrammeError: the graph holds no programme (an ig:Programme with its
    dct:creator); load one (--data FILE) or give the value explicitly
    """


@dataclass(frozen=True)
class Programme:
    """One programme of the graph and what it implies (the defaults of everything else).

    ``peer_groups`` are the groups that include the focal country, smallest first;
    ``languages`` the tags of its labels, in the declared fallback order.

    >>> p = Programme("https://example.org/p", focal="https://example.org/org/a")
    >>> p.defaults()["focal"], p.peer_group
    ('https://example.org/org/a', None)
    """

    iri: str
    focal: str | None = None
    country: str | None = None
    date: str | None = None
    sections: tuple[str, ...] = ()
    peer_groups: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    languages: tuple[str, ...] = field(default_factory=tuple)

    @property
    def peer_group(self) -> str | None:
        """The default peer group (and region): the smallest group with the focal country.

        >>> Programme("p", peer_groups=("region/small", "group/all")).peer_group
        'region/small'
        """
        return self.peer_groups[0] if self.peer_groups else None

    @property
    def agreement(self) -> str | None:
        """The default agreement listing instruments (the first a section names).

        >>> Programme("p").agreement is None
        True
        """
        return self.agreements[0] if self.agreements else None

    def defaults(self) -> dict[str, str]:
        """``$key`` -> value for every key of :data:`KEYS` the programme gives.

        >>> Programme("p", country="c", date="2030-01-01").defaults()
        {'programme': 'p', 'country': 'c', 'date': '2030-01-01'}
        """
        found: dict[str, str] = {}
        for key, attribute in KEYS.items():
            value = getattr(self, attribute)
            if value is not None:
                found[key] = str(value)
        return found


def programmes(kg: KnowledgeGraph) -> list[Programme]:
    """Every programme of the graph, by IRI.

    >>> import intlgraph
    >>> [p.iri for p in programmes(intlgraph.load(engine="oxigraph"))]
    ['https://w3id.org/intlgraph/id/source/p2021']
    >>> programmes(intlgraph.load(data=False))
    []
    """
    from intlgraph import i18n

    frame = kg.query(QUERY, labels=False)
    facts: dict[str, dict[str, list[tuple[Any, Any]]]] = {}
    for row in frame.itertuples(index=False):
        size = getattr(row, "size", None)
        facts.setdefault(str(row.programme), {}).setdefault(str(row.key), []).append(
            (row.value, size)
        )
    found: list[Programme] = []
    for iri, keys in sorted(facts.items()):

        def values(key: str, keys: Mapping[str, list[tuple[Any, Any]]] = keys) -> list[str]:
            return sorted({_text(v) for v, _ in keys.get(key, [])})

        groups = sorted(
            {(_size(s), _text(v)) for v, s in keys.get("peer-group", [])},
        )
        found.append(
            Programme(
                iri=iri,
                focal=_first(values("focal")),
                country=_first(values("country")),
                date=_first(values("date")),
                sections=tuple(values("section")),
                peer_groups=tuple(dict.fromkeys(g for _, g in groups)),
                agreements=tuple(values("agreement")),
                languages=i18n.order(values("language")),
            )
        )
    return found


def context(kg: KnowledgeGraph, programme: str | None = None) -> Programme:
    """The programme ``programme`` (an IRI or prefixed name), or the graph's only one.

    No programme, several without a choice, or an IRI that is not one: :class:`ProgrammeError`
    saying what to do.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> context(kg, "src:p2021").focal
    'https://w3id.org/intlgraph/id/org/fprk'
    >>> context(kg, "src:nothing")
    Traceback (most recent call last):
    intlgraph.programme.ProgrammeError: src:nothing is not a programme of the graph; the
    programmes are: src:p2021
    """
    found = programmes(kg)
    if programme is not None:
        wanted = kg.expand(programme)
        for candidate in found:
            if candidate.iri == wanted:
                return candidate
        names = _some(kg, found) or "none"
        raise ProgrammeError(
            f"{programme} is not a programme of the graph; the programmes are: {names}"
        )
    if not found:
        raise ProgrammeError(
            "the graph holds no programme (an ig:Programme with its dct:creator); load one "
            "(--data FILE) or give the value explicitly"
        )
    if len(found) > 1:
        names = _some(kg, found)
        raise ProgrammeError(
            f"the graph holds {len(found)} programmes ({names}); choose one with "
            "--programme IRI (programme= in Python)"
        )
    return found[0]


def is_reference(value: object) -> bool:
    """True for a ``$key`` default (a value the programme context gives).

    >>> is_reference("$focal"), is_reference("o:fprk")
    (True, False)
    """
    return isinstance(value, str) and value.startswith("$") and value[1:] in KEYS


def resolve(kg: KnowledgeGraph, value: Any, *, required: bool = True) -> Any:
    """``value`` with a ``$key`` reference replaced by the context's value (others unchanged).

    A reference the context cannot fill raises :class:`ProgrammeError` (``required``) or
    gives ``None``.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> resolve(kg, "$country"), resolve(kg, "ig:Event")
    ('https://w3id.org/intlgraph/id/country/KAZ', 'ig:Event')
    """
    if isinstance(value, list | tuple):
        return [resolve(kg, v, required=required) for v in value]
    if not is_reference(value):
        return value
    key = str(value)[1:]
    try:
        found = kg.programme().defaults().get(key)
    except ProgrammeError:
        if required:
            raise
        return None
    if found is None and required:
        raise ProgrammeError(
            f"the programme {kg.compact(kg.programme().iri)} gives no {key.replace('_', ' ')} "
            f"(see queries/{QUERY}.rq for where it is read from); give the value explicitly"
        )
    return found


def resolve_all(kg: KnowledgeGraph, values: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """``dict(values)`` with every ``$key`` reference resolved (see :func:`resolve`).

    >>> import intlgraph
    >>> resolve_all(intlgraph.load(engine="oxigraph"), [("state", "$country"), ("n", 1)])
    {'state': 'https://w3id.org/intlgraph/id/country/KAZ', 'n': 1}
    """
    return {key: resolve(kg, value) for key, value in values}


def short_name(kg: KnowledgeGraph, iri: str, lang: str = "en") -> str:
    """An organisation's acronym (``ig:acronym``) in ``lang`` (else any), or its label.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> short_name(kg, kg.programme().focal, "ru")
    'ФПРК'
    """
    from intlgraph import i18n

    frame = kg.query("gaps/acronyms-of", labels=False, nodes=[iri])
    found = {
        str(lang_): str(acronym)
        for acronym, lang_ in zip(frame["acronym"], frame["lang"], strict=True)
    }
    for tag in (*i18n.fallback(lang), *sorted(found)):
        if tag in found:
            return found[tag]
    return kg.label(iri, lang)


def long_date(day: str, lang: str = "en") -> str:
    """An ISO day in words, as the message catalogue of ``lang`` writes it.

    >>> long_date("2021-06-02"), long_date("2021-06-02", "ru")
    ('2 June 2021', '2 июня 2021 г.')
    """
    from intlgraph.i18n import message

    try:
        year, month, date = (int(part) for part in day[:10].split("-"))
        name = message("date.months", lang).split()[month - 1]
    except (ValueError, IndexError):
        return day
    return message("date.format", lang, day=date, month=name, year=year)


def subtitle(kg: KnowledgeGraph, lang: str = "en") -> str:
    """The report's subtitle: the programme's organisation and day (its label without a
    programme).

    >>> import intlgraph
    >>> subtitle(intlgraph.load(engine="oxigraph"), "ru")
    'Федерация профсоюзов Республики Казахстан, программа от 2 июня 2021 г.'
    """
    from intlgraph.i18n import message

    programme = kg.programme()
    organisation = kg.label(programme.focal, lang) if programme.focal else ""
    day = long_date(programme.date, lang) if programme.date else ""
    if not organisation or not day:
        return kg.label(programme.iri, lang)
    return message("report.subtitle", lang, organisation=organisation, date=day)


def map_title(kg: KnowledgeGraph, lang: str = "en") -> str | None:
    """The cooperation map's title: the programme organisation's international cooperation
    (``None`` for a graph without a single programme: the map's own default).

    >>> import intlgraph
    >>> map_title(intlgraph.load(engine="oxigraph"))
    'International cooperation of the FPRK'
    """
    from intlgraph.i18n import message

    try:
        focal = kg.programme().focal
    except ProgrammeError:
        return None
    if focal is None:
        return None
    return message("map.title", lang, organisation=short_name(kg, focal, lang))


def _text(value: Any) -> str:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _size(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


#: How many programmes an error message names (a world graph may hold hundreds).
NAMED_IN_ERRORS = 10


def _some(kg: KnowledgeGraph, found: Sequence[Programme]) -> str:
    """The first :data:`NAMED_IN_ERRORS` programmes' names, and how many more there are."""
    names = ", ".join(kg.compact(p.iri) for p in found[:NAMED_IN_ERRORS])
    more = len(found) - NAMED_IN_ERRORS
    return f"{names} and {more} more" if more > 0 else names
