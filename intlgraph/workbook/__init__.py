"""A programme in a workbook: the graph as spreadsheet sheets, and back.

One sheet per kind of thing, one row per resource, one column per property; the mapping from
columns to RDF is the CSVW metadata file ``mapping.csv-metadata.json`` (see
:mod:`intlgraph.workbook.mapping`). What no column holds goes to the ``triples`` sheet, so an
exported workbook read back gives the same triples.

>>> import tempfile, pathlib
>>> from rdflib import Graph
>>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix prov: <http://www.w3.org/ns/prov#> .
... @prefix ex: <https://example.org/fictional/> .
... ex:union a ig:BranchUnion ; rdfs:label "Fictional union"@en , "Вымышленный профсоюз"@ru ;
...     prov:wasDerivedFrom ex:programme .
... ex:programme a ig:Programme ; rdfs:label "Fictional programme"@en .'''
>>> data = Graph().parse(data=ttl, format="turtle")
>>> with tempfile.TemporaryDirectory() as tmp:
...     book = pathlib.Path(tmp, "programme.xlsx")
...     summary = export_workbook(data, book)
...     back = read_workbook(book)
>>> summary.rows["organisations"], summary.rows["sources"], summary.leftover
(1, 1, 0)
>>> back.graph.isomorphic(data)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from intlgraph.exc import InputFileError
from intlgraph.workbook.convert import (
    PREFIXES_SHEET,
    TRIPLES_SHEET,
    Conversion,
    Schema,
    from_sheets,
    to_sheets,
)
from intlgraph.workbook.mapping import CSVW_PREFIXES, MAPPING_FILE, load_mapping

if TYPE_CHECKING:
    from collections.abc import Callable

    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "MAPPING_FILE",
    "Conversion",
    "ExportSummary",
    "WorkbookError",
    "bundled_schema",
    "export_workbook",
    "is_workbook",
    "read_workbook",
]


class WorkbookError(InputFileError):
    """Cells that cannot become RDF: one line each, naming sheet, cell and value.

    >>> print(WorkbookError("p.xlsx", ['ties!D7: unknown status "signd" (did you mean signed?)']))
    p.xlsx: ties!D7: unknown status "signd" (did you mean signed?)
    """

    def __init__(self, path: str | Path, lines: list[str]) -> None:
        self.lines = list(lines)
        super().__init__(path, "\n".join(lines))

    def __str__(self) -> str:
        return "\n".join(f"{self.path}: {line}" for line in self.lines)


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: rows per sheet and triples left for the ``triples`` sheet.

    >>> import intlgraph, tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     summary = export_workbook(intlgraph.load(), pathlib.Path(tmp, "fprk.xlsx"))
    >>> summary.rows["memberships"] > 0, summary.path.name
    (True, 'fprk.xlsx')
    """

    path: Path
    rows: dict[str, int]
    leftover: int
    triples: int


def is_workbook(path: str | Path) -> bool:
    """True for an ``.xlsx`` file or a folder (of ``.csv`` files).

    >>> is_workbook("programme.xlsx"), is_workbook("data/ties.ttl")
    (True, False)
    """
    path = Path(path)
    return path.suffix.lower() == ".xlsx" or path.is_dir()


_SCHEMA: list[Schema] = []


def bundled_schema() -> Schema:
    """The schema (classes, closed lists) of the bundled ontology, read once.

    >>> sorted(bundled_schema().closed_values(
    ...     load_mapping().table("figures").column("bound"), load_mapping().table("figures")))
    ['at-least', 'exact', 'more-than']
    """
    if not _SCHEMA:
        from intlgraph import paths, rdfio

        _SCHEMA.append(Schema(rdfio.merge(rdfio.parse_files(paths.ontology_files()))))
    return _SCHEMA[0]


def _used_prefixes(graph: Graph, candidates: dict[str, str]) -> dict[str, str]:
    from intlgraph.workbook.convert import _Prefixes

    px = _Prefixes(candidates)
    used: dict[str, str] = {}
    seen: set[str] = set()
    for triple in graph:
        for term in triple:
            text = str(term)
            if isinstance(term, URIRef) and text not in seen:
                seen.add(text)
                name = px.compact(text)
                if not name.startswith("<") and "://" not in name:
                    prefix = name.split(":", 1)[0]
                    used[prefix] = px.map[prefix]
        datatype = getattr(triple[2], "datatype", None)
        if datatype is not None and str(datatype) not in seen:
            seen.add(str(datatype))
            name = px.compact(str(datatype))
            if "://" not in name and not name.startswith("<"):
                prefix = name.split(":", 1)[0]
                used[prefix] = px.map[prefix]
    return dict(sorted(used.items()))


def export_workbook(
    source: Graph | KnowledgeGraph,
    path: str | Path,
    *,
    schema: Schema | None = None,
    prefixes: dict[str, str] | None = None,
) -> ExportSummary:
    """Write the data of ``source`` (a graph or a loaded knowledge graph, less the triples of
    the ontology) to ``path``: an ``.xlsx`` workbook, or a folder of ``.csv`` files when
    ``path`` has no ``.xlsx`` suffix. The file appears only when complete.

    >>> import tempfile, pathlib
    >>> from rdflib import Graph
    >>> data = Graph().parse(data='<https://example.org/x> '
    ...     '<http://www.w3.org/2000/01/rdf-schema#comment> "a note" .', format="turtle")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     summary = export_workbook(data, pathlib.Path(tmp, "csv"))
    ...     files = sorted(p.name for p in pathlib.Path(tmp, "csv").iterdir())
    >>> summary.leftover, files[-2:]
    (1, ['ties.csv', 'triples.csv'])
    """
    from intlgraph.workbook.files import write_csv_folder, write_xlsx

    schema = schema or bundled_schema()
    if isinstance(source, Graph):
        graph = source
        known = {p: str(ns) for p, ns in graph.namespaces() if p}
    else:
        graph = source.graph
        known = dict(source.prefixes())
    data = Graph()
    data += (t for t in graph if t not in schema.graph)
    known.update(prefixes or {})
    for prefix, namespace in CSVW_PREFIXES.items():
        if namespace not in known.values():
            known.setdefault(prefix, namespace)
    used = _used_prefixes(data, known)
    mapping = load_mapping()
    sheets = to_sheets(data, schema, mapping, used)
    target = Path(path)
    if target.suffix.lower() == ".xlsx":
        write_xlsx(sheets, mapping, schema, target)
    else:
        write_csv_folder(sheets, target)
    return ExportSummary(
        path=target,
        rows={name: len(sheet.rows) for name, sheet in sheets.items() if name != PREFIXES_SHEET},
        leftover=len(sheets[TRIPLES_SHEET].rows),
        triples=len(data),
    )


def read_workbook(
    path: str | Path, *, known: Graph | None = None, schema: Schema | None = None
) -> Conversion:
    """Read an ``.xlsx`` workbook (or a folder of ``.csv`` files) into RDF.

    ``known`` holds the resources a reference may name besides the workbook's own rows
    (e.g. the bundled data). Any problem raises :class:`WorkbookError` listing every bad
    cell; nothing is returned half-read.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = pathlib.Path(tmp)
    ...     _ = (folder / "ties.csv").write_text(
    ...         "id,kind,status\\n<https://example.org/t1>,Agreement,signd\\n", encoding="utf-8")
    ...     read_workbook(folder)
    Traceback (most recent call last):
    intlgraph.workbook.WorkbookError: /...: ties!C2: unknown status "signd" (did you mean signed?)
    /...: ties!Y2: missing sources (required; the cell is empty)
    """
    from intlgraph.workbook.files import read_sheets

    sheets = read_sheets(path)
    conversion = from_sheets(sheets, load_mapping(), schema or bundled_schema(), known=known)
    if conversion.errors:
        raise WorkbookError(path, conversion.errors)
    return conversion


def __getattr__(name: str) -> Callable[..., list[str]]:
    """``shacl_findings`` moved to :mod:`intlgraph.workbook.check` (deprecated alias)."""
    if name == "shacl_findings":
        import importlib

        from intlgraph import deprecation

        deprecation.warn(
            "intlgraph.workbook.shacl_findings", "intlgraph.workbook.check.shacl_findings"
        )
        found: Callable[..., list[str]] = importlib.import_module(
            "intlgraph.workbook.check"  # by name: the check module imports the graph layer
        ).shacl_findings
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
