"""The one gate every query text passes before an engine sees it: a real parse, bounded.

:func:`check` is called for every query intlgraph runs on behalf of a user (``kg.sparql``,
``kg.select``, ``kg.query``, the CLI, the notebook magic, ``intlgraph serve``). It

1. refuses a text longer than :data:`MAX_QUERY_CHARS` or nested deeper than :data:`MAX_DEPTH`
   (brackets counted without reading the text, so strings never hide them) before any
   parser sees it — Oxigraph's parser overflows its stack on deep nesting;
2. parses it with rdflib's complete SPARQL 1.1 grammar, as each engine will read it: once
   the way rdflib does (``\\uXXXX`` escapes expanded in the whole text first) and, when the
   text holds such escapes, once the way Oxigraph does (escapes only inside strings and
   IRIs);
3. refuses SERVICE and any update (LOAD, INSERT, ...) found in either parse, and returns
   the query form and its dataset clause (FROM / FROM NAMED), which :func:`check` refuses
   in :func:`_dataset_policy` (the one place that decides it).

No keyword lexer decides what a query does.

>>> inspect("PREFIX ex: <http://e/> SELECT * FROM ex:g WHERE { ?s ?p ?o }")
QueryInfo(form='SELECT', default_graphs=('http://e/g',), named_graphs=())
>>> check("SELECT * WHERE { OPTIONAL { ?s ?p ex:a\\\\' } SERVICE <http://h/> { ?x ?y ?z } } #'")
Traceback (most recent call last):
intlgraph.exc.ForbiddenQueryError: refused: the query uses SERVICE; intlgraph runs read-only
queries that stay inside the graph
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from intlgraph.exc import ForbiddenQueryError, MalformedQueryError

__all__ = [
    "MAX_DEPTH",
    "MAX_QUERY_CHARS",
    "QueryInfo",
    "check",
    "check_shipped",
    "inspect",
    "leading_form",
    "parse",
]

#: The longest query text accepted (characters); parsing 100,000 characters takes ~3 s.
MAX_QUERY_CHARS = 100_000
#: The deepest nesting of ``{ ( [`` accepted, counted over the raw text (conservatively:
#: brackets inside strings, IRIs and comments count too, closing ones never lower the count
#: below what the parsers could see).
MAX_DEPTH = 64
#: rdflib's parser recurses ~40 Python frames per nesting level: room for MAX_DEPTH and more.
_RECURSION_LIMIT = 8_000

_ESCAPE = re.compile(r"\\\\|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
_ANY_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")


@dataclass(frozen=True)
class QueryInfo:
    """What a query is: its form and its dataset clause (IRIs as written, prefixes resolved)."""

    form: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def check(text: str, prefixes: Mapping[str, str] | None = None) -> QueryInfo:
    """:func:`inspect` ``text``, then refuse what intlgraph does not run (today: FROM).

    Raises :class:`~intlgraph.exc.MalformedQueryError` (too long, too deep, not SPARQL) or
    :class:`~intlgraph.exc.ForbiddenQueryError` (SERVICE, updates, a dataset clause).

    >>> check("ASK { ?s ?p ?o }").form
    'ASK'
    >>> check("SELECT * FROM <http://example.org/> { ?s ?p ?o }")
    Traceback (most recent call last):
    intlgraph.exc.ForbiddenQueryError: refused: the query uses FROM; intlgraph runs read-only
    queries that stay inside the graph
    """
    infos, malformed = _views(text, _key(prefixes))
    for info in infos:  # a refusal in any reading wins over a syntax error in another
        _dataset_policy(info)
    return _merged(infos, malformed)


_FORM_NAMES = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_PROLOGUE = re.compile(
    r"\s*(?:#[^\n]*(?:\n|$)|PREFIX\s+[A-Za-z0-9_.-]*:\s*<[^<>\"{}|^`\\\s]*>"
    r"|BASE\s*<[^<>\"{}|^`\\\s]*>)",
    re.IGNORECASE,
)
_FORM_WORD = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def leading_form(text: str) -> str | None:
    """The query form the first keyword after the comments, PREFIX and BASE declarations
    names, or ``None``: a cross-check only, never a verdict (:func:`check_shipped`).

    >>> leading_form("# ask?\\nPREFIX ex: <http://e/#> select * { ?s ?p ?o }")
    'SELECT'
    >>> leading_form("INSERT DATA { <a:b> <a:c> <a:d> }") is None
    True
    """
    position = 0
    while (declaration := _PROLOGUE.match(text, position)) and declaration.end() > position:
        position = declaration.end()
    found = _FORM_WORD.match(text, position)
    return found.group(1).upper() if found else None


def check_shipped(text: str, path: Path) -> QueryInfo:
    """:func:`check` for a catalogue query shipped with intlgraph, its verdict remembered in
    the user's cache folder so the next process need not parse it again (nor import rdflib).

    The remembered verdict is used only when ``path`` is a file of intlgraph's own
    ``queries`` folder whose content is ``text``, and only when it names that text's hash,
    this guard (its source, intlgraph's version and rdflib's grammar) and the form the text's own
    first keyword gives: a forged or stale entry can skip the parse only of a shipped query
    the guard accepts anyway, never change its form, and is otherwise ignored. Refusals are
    never remembered; any other text gets :func:`check`. ``INTLGRAPH_CACHE=0`` turns the
    memory off.

    >>> from intlgraph import paths
    >>> check_shipped((paths.queries_dir() / "cq/cq07.rq").read_text(encoding="utf-8"),
    ...               paths.queries_dir() / "cq/cq07.rq").form
    'SELECT'
    """
    import hashlib
    import json
    import os

    if os.environ.get("INTLGRAPH_CACHE", "1") == "0" or not _shipped(text, path):
        return check(text)
    from intlgraph import paths

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    form = leading_form(text)
    expected = {"text": digest, "guard": _guard_id(), "form": form}
    entry = paths.cache_dir() / "verdicts" / f"{digest}.json"
    try:
        remembered = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        remembered = None
    if form in _FORM_NAMES and remembered == expected:
        return QueryInfo(form)
    info = check(text)  # a refusal raises here and is never written
    if info.form == form and not info.default_graphs and not info.named_graphs:
        from intlgraph.exc import IntlgraphError
        from intlgraph.output import atomic_write

        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(entry, json.dumps(expected))
        except (OSError, IntlgraphError):  # an unwritable cache: parse again next time
            pass
    return info


def _shipped(text: str, path: Path) -> bool:
    """True when ``path`` is a file of intlgraph's own queries folder holding ``text``."""
    from intlgraph import paths

    try:
        root = paths.queries_dir().resolve()
        where = Path(path).resolve()
        return where.is_relative_to(root) and where.read_text(encoding="utf-8") == text
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=1)
def _guard_id() -> str:
    """This guard: a hash of its source, intlgraph's version and rdflib's SPARQL grammar
    (the parser module's source, found without importing rdflib)."""
    import hashlib
    from importlib.util import find_spec

    from intlgraph import __version__

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"|{__version__}|".encode())
    spec = find_spec("rdflib")
    for location in (spec.submodule_search_locations or []) if spec else []:
        grammar = Path(location) / "plugins" / "sparql" / "parser.py"
        digest.update(grammar.read_bytes() if grammar.is_file() else b"?")
    return digest.hexdigest()[:32]


def _dataset_policy(info: QueryInfo) -> None:
    """The one place that decides what a dataset clause may do: for now, refuse it."""
    used = ["FROM"] * bool(info.default_graphs) + ["FROM NAMED"] * bool(info.named_graphs)
    if used:
        raise _forbidden(used)


def inspect(text: str, prefixes: Mapping[str, str] | None = None) -> QueryInfo:
    """The form and dataset clause of ``text``; refuses SERVICE and updates.

    >>> inspect("CONSTRUCT WHERE { ?s ?p ?o }").form
    'CONSTRUCT'
    >>> inspect("LOAD <http://example.org/data.ttl>")
    Traceback (most recent call last):
    intlgraph.exc.ForbiddenQueryError: refused: the query uses LOAD; intlgraph runs read-only
    queries that stay inside the graph
    """
    return _merged(*_views(text, _key(prefixes)))


def _key(prefixes: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((prefixes or {}).items()))


def _merged(infos: list[QueryInfo], malformed: MalformedQueryError | None) -> QueryInfo:
    if malformed is not None:
        raise malformed
    if len({info.form for info in infos}) != 1:
        raise MalformedQueryError("malformed query: its escapes change what it is")
    return QueryInfo(
        infos[0].form,
        tuple(dict.fromkeys(g for info in infos for g in info.default_graphs)),
        tuple(dict.fromkeys(g for info in infos for g in info.named_graphs)),
    )


@lru_cache(maxsize=256)
def _views(
    text: str, prefixes: tuple[tuple[str, str], ...]
) -> tuple[list[QueryInfo], MalformedQueryError | None]:
    """Each engine's reading of ``text``: SERVICE or an update in any of them raises."""
    bound(text)
    readers: list[Callable[[str], Any]] = [parse]
    if _ANY_ESCAPE.search(text):
        # Oxigraph reads \u escapes only inside strings and IRIs: read that view too, with
        # each escape replaced by a plain letter (it cannot end a string, IRI or comment)
        readers.append(lambda t: _parse_raw(_ESCAPE.sub(_neutral, t)))
    infos: list[QueryInfo] = []
    malformed: MalformedQueryError | None = None
    for read in readers:
        try:
            infos.append(_describe(read(text), dict(prefixes)))
        except MalformedQueryError as error:
            malformed = malformed or error
    return infos, malformed


def _neutral(match: re.Match[str]) -> str:
    return match.group(0) if match.group(0) == "\\\\" else "a"


@lru_cache(maxsize=256)
def parse(text: str) -> Any:
    """rdflib's parse tree of the query ``text`` (after the size and depth limits); cached
    per text (read it, never change it).

    >>> parse("ASK {}")[1].name
    'AskQuery'
    """
    bound(text)
    from rdflib.plugins.sparql.parser import parseQuery

    return _parsed(parseQuery, text)


def _parse_raw(text: str) -> Any:
    from rdflib.plugins.sparql.parser import Query

    return _parsed(lambda t: Query.parse_string(t, parse_all=True), text)


#: pyparsing is not thread-safe: it learns each parse action's arity on its first calls
#: (a concurrent first call fails with "postParse2() missing 1 required positional argument").
_PARSE_LOCK = threading.Lock()


def _parsed(parser: Any, text: str) -> Any:
    if sys.getrecursionlimit() < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        with _PARSE_LOCK:
            return parser(text)
    except RecursionError:
        raise MalformedQueryError("malformed query: nested too deeply") from None
    except Exception as error:  # pyparsing's ParseException, rdflib's errors
        if _is_update(text):
            raise _forbidden(_update_names(text)) from None
        raise MalformedQueryError(f"malformed query: {_first_line(error)}") from None


def bound(text: str) -> None:
    """Refuse ``text`` when it is longer than :data:`MAX_QUERY_CHARS` or deeper than
    :data:`MAX_DEPTH`, without parsing it.

    >>> bound("SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    Traceback (most recent call last):
    intlgraph.exc.MalformedQueryError: malformed query: nested more than 64 levels deep
    """
    if len(text) > MAX_QUERY_CHARS:
        raise MalformedQueryError(
            f"malformed query: {len(text):,} characters, more than the limit of {MAX_QUERY_CHARS:,}"
        )
    depth = deepest = 0
    for char in text:
        if char in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    raise MalformedQueryError(
                        f"malformed query: nested more than {MAX_DEPTH} levels deep"
                    )
        elif char in _CLOSE and depth:
            depth -= 1


def _is_update(text: str) -> bool:
    return bool(_update_names(text))


@lru_cache(maxsize=64)
def _update_names(text: str) -> tuple[str, ...]:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSE_LOCK:
            update = parseUpdate(text)
    except Exception:
        return ()
    names = []
    for operation in dict.get(update, "request") or []:
        name = _UPDATE_NAMES.get(operation.name, operation.name.upper())
        if name not in names:
            names.append(name)
    return tuple(names)


_UPDATE_NAMES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


def _forbidden(features: list[str] | tuple[str, ...]) -> ForbiddenQueryError:
    return ForbiddenQueryError(
        f"refused: the query uses {', '.join(features)}; intlgraph runs read-only queries "
        "that stay inside the graph"
    )


_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def _describe(tree: Any, prefixes: dict[str, str]) -> QueryInfo:
    from rdflib.plugins.sparql.parserutils import CompValue

    prologue, query = tree[0], tree[1]
    for declaration in prologue:
        if isinstance(declaration, CompValue) and declaration.name == "PrefixDecl":
            prefixes[str(dict.get(declaration, "prefix") or "")] = str(declaration["iri"])
    if _has_service(query):
        raise _forbidden(["SERVICE"])
    default: list[str] = []
    named: list[str] = []
    for clause in dict.get(query, "datasetClause") or []:
        if dict.get(clause, "default") is not None:
            default.append(_iri(clause["default"], prefixes))
        if dict.get(clause, "named") is not None:
            named.append(_iri(clause["named"], prefixes))
    return QueryInfo(_FORMS[query.name], tuple(default), tuple(named))


def _has_service(node: Any) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(dict.values(item))
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)
    return False


def _iri(term: Any, prefixes: dict[str, str]) -> str:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(term, CompValue) and term.name == "pname":
        prefix = str(dict.get(term, "prefix") or "")
        local = str(dict.get(term, "localname") or "")
        return prefixes.get(prefix, f"{prefix}:") + local
    return str(term)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
