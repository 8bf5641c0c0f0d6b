"""The thin core: RDF triples to sheet rows and back, as the mapping's columns say.

Export puts each resource on the first sheet whose ``ig:classes`` it belongs to and each of
its triples in the first column that can hold it *without loss* (the cell read back gives the
very same RDF term); a triple no column can hold goes to the ``triples`` sheet, one triple a
row, so an export read back gives the same graph. Import reads every cell with its column's
rule and collects every problem as one line naming sheet, row, column and value.

>>> from rdflib import Graph
>>> from intlgraph.workbook.mapping import load_mapping
>>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix ex: <https://example.org/> .
... @prefix prov: <http://www.w3.org/ns/prov#> .
... ex:union a ig:BranchUnion ; rdfs:label "Example union"@en ; ex:colour "blue" ;
...     prov:wasDerivedFrom ex:programme .'''
>>> data = Graph().parse(data=ttl, format="turtle")
>>> schema = Schema.from_graph(Graph().parse(data=ttl.split("ex:union")[0] +
...     "ig:BranchUnion <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
...     "<http://www.w3.org/ns/org#Organization> .", format="turtle"))
>>> sheets = to_sheets(data, schema, load_mapping(), {"ex": "https://example.org/"})
>>> org = sheets["organisations"]
>>> dict(zip(org.header, org.rows[0]))["label_en"], dict(zip(org.header, org.rows[0]))["kind"]
('Example union', 'BranchUnion')
>>> sheets["triples"].rows
[['ex:union', 'ex:colour', 'blue', '']]
>>> back = from_sheets(sheets, load_mapping(), schema)
>>> back.errors, back.graph.isomorphic(data)
([], True)
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from intlgraph.workbook.mapping import Column, Table
from intlgraph.workbook.mapping import Mapping as WorkbookMapping

__all__ = [
    "PREFIXES_SHEET",
    "TRIPLES_SHEET",
    "Conversion",
    "Schema",
    "Sheet",
    "column_letter",
    "from_sheets",
    "to_sheets",
]

TRIPLES_SHEET = "triples"
PREFIXES_SHEET = "prefixes"
TRIPLES_HEADER = ("subject", "predicate", "object", "type")
PREFIXES_HEADER = ("prefix", "namespace")

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:(\S*)$")
_SAFE_LOCAL = re.compile(r"^[\w\-.~/%]*$")
_YES = {"yes", "y", "true", "1", "x", "да"}
_NO = {"no", "n", "false", "0", "нет"}


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index``.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    """One sheet: a header row and the data rows under it (row 2 onwards)."""

    name: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


class Schema:
    """What the ontology says that the mapping needs: subclasses, closed lists, labels."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        parents: dict[Node, set[Node]] = defaultdict(set)
        for child, parent in graph.subject_objects(RDFS.subClassOf):
            parents[child].add(parent)
        classes = set(parents) | set(graph.subjects(RDF.type, OWL.Class))
        for values in list(parents.values()):
            classes |= values
        self._parents = parents
        self._closure: dict[Node, frozenset[Node]] = {}
        self.classes = classes

    @classmethod
    def from_graph(cls, graph: Graph) -> Schema:
        """The schema of an ontology graph."""
        return cls(graph)

    def superclasses(self, cls: Node) -> frozenset[Node]:
        """``cls`` and every class above it."""
        found = self._closure.get(cls)
        if found is None:
            seen: set[Node] = set()
            todo = [cls]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    todo.extend(self._parents.get(current, ()))
            found = self._closure[cls] = frozenset(seen)
        return found

    def closed_values(self, column: Column, table: Table) -> dict[str, URIRef]:
        """Cell text -> IRI for a drop-down column (``closed`` or ``kind``)."""
        assert column.template is not None
        before, after = column.template
        if column.kind == "kind":
            wanted = {URIRef(c) for c in table.classes}
            members: Iterable[Node] = (c for c in self.classes if self.superclasses(c) & wanted)
        else:
            members = (
                s
                for s in self.graph.subjects(RDF.type)
                if column.closed_class is not None
                and any(
                    column.closed_class in {str(c) for c in self.superclasses(t)}
                    for t in self.graph.objects(s, RDF.type)
                )
            )
        values: dict[str, URIRef] = {}
        for iri in members:
            text = str(iri)
            if isinstance(iri, URIRef) and text.startswith(before) and text.endswith(after):
                local = text[len(before) : len(text) - len(after) if after else None]
                if local and _SAFE_LOCAL.match(local):
                    values[local] = iri
        return dict(sorted(values.items()))

    def noun(self, cls: str) -> str:
        """A short English name of ``cls`` for messages."""
        labels = [
            str(o)
            for o in self.graph.objects(URIRef(cls), RDFS.label)
            if isinstance(o, Literal) and o.language == "en"
        ]
        label = labels[0] if labels else None
        local = re.split(r"[#/]", cls)[-1]
        if local == "Organization":
            return "organisation"
        return str(label) if label is not None else local


@dataclass
class Conversion:
    """The graph read from the sheets, where each resource came from, and the problems."""

    graph: Graph
    origins: dict[Node, tuple[str, int]]
    cells: dict[tuple[Node, str], list[tuple[str, str]]]
    errors: list[str]


class _Prefixes:
    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.map = {p: ns for p, ns in prefixes.items() if p and ns}
        self._by_length = sorted(self.map.items(), key=lambda item: -len(item[1]))

    def compact(self, iri: str) -> str:
        for prefix, namespace in self._by_length:
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                if _SAFE_LOCAL.match(local) and not local.startswith("/"):
                    return f"{prefix}:{local}"
        return iri if "://" in iri else f"<{iri}>"

    def expand(self, text: str) -> str:
        """An IRI from a cell; raise ValueError with the reason."""
        if text.startswith("<") and text.endswith(">"):
            return text[1:-1]
        match = _PREFIXED.match(text)
        if match and not match.group(2).startswith("//"):
            prefix = match.group(1) or ""
            if prefix in self.map:
                return self.map[prefix] + match.group(2)
            if "://" not in text:
                raise ValueError(f'unknown prefix "{prefix}:" (add it to the prefixes sheet)')
        if "://" in text and " " not in text:
            return text
        raise ValueError("not a prefixed name (o:fprk) or a full IRI")


# --- cells -> terms -------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n")


def _literal(column: Column, text: str) -> Literal:
    kind = column.datatype
    if kind == "integer":
        stripped = text.strip()
        if not _INTEGER.match(stripped):
            raise ValueError("not a whole number")
        return Literal(stripped, datatype=XSD.integer)
    if kind in ("date", "gYear", "ig:anyDate"):
        stripped = text.strip()
        if _DATE.match(stripped):
            try:
                dt.date.fromisoformat(stripped)
            except ValueError:
                raise ValueError("not a valid date (YYYY-MM-DD)") from None
            if kind == "gYear":
                raise ValueError("not a year (YYYY)")
            return Literal(stripped, datatype=XSD.date)
        if kind == "ig:anyDate":
            match = _YEAR_MONTH.match(stripped)
            if match and 1 <= int(match.group(2)) <= 12:
                return Literal(stripped, datatype=XSD.gYearMonth)
        if kind in ("gYear", "ig:anyDate") and _YEAR.match(stripped):
            return Literal(stripped, datatype=XSD.gYear)
        expected = {
            "date": "YYYY-MM-DD",
            "gYear": "YYYY",
            "ig:anyDate": "YYYY-MM-DD, YYYY-MM or YYYY",
        }[kind]
        raise ValueError(f"not a valid date ({expected})")
    if column.lang:
        return Literal(text, lang=column.lang)
    return Literal(text)


def _parse_cell(
    column: Column, value: Any, prefixes: _Prefixes, closed: dict[str, URIRef] | None
) -> list[Node]:
    """The RDF terms of one cell; ValueError names what is wrong."""
    text = _cell_text(value)
    if column.kind == "flag":
        word = text.strip().lower()
        if word in _YES:
            assert column.flag_value is not None
            return [URIRef(column.flag_value)]
        if word in _NO or not word:
            return []
        raise ValueError("expected yes or no")
    parts = text.split(column.separator) if column.separator else [text]
    terms: list[Node] = []
    for part in parts:
        if column.kind != "literal" or column.datatype != "string":
            part = part.strip()
        if not part:
            if column.separator and column.kind == "literal" and len(parts) > 1:
                raise ValueError("an empty line in a list")
            continue
        if column.kind in ("closed", "kind"):
            assert closed is not None
            if part not in closed:
                known = list(closed)
                close = difflib.get_close_matches(part, known, n=1, cutoff=0.6)
                hint = (
                    f" (did you mean {close[0]}?)"
                    if close
                    else (f" (one of: {', '.join(known)})" if len(known) <= 12 else "")
                )
                raise ValueError(f'unknown {column.name} "{part}"{hint}')
            terms.append(closed[part])
        elif column.kind == "ref":
            terms.append(URIRef(prefixes.expand(part)))
        else:
            terms.append(_literal(column, part))
    return terms


# --- terms -> cells -------------------------------------------------------------------------


def _format_term(
    column: Column, term: Node, prefixes: _Prefixes, closed: dict[str, URIRef] | None
) -> Any:
    """The cell value for ``term`` in ``column``, or None if the column cannot hold it."""
    if column.kind in ("closed", "kind"):
        assert closed is not None
        for text, iri in closed.items():
            if iri == term:
                return text
        return None
    if column.kind == "ref":
        return prefixes.compact(str(term)) if isinstance(term, URIRef) else None
    if not isinstance(term, Literal):
        return None
    if (term.language or None) != (column.lang or None):
        return None
    datatype = column.datatype
    wanted = {
        "string": None,
        "integer": XSD.integer,
        "date": XSD.date,
        "gYear": XSD.gYear,
    }
    if datatype == "ig:anyDate":
        if term.datatype not in (XSD.date, XSD.gYearMonth, XSD.gYear):
            return None
    elif datatype in wanted and term.datatype != wanted[datatype]:
        return None
    text = str(term)
    if datatype == "integer":
        return int(text) if _INTEGER.match(text) and str(int(text)) == text else None
    return text or None


def _round_trips(
    column: Column,
    term: Node,
    cell: Any,
    prefixes: _Prefixes,
    closed: dict[str, URIRef] | None,
) -> bool:
    if cell is None:
        return False
    if column.separator and isinstance(cell, str) and column.separator in cell:
        return False
    try:
        back = _parse_cell(column, cell, prefixes, closed)
    except ValueError:
        return False
    return back == [term] and type(back[0]) is type(term)


def _term_text(term: Node, prefixes: _Prefixes) -> tuple[str, str]:
    """A term of the triples sheet as (object cell, type cell)."""
    if isinstance(term, BNode):
        return f"_:{term}", "blank"
    if isinstance(term, URIRef):
        return prefixes.compact(str(term)), "iri"
    assert isinstance(term, Literal)
    if term.language:
        return str(term), f"@{term.language}"
    if term.datatype is not None:
        return str(term), prefixes.compact(str(term.datatype))
    return str(term), ""


def _node_text(term: Node, prefixes: _Prefixes) -> str:
    return f"_:{term}" if isinstance(term, BNode) else prefixes.compact(str(term))


def assign_table(types: Iterable[Node], tables: Iterable[Table], schema: Schema) -> Table | None:
    """The first table whose classes the resource (with ``types``) belongs to."""
    above: set[str] = set()
    for t in types:
        above |= {str(c) for c in schema.superclasses(t)}
    for table in tables:
        if above & set(table.classes):
            return table
    return None


def to_sheets(
    data: Graph, schema: Schema, mapping: WorkbookMapping, prefixes: Mapping[str, str]
) -> dict[str, Sheet]:
    """The sheets of ``data``: one per table, then ``triples`` and ``prefixes``."""
    px = _Prefixes(prefixes)
    sheets = {t.name: Sheet(t.name, [c.name for c in t.columns]) for t in mapping.tables}
    closed = {
        (t.name, c.name): schema.closed_values(c, t)
        for t in mapping.tables
        for c in t.columns
        if c.kind in ("closed", "kind")
    }
    leftovers: list[tuple[Node, Node, Node]] = []
    subjects = sorted(set(data.subjects()), key=lambda s: (isinstance(s, BNode), str(s)))
    for subject in subjects:
        pairs = sorted(data.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1])))
        table = None
        if isinstance(subject, URIRef):
            table = assign_table(data.objects(subject, RDF.type), mapping.tables, schema)
        if table is None:
            leftovers += [(subject, p, o) for p, o in pairs]
            continue
        remaining = list(pairs)
        cells: dict[str, Any] = {}
        order = sorted(table.columns, key=lambda c: {"flag": 0, "kind": 1}.get(c.kind, 2))
        for column in order:
            if column.kind == "subject":
                cells[column.name] = px.compact(str(subject))
                continue
            values = closed.get((table.name, column.name))
            taken: list[tuple[Node, Any]] = []
            if column.kind == "kind":
                candidates = [
                    (len(schema.superclasses(o)), str(o), o)
                    for p, o in remaining
                    if str(p) == column.property
                ]
                for _, _, o in sorted(candidates, key=lambda c: (-c[0], c[1])):
                    cell = _format_term(column, o, px, values)
                    if _round_trips(column, o, cell, px, values):
                        taken = [(o, cell)]
                        break
            else:
                for p, o in remaining:
                    if str(p) != column.property:
                        continue
                    cell = _format_term(column, o, px, values)
                    if _round_trips(column, o, cell, px, values):
                        taken.append((o, cell))
                        if not column.separator:
                            break
            if not taken:
                continue
            for o, _ in taken:
                remaining.remove((URIRef(column.property or ""), o))
            if column.separator:
                cells[column.name] = column.separator.join(str(cell) for _, cell in taken)
            else:
                cells[column.name] = taken[0][1]
        sheets[table.name].rows.append([cells.get(c.name) for c in table.columns])
        leftovers += [(subject, p, o) for p, o in remaining]
    triples = Sheet(TRIPLES_SHEET, list(TRIPLES_HEADER))
    for s, p, o in leftovers:
        obj, kind = _term_text(o, px)
        triples.rows.append([_node_text(s, px), px.compact(str(p)), obj, kind])
    sheets[TRIPLES_SHEET] = triples
    sheets[PREFIXES_SHEET] = Sheet(
        PREFIXES_SHEET, list(PREFIXES_HEADER), [[p, ns] for p, ns in sorted(px.map.items())]
    )
    return sheets


# --- sheets -> graph ------------------------------------------------------------------------


def _prefixes_of(sheets: Mapping[str, Sheet], errors: list[str]) -> _Prefixes:
    found: dict[str, str] = {}
    sheet = sheets.get(PREFIXES_SHEET)
    if sheet is None:
        return _Prefixes(found)
    index = {name: i for i, name in enumerate(sheet.header)}
    for number, row in enumerate(sheet.rows, start=2):
        prefix = _cell_text(_at(row, index.get("prefix"))).strip().rstrip(":")
        namespace = _cell_text(_at(row, index.get("namespace"))).strip()
        if not prefix and not namespace:
            continue
        absolute = "://" in namespace or namespace.startswith("urn:")
        if not re.match(r"^[A-Za-z][\w.-]*$", prefix) or not absolute:
            errors.append(
                f'{PREFIXES_SHEET}!A{number}: bad prefix row "{prefix}" -> "{namespace}" '
                "(a name and a full namespace IRI)"
            )
            continue
        found[prefix] = namespace
    return _Prefixes(found)


def _at(row: list[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


def _check_header(sheet: Sheet, known: Iterable[str], errors: list[str]) -> dict[str, int]:
    allowed = set(known)
    index: dict[str, int] = {}
    for i, name in enumerate(sheet.header):
        text = _cell_text(name).strip()
        if not text:
            continue
        if text not in allowed:
            close = difflib.get_close_matches(text, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            errors.append(f'{sheet.name}!{column_letter(i)}1: unknown column "{text}"{hint}')
        elif text in index:
            errors.append(f'{sheet.name}!{column_letter(i)}1: column "{text}" appears twice')
        else:
            index[text] = i
    return index


def from_sheets(
    sheets: Mapping[str, Sheet],
    mapping: WorkbookMapping,
    schema: Schema,
    *,
    known: Graph | None = None,
) -> Conversion:
    """Read ``sheets`` back into a graph; ``known`` holds resources a reference may name
    besides the sheets' own (e.g. the bundled data)."""
    errors: list[str] = []
    px = _prefixes_of(sheets, errors)
    graph = Graph()
    for prefix, namespace in px.map.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    origins: dict[Node, tuple[str, int]] = {}
    cells: dict[tuple[Node, str], list[tuple[str, str]]] = {}
    references: list[tuple[str, str, Column, URIRef]] = []
    required: list[tuple[Node, str, Column]] = []
    tables = {t.name: t for t in mapping.tables}
    ignored = {"README", "lists", TRIPLES_SHEET, PREFIXES_SHEET}
    for name in sheets:
        if name not in tables and name not in ignored:
            errors.append(f'{name}!A1: unknown sheet "{name}" (expected: {", ".join(tables)})')
    for table in mapping.tables:
        sheet = sheets.get(table.name)
        if sheet is None:
            continue
        index = _check_header(sheet, (c.name for c in table.columns), errors)
        subject_column = next(c for c in table.columns if c.kind == "subject")
        closed = {
            c.name: schema.closed_values(c, table)
            for c in table.columns
            if c.kind in ("closed", "kind")
        }
        for number, row in enumerate(sheet.rows, start=2):
            if all(_cell_text(v).strip() == "" for v in row):
                continue
            where_id = f"{sheet.name}!{column_letter(index.get('id', 0))}{number}"
            raw_id = _cell_text(_at(row, index.get(subject_column.name))).strip()
            if not raw_id:
                errors.append(f"{where_id}: missing id (every row needs one, e.g. o:my-union)")
                continue
            try:
                subject: Node = URIRef(px.expand(raw_id))
            except ValueError as error:
                errors.append(f'{where_id}: id "{raw_id}": {error}')
                continue
            if subject in origins:
                first = origins[subject]
                errors.append(
                    f'{where_id}: id "{raw_id}" is already used on {first[0]} row {first[1]}'
                )
                continue
            origins[subject] = (sheet.name, number)
            for position, column in enumerate(table.columns):
                i = index.get(column.name, position)
                where = f"{sheet.name}!{column_letter(i)}{number}"
                if column.required and column.kind != "subject":
                    required.append((subject, where, column))
                if column.kind == "subject" or column.name not in index:
                    continue
                assert column.property is not None
                value = _at(row, i)
                cells.setdefault((subject, column.property), []).append((where, _cell_text(value)))
                try:
                    terms = _parse_cell(column, value, px, closed.get(column.name))
                except ValueError as error:
                    message = str(error)
                    if column.kind in ("closed", "kind"):
                        errors.append(f"{where}: {message}")
                    else:
                        errors.append(f'{where}: {column.name} "{_cell_text(value)}": {message}')
                    continue
                for term in terms:
                    graph.add((subject, URIRef(column.property), term))
                    if column.kind == "ref" and column.refers_to and isinstance(term, URIRef):
                        references.append((where, _cell_text(value), column, term))
    _read_triples(sheets.get(TRIPLES_SHEET), px, graph, errors)
    for subject, where, column in required:
        assert column.property is not None
        if (subject, URIRef(column.property), None) not in graph:
            errors.append(f"{where}: missing {column.name} (required; the cell is empty)")
    _check_references(references, graph, known, schema, px, errors)
    return Conversion(graph, origins, cells, errors)


def _read_triples(sheet: Sheet | None, px: _Prefixes, graph: Graph, errors: list[str]) -> None:
    if sheet is None:
        return
    index = _check_header(sheet, TRIPLES_HEADER, errors)
    blanks: dict[str, BNode] = {}

    def node(text: str) -> Node:
        if text.startswith("_:"):
            return blanks.setdefault(text, BNode())
        return URIRef(px.expand(text))

    for number, row in enumerate(sheet.rows, start=2):
        cells = [_at(row, index.get(name)) for name in TRIPLES_HEADER]
        if all(_cell_text(v) == "" for v in cells):
            continue
        s_text, p_text, o_text, kind = (_cell_text(v) for v in cells)
        where = f"{sheet.name}!{{}}{number}"
        try:
            subject = node(s_text.strip())
        except ValueError as error:
            errors.append(
                f"{where.format(column_letter(index.get('subject', 0)))}: "
                f'subject "{s_text}": {error}'
            )
            continue
        try:
            predicate = URIRef(px.expand(p_text.strip()))
        except ValueError as error:
            errors.append(
                f"{where.format(column_letter(index.get('predicate', 1)))}: "
                f'predicate "{p_text}": {error}'
            )
            continue
        kind = kind.strip()
        obj: Node
        try:
            if kind == "iri":
                obj = URIRef(px.expand(o_text.strip()))
            elif kind == "blank":
                obj = blanks.setdefault(o_text.strip(), BNode())
            elif kind.startswith("@"):
                obj = Literal(o_text, lang=kind[1:])
            elif kind:
                obj = Literal(o_text, datatype=URIRef(px.expand(kind)))
            else:
                obj = Literal(o_text)
        except ValueError as error:
            errors.append(
                f"{where.format(column_letter(index.get('object', 2)))}: "
                f'object "{o_text}" ({kind}): {error}'
            )
            continue
        graph.add((subject, predicate, obj))


def _check_references(
    references: list[tuple[str, str, Column, URIRef]],
    graph: Graph,
    known: Graph | None,
    schema: Schema,
    px: _Prefixes,
    errors: list[str],
) -> None:
    graphs = [g for g in (graph, known, schema.graph) if g is not None]
    cache: dict[Node, set[str]] = {}

    def classes(iri: Node) -> set[str]:
        found = cache.get(iri)
        if found is None:
            found = set()
            for g in graphs:
                for t in g.objects(iri, RDF.type):
                    found |= {str(c) for c in schema.superclasses(t)}
            cache[iri] = found
        return found

    for where, _text, column, term in references:
        assert column.refers_to is not None
        if column.refers_to in classes(term):
            continue
        noun = schema.noun(column.refers_to)
        candidates = sorted(
            {px.compact(str(s)) for s in graph.subjects(RDF.type) if column.refers_to in classes(s)}
        )
        name = px.compact(str(term))
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        errors.append(
            f'{where}: unknown {noun} "{name}" in {column.name}: no row or loaded resource '
            f"is one{hint}"
        )
