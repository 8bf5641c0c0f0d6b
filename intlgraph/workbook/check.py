"""A workbook's SHACL findings, each against the sheet cell it came from.

The shapes run on the workbook's triples (with the ontology and any data they build on), and
each result is written as ``sheet!CELL: message ("value")`` — the cell that holds the value a
finding names, or the empty cell a missing value belongs in. Here an organisation row
without its Russian name, derived from a source that is not a programme section:

>>> import tempfile, pathlib
>>> from rdflib import Graph
>>> from intlgraph.workbook import bundled_schema, export_workbook, read_workbook
>>> from intlgraph.workbook import check
>>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <https://example.org/union> a ig:BranchUnion ; rdfs:label "Fictional union"@en ;
...     <http://www.w3.org/ns/prov#wasDerivedFrom> <https://example.org/source> .'''
>>> with tempfile.TemporaryDirectory() as tmp:
...     book = pathlib.Path(tmp, "programme.xlsx")
...     _ = export_workbook(Graph().parse(data=ttl, format="turtle"), book)
...     conversion = read_workbook(book)
>>> for line in check.shacl_findings(conversion, bundled_schema().graph):
...     print(line)
organisations!E2: needs a Russian rdfs:label (@ru)
organisations!U2: needs prov:wasDerivedFrom a programme section or a reference record
("<https://example.org/source>")
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from intlgraph.kg import KnowledgeGraph
from intlgraph.validate import render_node, validate
from intlgraph.workbook.convert import Conversion, column_letter
from intlgraph.workbook.mapping import load_mapping

__all__ = ["shacl_findings"]


def shacl_findings(
    conversion: Conversion, base: Graph | None = None, *, lang: str = "en"
) -> list[str]:
    """Run the SHACL shapes on the workbook's triples (with ``base``: the ontology and any
    data it builds on) and report each finding against the sheet row it came from.

    >>> from rdflib import Graph
    >>> from intlgraph.workbook import bundled_schema
    >>> from intlgraph.workbook.convert import Sheet, from_sheets
    >>> from intlgraph.workbook.mapping import load_mapping
    >>> sheets = {"memberships": Sheet("memberships", ["id", "kind", "label_en", "sources"],
    ...           [["<https://example.org/m1>", "Membership", "A membership",
    ...             "<https://example.org/s1>"]])}
    >>> conversion = from_sheets(sheets, load_mapping(), bundled_schema())
    >>> for line in shacl_findings(conversion, bundled_schema().graph):
    ...     print(line)
    memberships!C2: needs a Russian rdfs:label (@ru)
    memberships!D2: needs prov:wasDerivedFrom a programme section or a reference record
    ("<https://example.org/s1>")
    memberships!F2: a membership has exactly one member organisation
    memberships!G2: a membership is in exactly one organisation
    memberships!H2: a tie needs at least one party (ig:party)
    memberships!I2: a tie needs exactly one status from the status scheme
    """
    merged = Graph()
    for prefix, namespace in conversion.graph.namespaces():
        merged.bind(prefix, namespace, override=False, replace=False)
    merged += conversion.graph
    if base is not None:
        merged += base
    kg = KnowledgeGraph(merged)
    report = validate(kg, lang=lang)
    mapping = load_mapping()
    letters: dict[tuple[str, str], str] = {}
    for table in mapping.tables:
        for i, column in enumerate(table.columns):
            if column.property:
                name = render_node(kg.graph, URIRef(column.property))
                letters.setdefault((table.name, name), column_letter(i))
    lines: list[tuple[tuple[str, int], str]] = []
    for result in report.results:
        origin = conversion.origins.get(URIRef(result.focus))
        if origin is None:
            continue
        sheet, row = origin
        candidates = conversion.cells.get((URIRef(result.focus), _expand(kg, result.path)), [])
        # the cell that holds the value a finding names, else an empty one (a missing value)
        holding = [w for w, text in candidates if result.value and result.value in text]
        empty = [w for w, text in candidates if not text.strip()]
        missing = "MinCount" in result.constraint
        chosen = (empty + holding if missing else holding + empty) or [w for w, _ in candidates]
        if chosen:
            letter = chosen[0].split("!")[1].rstrip("0123456789")
        else:
            letter = letters.get((sheet, result.path), "A")
        value = f' ("{result.value}")' if result.value else ""
        lines.append(((sheet, row), f"{sheet}!{letter}{row}: {result.message(lang)}{value}"))
    order = {t.name: i for i, t in enumerate(mapping.tables)}
    lines.sort(key=lambda item: (order.get(item[0][0], 99), item[0][1], item[1]))
    return [line for _, line in lines]


def _expand(kg: KnowledgeGraph, name: str) -> str:
    return kg.expand(name) if name else ""
