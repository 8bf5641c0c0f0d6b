"""The catalogue of named SPARQL queries (``queries/**/*.rq``) and safe parameter binding.

A named query is a ``.rq`` file that is valid SPARQL on its own, with a comment header::

    # title: Ties of an organisation
    # description: Every tie the organisation is a party to,
    #   with its kind, status and source.
    # param: org (iri, default: $focal) the organisation
    # param: since (date, optional) only ties known since this day
    # source: programme sections 2, 4, 5

Its name is its path under ``queries/`` without the suffix (``explore/org-ties``).
Parameters are query variables. A caller's values are turned into RDF terms of the declared
type and bound by the engine (never pasted into the query text as given); a missing value
takes the default, a parameter marked ``optional`` stays unbound. A default ``$focal``
(``$country``, ``$peer_group``, ``$agreement``, ``$date``, ``$programme``) is read from the
graph's programme context (:mod:`intlgraph.programme`), so a query fits any programme.

>>> from intlgraph import named_queries as catalogue
>>> q = catalogue.get("cq/cq07")
>>> q.title
'Priority working visits and their cities'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from intlgraph import paths
from intlgraph.exc import ParameterError, QueryNotFoundError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PARAM_TYPES",
    "NamedQuery",
    "Param",
    "add_dir",
    "bind",
    "catalogue",
    "collect_params",
    "dirs",
    "get",
    "is_name",
    "names",
]

#: Declared parameter types and the RDF term each becomes.
PARAM_TYPES: dict[str, str] = {
    "iri": "an IRI (<https://...>, https://... or a prefixed name such as ig:Membership)",
    "string": "a plain string literal",
    "integer": "an xsd:integer literal",
    "decimal": "an xsd:decimal literal",
    "date": "an xsd:date literal (YYYY-MM-DD)",
    "year": "an xsd:gYear literal (YYYY)",
    "boolean": "an xsd:boolean literal (true/false)",
}

_HEADER = re.compile(r"^#\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)(?P<list>\s+list)?"
    r"(?:\s*,\s*(?P<opt>optional|default:\s*(?P<default>[^)]*)))?\)\s*(?P<description>.*)$"
)
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_KIND = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# characters that may not appear in an IRI (RFC 3987 / SPARQL IRIREF)
# absolute IRIs whose scheme has no "//" (anything else with a colon must be a declared prefix)
_SCHEMES_WITHOUT_SLASHES = {"urn", "mailto", "tag", "data", "did", "doi", "isbn", "geo", "tel"}
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True)
class Param:
    """A declared query parameter (a ``# param:`` line of the header).

    >>> org = get("explore/organisation-ties").param("org")
    >>> org.type, org.default, org.description
    ('iri', '$focal', 'the organisation')
    """

    name: str
    type: str
    description: str = ""
    default: str | None = None
    optional: bool = False
    many: bool = False

    @property
    def required(self) -> bool:
        """True when the caller must give a value (no default, not optional).

        >>> get("explore/organisation-ties").param("org").required  # default: $focal
        False
        >>> get("gaps/sources-of").param("nodes").required
        True
        """
        return self.default is None and not self.optional

    def describe(self) -> str:
        """The declaration as the catalogue shows it: name, (type, default or optional), text.

        >>> get("gaps/planned-without-outcome").param("kinds").describe()
        'kinds (iri list, default: ig:Event ig:WorkingVisit ig:Project) the kinds of measure
         (subclasses count: ig:Training is an ig:Event)'
        """
        kind = f"{self.type} list" if self.many else self.type
        if self.default is not None:
            kind += f", default: {self.default}"
        elif self.optional:
            kind += ", optional"
        return f"{self.name} ({kind}) {self.description}".strip()


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file of the catalogue: its text, header fields and parameters.

    >>> q = get("explore/organisation-ties")
    >>> q.title, [p.name for p in q.params], q.path.name
    ('Ties of an organisation', ['org'], 'organisation-ties.rq')

    Run it by name on a graph; parameters are keywords:

    >>> import intlgraph
    >>> ties = intlgraph.load().query(q.name, org="o:gtuc", labels=False)
    >>> [tie.rsplit("/", 1)[-1] for tie in ties["tie"]]
    ['mou-gtuc', 'negotiation-gtuc', 'visit-gtuc']
    """

    name: str
    text: str
    path: Path
    title: str = ""
    description: str = ""
    source: str = ""
    params: tuple[Param, ...] = ()
    prefixes: Mapping[str, str] = field(default_factory=dict)

    @property
    def group(self) -> str:
        """The folder of ``queries/`` the query is in: ``cq``, ``explore``, ``gaps`` ...

        >>> get("explore/organisation-ties").group
        'explore'
        """
        return self.name.split("/", 1)[0] if "/" in self.name else ""

    @property
    def form(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

        >>> get("cq/cq07").form
        'SELECT'
        >>> parse("# title: Any ratification?\\nASK { ?r a ?class }", name="x/ask",
        ...       path=Path("ask.rq")).form
        'ASK'
        """
        body = "\n".join(
            line for line in self.text.splitlines() if not line.lstrip().startswith("#")
        )
        match = _KIND.search(body)
        return match.group(1).upper() if match else "SELECT"

    def param(self, name: str) -> Param:
        """The declared parameter ``name``; an unknown name raises :class:`ParameterError`.

        >>> get("explore/latest-status").param("as_of").type
        'date'
        >>> get("explore/latest-status").param("date")
        Traceback (most recent call last):
        intlgraph.exc.ParameterError: explore/latest-status: parameter date:
        unknown parameter (this query takes: as_of)
        """
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(self.name, name, f"unknown parameter (this query takes: {known})")


def parse(text: str, *, name: str, path: Path) -> NamedQuery:
    """Read a named query's header.

    >>> q = parse("# title: T\\n# param: n (integer, default: 3) how many\\nSELECT * {}",
    ...           name="x/y", path=Path("y.rq"))
    >>> q.params[0].default, q.group
    ('3', 'x')
    """
    fields: dict[str, list[str]] = {}
    params: list[Param] = []
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        cont = _CONTINUATION.match(line)
        if cont and last is not None:
            fields[last][-1] += " " + cont.group("value").strip()
            continue
        head = _HEADER.match(line)
        if not head:
            last = None
            continue
        key, value = head.group("key"), head.group("value").strip()
        fields.setdefault(key, []).append(value)
        last = key
    for spec in fields.get("param", []):
        match = _PARAM.match(spec)
        if not match or match.group("type") not in PARAM_TYPES:
            raise ParameterError(
                name, spec.split(" ", 1)[0], f"cannot read declaration {spec!r} in {path}"
            )
        default = match.group("default")
        params.append(
            Param(
                name=match.group("name"),
                type=match.group("type"),
                description=match.group("description").strip(),
                default=default.strip() if default is not None else None,
                optional=match.group("opt") == "optional",
                many=bool(match.group("list")),
            )
        )
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)}
    return NamedQuery(
        name=name,
        text=text,
        path=path,
        title=" ".join(fields.get("title", [""])),
        description=" ".join(fields.get("description", [""])),
        source=" ".join(fields.get("source", [""])),
        params=tuple(params),
        prefixes=prefixes,
    )


@cache
def _load_all(root: Path) -> dict[str, NamedQuery]:
    queries: dict[str, NamedQuery] = {}
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            from intlgraph.exc import InputFileError

            raise InputFileError(path, f"not UTF-8 text ({error.reason})") from None
        queries[name] = parse(text, name=name, path=path)
    return queries


#: Folders of the user's own queries added with :func:`add_dir` (``--queries DIR``).
_DIRS: list[Path] = []


def add_dir(folder: str | Path) -> None:
    """Add a folder of ``.rq`` files (same headers) to the catalogue for this process; a
    query named like a bundled one replaces it. Its gap-check files (``*.check.toml``) are
    registered too (see :mod:`intlgraph.gaps.registry`).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = pathlib.Path(tmp, "mine").mkdir()
    ...     _ = pathlib.Path(tmp, "mine", "count.rq").write_text(
    ...         "# title: How many triples\\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\\n")
    ...     add_dir(tmp)
    ...     title = get("mine/count").title
    ...     _DIRS.clear()
    >>> title
    'How many triples'
    """
    path = Path(folder).resolve()
    if not path.is_dir():
        from intlgraph.exc import MissingFileError

        raise MissingFileError(path, "no such folder of queries")
    _load_all(path)  # a query that cannot be read fails now, naming its file
    if path not in _DIRS:
        _DIRS.append(path)
    from intlgraph.gaps import registry

    registry.load_checks(path)


def dirs() -> list[Path]:
    """The catalogue's folders: the bundled ``queries/`` and those of :func:`add_dir`.

    >>> [d.name for d in dirs()]
    ['queries']
    """
    return [paths.queries_dir(), *_DIRS]


def _every(extra: Iterable[str | Path] = ()) -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for folder in [*dirs(), *(Path(d).resolve() for d in extra)]:
        if not folder.is_dir():
            from intlgraph.exc import MissingFileError

            raise MissingFileError(folder, "no such folder of queries")
        found.update(_load_all(folder))
    return found


def names(dirs: Iterable[str | Path] = ()) -> list[str]:
    """The names of every query in the catalogue (and in the folders ``dirs``), by folder
    and file.

    >>> [name for name in names() if name.startswith("explore/")]
    ['explore/conventions-by-status', 'explore/country-ties', 'explore/latest-status',
     'explore/organisation-ties', 'explore/organisation', 'explore/planned-measures',
     'explore/sources-of']
    """
    return list(_every(dirs))


#: A catalogue name: path segments of letters, digits, ``_.-`` joined by ``/`` (``cq/cq07``).
#: SPARQL text never matches (every query has a space, a brace or an IRI's ``<``).
_NAME = re.compile(r"[\w.-]+(?:/[\w.-]+)+")


def is_name(text: str) -> bool:
    """Whether ``text`` is a catalogue name (``group/name``) rather than SPARQL text.

    >>> from intlgraph import named_queries as catalogue
    >>> catalogue.is_name("cq/cq07"), catalogue.is_name("ASK { ?s ?p ?o }")
    (True, False)
    """
    return _NAME.fullmatch(text) is not None


def get(name: str) -> NamedQuery:
    """The named query ``name`` (``group/name``, with or without ``.rq``).

    >>> get("cq/cq01.rq").name
    'cq/cq01'
    """
    key = name.removesuffix(".rq").strip("/")
    queries = _every()
    if key in queries:
        return queries[key]
    import difflib

    close = difflib.get_close_matches(key, list(queries), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `intlgraph queries`"
    raise QueryNotFoundError(f"no query named {name!r} in the catalogue{hint}")


def catalogue(dirs: Iterable[str | Path] = ()) -> pd.DataFrame:
    """The catalogue as a DataFrame: name, group, title, description, parameters, source;
    ``dirs`` adds folders of the user's own ``.rq`` files (same headers) to the listing.

    >>> df = catalogue()
    >>> "cq/cq01" in set(df["name"])
    True
    """
    import pandas as pd

    rows = [
        {
            "name": q.name,
            "group": q.group,
            "title": q.title,
            "description": q.description,
            "parameters": "; ".join(p.describe() for p in q.params),
            "source": q.source,
        }
        for q in _every(dirs).values()
    ]
    return pd.DataFrame(
        rows, columns=["name", "group", "title", "description", "parameters", "source"]
    )


def bind(
    query: NamedQuery,
    values: Mapping[str, object],
    *,
    context: Mapping[str, str] | None = None,
    partial: bool = False,
) -> dict[str, Identifier | list[Identifier]]:
    """Turn a caller's ``values`` into RDF terms for ``query``'s parameters.

    Unknown parameters, missing required ones and values of the wrong type raise
    :class:`~intlgraph.exc.ParameterError` naming the query and the parameter. Defaults fill
    in the rest; optional parameters without a value stay unbound. A default ``$key``
    (``$focal``, ``$country``, ``$peer_group``, ``$agreement``, ``$date``, ``$programme``) is
    the programme context's value (``context``, see :mod:`intlgraph.programme`); with
    ``partial=True`` such a parameter without a context value stays unbound (to check the
    caller's values before a graph is loaded).

    >>> bind(get("explore/latest-status"), {"as_of": "2021-06-02"})
    {'as_of': rdflib.term.Literal('2021-06-02',
                                  datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))}
    >>> bind(get("explore/organisation-ties"), {},  # the default: the programme's organisation
    ...      context={"focal": "https://example.org/org/a"})
    {'org': rdflib.term.URIRef('https://example.org/org/a')}
    >>> bind(get("explore/organisation-ties"), {})
    Traceback (most recent call last):
    intlgraph.exc.ParameterError: explore/organisation-ties: parameter org: required (the
    programme's focal, and no programme context was given)
    """
    for key in values:
        query.param(key)  # raises for an unknown parameter
    bound: dict[str, Identifier | list[Identifier]] = {}
    for param in query.params:
        raw = values.get(param.name)
        if raw is None:
            if param.default is not None and param.default.startswith("$"):
                key = param.default[1:]
                raw = (context or {}).get(key)
                if raw is None and not param.optional and not partial:
                    raise ParameterError(
                        query.name,
                        param.name,
                        f"required (the programme's {key.replace('_', ' ')}, and no programme "
                        "context was given)",
                    )
                if raw is None:
                    continue
            elif param.default is not None:
                raw = _split(param.default) if param.many else param.default
            elif param.optional:
                continue
            else:
                raise ParameterError(
                    query.name, param.name, f"required ({PARAM_TYPES[param.type]})"
                )
        if param.many:
            items = raw if isinstance(raw, list | tuple | set | frozenset) else _split(raw)
            terms = [to_term(query, param, item) for item in items]
            if not terms:
                raise ParameterError(query.name, param.name, "needs at least one value")
            bound[param.name] = terms
        else:
            if isinstance(raw, list | tuple | set | frozenset):
                raise ParameterError(query.name, param.name, "takes one value, not a list")
            bound[param.name] = to_term(query, param, raw)
    return bound


def _split(raw: object) -> list[object]:
    if isinstance(raw, str):
        return [part for part in re.split(r"[\s,]+", raw.strip()) if part]
    return [raw]


def to_term(query: NamedQuery, param: Param, value: object) -> Identifier:
    """One value as an RDF term of ``param``'s type (raises :class:`ParameterError`)."""

    def fail(expected: str) -> ParameterError:
        return ParameterError(query.name, param.name, f"{value!r} is not {expected}")

    kind = param.type
    if kind == "iri":
        return _iri(query, param, value)
    if kind == "string":
        if not isinstance(value, str):
            raise fail("a string")
        return Literal(value)
    if kind == "integer":
        if isinstance(value, bool):
            raise fail("an integer")
        try:
            number = int(value) if isinstance(value, int | str) else None
        except ValueError:
            number = None
        if number is None:
            raise fail("an integer")
        return Literal(number, datatype=XSD.integer)
    if kind == "decimal":
        try:
            decimal = (
                Decimal(str(value)) if isinstance(value, int | float | str | Decimal) else None
            )
        except InvalidOperation:
            decimal = None
        if decimal is None or not decimal.is_finite() or isinstance(value, bool):
            raise fail("a decimal number")
        return Literal(decimal, datatype=XSD.decimal)
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return Literal(value.isoformat(), datatype=XSD.date)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise fail("a valid date (YYYY-MM-DD)") from None
            return Literal(value, datatype=XSD.date)
        raise fail("a date (YYYY-MM-DD)")
    if kind == "year":
        text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if not re.fullmatch(r"-?\d{4}", text):
            raise fail("a year (YYYY)")
        return Literal(text, datatype=XSD.gYear)
    if kind == "boolean":
        if isinstance(value, bool):
            return Literal(value)
        if isinstance(value, str) and value.lower() in {"true", "false", "1", "0"}:
            return Literal(value.lower() in {"true", "1"})
        raise fail("a boolean (true/false)")
    raise fail(f"of a known type ({kind})")  # pragma: no cover - parse() checks types


def _iri(query: NamedQuery, param: Param, value: object) -> URIRef:
    if isinstance(value, URIRef):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ParameterError(query.name, param.name, f"{value!r} is not an IRI")
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif ":" in text and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        prefix, local = text.split(":", 1)
        if prefix in query.prefixes and re.fullmatch(r"[\w.\-/]*", local):
            text = query.prefixes[prefix] + local
        elif prefix in query.prefixes:
            raise ParameterError(
                query.name,
                param.name,
                f"{value!r} is not a prefixed name: {local!r} may hold only letters, digits "
                "and _ . - /; give a full IRI in <...>",
            )
        elif (
            re.fullmatch(r"[A-Za-z][\w.-]*", prefix)
            and prefix.lower() not in _SCHEMES_WITHOUT_SLASHES
        ):
            declared = ", ".join(sorted(p for p in query.prefixes if p)) or "none"
            raise ParameterError(
                query.name,
                param.name,
                f"{value!r} is not an IRI: unknown prefix {prefix!r} (declared: {declared}); "
                "give a full IRI in <...> or with ://",
            )
    if _BAD_IRI_CHARS.search(text) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise ParameterError(
            query.name,
            param.name,
            f"{value!r} is not an IRI: write <https://...>, https://... or a prefixed name "
            "such as ig:Membership",
        )
    return URIRef(text)


def collect_params(pairs: Iterable[Sequence[str]] | None) -> dict[str, str | list[str]]:
    """``KEY VALUE`` pairs (``-p KEY VALUE``, a magic's ``key = value`` lines) as parameters;
    a key given twice becomes a list.

    >>> collect_params([["org", "o:fprk"], ["year", "2021"], ["year", "2022"]])
    {'org': 'o:fprk', 'year': ['2021', '2022']}
    """
    params: dict[str, str | list[str]] = {}
    for key, value in pairs or ():
        if key in params:
            previous = params[key]
            params[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            params[key] = value
    return params
