"""The workbook's columns, read from the CSVW metadata file ``mapping.csv-metadata.json``.

The mapping is data: one CSVW table per sheet, one CSVW column per spreadsheet column. The
thin core in :mod:`intlgraph.workbook.convert` interprets it in both directions. The CSVW
terms used are ``url`` (the sheet / CSV file), ``tableSchema.aboutUrl`` (the row's subject),
``name``, ``titles``, ``dc:description``, ``propertyUrl``, ``valueUrl`` (``{+name}`` for a
reference cell, a fixed IRI with ``{name}`` for a closed list), ``datatype``, ``lang``,
``separator``, ``required`` and ``suppressOutput``. intlgraph's own keys carry what CSVW has
no word for: ``ig:classes`` (which resources a sheet holds), ``ig:closedList`` (the class whose
members fill a drop-down), ``ig:refersTo`` (the class a referenced resource must have),
``ig:flag`` (a yes/no cell that adds a fixed value) and ``ig:role: subject``.

>>> mapping = load_mapping()
>>> [table.name for table in mapping.tables][:3]
['organisations', 'places', 'memberships']
>>> status = mapping.table("ties").column("status")
>>> status.kind, status.template, status.closed_class
('closed', ('https://w3id.org/intlgraph/vocab/status/', ''), 'https://w3id.org/intlgraph/ont#Status')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["MAPPING_FILE", "Column", "Mapping", "Table", "load_mapping"]

#: The bundled mapping (CSVW metadata).
MAPPING_FILE = Path(__file__).resolve().parent / "mapping.csv-metadata.json"

#: The prefixes of CSVW's initial context that the mapping uses.
CSVW_PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "ig": "https://w3id.org/intlgraph/ont#",
}

#: CSVW datatypes (and intlgraph's ``ig:anyDate``) the mapping may name.
DATATYPES = ("string", "integer", "date", "gYear", "ig:anyDate", "boolean")


@dataclass(frozen=True)
class Column:
    """One column: how its cells become RDF terms (``kind``: subject, kind, flag, closed,
    ref or literal)."""

    name: str
    titles: dict[str, str]
    description: dict[str, str]
    kind: str
    property: str | None = None
    datatype: str | None = None
    lang: str | None = None
    separator: str | None = None
    required: bool = False
    template: tuple[str, str] | None = None
    closed_class: str | None = None
    refers_to: str | None = None
    flag_value: str | None = None

    def title(self, lang: str = "en") -> str:
        """The column's title in ``lang`` (else English)."""
        return self.titles.get(lang) or self.titles.get("en") or self.name


@dataclass(frozen=True)
class Table:
    """One sheet: the classes of its resources and its columns."""

    name: str
    titles: dict[str, str]
    description: dict[str, str]
    classes: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        """The column called ``name`` (KeyError if none)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


@dataclass(frozen=True)
class Mapping:
    """All tables of the workbook, in sheet order."""

    tables: tuple[Table, ...]
    titles: dict[str, str]
    description: dict[str, str]

    def table(self, name: str) -> Table:
        """The table called ``name`` (KeyError if none)."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)


def expand(name: str) -> str:
    """A CSVW prefixed name (``rdfs:label``) as a full IRI; a full IRI unchanged."""
    prefix, colon, local = name.partition(":")
    if colon and not local.startswith("//") and prefix in CSVW_PREFIXES:
        return CSVW_PREFIXES[prefix] + local
    return name


def _languages(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {}


def _column(spec: dict[str, Any]) -> Column:
    name = str(spec["name"])
    common: dict[str, Any] = {
        "name": name,
        "titles": _languages(spec.get("titles")),
        "description": _languages(spec.get("dc:description")),
        "required": bool(spec.get("required", False)),
    }
    if spec.get("ig:role") == "subject":
        return Column(kind="subject", **common)
    prop = expand(str(spec["propertyUrl"]))
    value_url = spec.get("valueUrl")
    datatype = spec.get("datatype")
    if datatype is not None and datatype not in DATATYPES:
        raise ValueError(f"column {name}: unknown datatype {datatype!r}")
    if spec.get("ig:flag"):
        return Column(kind="flag", property=prop, flag_value=expand(str(value_url)), **common)
    if value_url == "{+" + name + "}":
        return Column(
            kind="ref",
            property=prop,
            separator=spec.get("separator"),
            refers_to=expand(spec["ig:refersTo"]) if spec.get("ig:refersTo") else None,
            **common,
        )
    if isinstance(value_url, str):
        before, _, after = value_url.partition("{" + name + "}")
        closed = str(spec.get("ig:closedList", ""))
        kind = "kind" if closed == "ig:subclasses" else "closed"
        return Column(
            kind=kind,
            property=prop,
            template=(before, after),
            closed_class=None if kind == "kind" else expand(closed),
            separator=spec.get("separator"),
            **common,
        )
    return Column(
        kind="literal",
        property=prop,
        datatype=datatype or "string",
        lang=spec.get("lang"),
        separator=spec.get("separator"),
        **common,
    )


@lru_cache(maxsize=4)
def load_mapping(path: Path = MAPPING_FILE) -> Mapping:
    """Read the CSVW metadata at ``path`` (default: the bundled mapping)."""
    meta = json.loads(Path(path).read_text(encoding="utf-8"))
    tables = []
    for spec in meta["tables"]:
        schema = spec["tableSchema"]
        columns = tuple(_column(c) for c in schema["columns"])
        tables.append(
            Table(
                name=Path(str(spec["url"])).stem,
                titles=_languages(spec.get("dc:title")),
                description=_languages(spec.get("dc:description")),
                classes=tuple(expand(c) for c in spec["ig:classes"]),
                columns=columns,
            )
        )
    return Mapping(
        tables=tuple(tables),
        titles=_languages(meta.get("dc:title")),
        description=_languages(meta.get("dc:description")),
    )
