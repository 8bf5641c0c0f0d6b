"""Import the world table of fundamental ILO ratifications (every member state) as RDF.

The table (``ilo_fundamental_ratifications_world.csv``) has one row per ILO member state, one
column per instrument (``Freedom_of_association_C087``, ...) holding the year of ratification
(``1958den.:1990`` = ratified 1958, denounced 1990; empty = not ratified) and the day it was
read (``BUSINESS_DATE``, dd-mm-yyyy).  It becomes:

* a reference record per row (``src:ref-ilo_fundamental_ratifications_world-{row}``) and one
  for the whole table, which lists the instruments it covers (``ig:coversInstrument``: a state
  without a ratification of one of them has not ratified it);
* every state as ``country:{ISO3}`` (code from pycountry; English label as the table writes
  it, Russian from pycountry's ISO 3166 translations; labels of countries already in the
  bundled data are kept as they are);
* every non-empty cell as ``rat:{ISO3}-{code}``, the same kind of node as Kazakhstan's
  ratifications, so a ratification already in the graph gets the table as a second source;
* the membership of the peer group of all member states (``group:ilo-member-states``).

The output is rdflib's sorted Turtle: the same table gives the identical file.

>>> from intlgraph.ratifications_import import parse_cell
>>> parse_cell("1958den.:1990")
(1958, 1990)
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph.exc import ImportConflictError, MalformedFileError, MissingFileError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "CITATION",
    "OUTPUT_NAME",
    "TABLE_NAME",
    "Cell",
    "ImportResult",
    "Row",
    "WorldTable",
    "build",
    "existing_graph",
    "import_table",
    "match_country",
    "parse_cell",
    "read_table",
]

#: The reference table's file name (its records are named after it).
TABLE_NAME = "ilo_fundamental_ratifications_world.csv"
#: The bundled output file (not read back as "existing" data when importing).
OUTPUT_NAME = "world-ratifications.ttl"
#: The table's provenance, as the reference README gives it.
CITATION = (
    "NORMLEX fundamental-conventions table, as collected in the public repository "
    "LavanyaVaidya/ILO_Conventions_Data_Automation, file ILO_Conventions.csv"
)

ID = "https://w3id.org/intlgraph/id/"
MEMBER_STATES_GROUP = ID + "peer-group/ilo-member-states"

_COLUMN = re.compile(r"_(?P<code>[CP][0-9]{3})$")
_CELL = re.compile(r"^(?P<year>[0-9]{4})(?:den\.:(?P<denounced>[0-9]{4}))?$")
_DATE_COLUMN = "BUSINESS_DATE"
_NAME_COLUMN = "Country"


@dataclass(frozen=True)
class Cell:
    """One non-empty cell: the instrument, the year of ratification, the year of denunciation.

    >>> Cell("C105", *parse_cell("1958den.:1990"))  # Malaysia's cell for C105
    Cell(instrument='C105', year=1958, denounced=1990)
    """

    instrument: str
    year: int
    denounced: int | None = None


@dataclass(frozen=True)
class Row:
    """One member state's row (``number`` 1 = the first row after the header).

    >>> row = Row(2, "Malaysia", (Cell("P029", 2022), Cell("C105", 1958, denounced=1990)))
    >>> [cell.instrument for cell in row.cells if cell.denounced is None]  # in force
    ['P029']
    """

    number: int
    name: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class WorldTable:
    """The parsed table (:func:`read_table` reads it from the CSV).

    >>> import datetime as dt
    >>> table = WorldTable(TABLE_NAME, dt.date(2026, 6, 4), ("C087", "C105"),
    ...                    (Row(1, "Kazakhstan", (Cell("C087", 2000), Cell("C105", 2001))),))
    >>> build(table).ratifications
    2
    """

    file_name: str
    read_on: dt.date
    instruments: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass
class ImportResult:
    """The imported graph, the names pycountry could not match, and what was imported.

    >>> import datetime as dt
    >>> table = WorldTable(TABLE_NAME, dt.date(2026, 6, 4), ("C087", "C105"),
    ...                    (Row(1, "Kazakhstan", (Cell("C087", 2000), Cell("C105", 2001))),
    ...                     Row(2, "Malaysia", (Cell("C105", 1958, denounced=1990),)),
    ...                     Row(3, "Atlantis", ())))
    >>> result = build(table)
    >>> result.states, result.ratifications, result.denunciations, result.unmatched
    (2, 3, 1, ['Atlantis'])
    """

    graph: Graph
    unmatched: list[str] = field(default_factory=list)
    states: int = 0
    ratifications: int = 0
    denunciations: int = 0

    def turtle(self) -> str:
        """The graph as sorted Turtle with a header line (identical for the same table).

        >>> import datetime as dt
        >>> table = WorldTable(TABLE_NAME, dt.date(2026, 6, 4), ("C087",),
        ...                    (Row(1, "Kazakhstan", (Cell("C087", 2000),)),))
        >>> turtle = build(table).turtle()
        >>> print(turtle.splitlines()[0])
        # Generated by `intlgraph import-ratifications` from
        ilo_fundamental_ratifications_world.csv; do not edit.
        >>> print(turtle[turtle.index("rat:KAZ-C087 a"):].split("\\n\\n")[0])
        rat:KAZ-C087 a ig:Ratification ;
            rdfs:label "Kazakhstan: C087 ratified"@en,
                "Казахстан: C087 ратифицирована"@ru ;
            dct:date "2000"^^xsd:gYear ;
            prov:wasDerivedFrom src:ref-ilo_fundamental_ratifications_world-1 ;
            ig:asOf "2000-01-01"^^xsd:date ;
            ig:instrument ilo:C087 ;
            ig:state country:KAZ ;
            ig:status status:ratified .
        >>> turtle == build(table).turtle()
        True
        """
        header = (
            f"# Generated by `intlgraph import-ratifications` from {TABLE_NAME}; do not edit.\n"
        )
        return header + self.graph.serialize(format="turtle")


def parse_cell(text: str) -> tuple[int, int | None] | None:
    """The year of ratification and of denunciation (or None) of a cell; None if empty.

    >>> parse_cell("2020"), parse_cell("")
    ((2020, None), None)
    """
    text = text.strip()
    if not text:
        return None
    match = _CELL.match(text)
    if match is None:
        raise ValueError(f"not a year or 'YYYYden.:YYYY': {text!r}")
    denounced = match.group("denounced")
    return int(match.group("year")), int(denounced) if denounced else None


def read_table(path: str | Path) -> WorldTable:
    """Parse the CSV; a malformed cell or date raises :class:`MalformedFileError` with its line.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     csv_file = pathlib.Path(tmp, TABLE_NAME)
    ...     _ = csv_file.write_text(
    ...         "Country,Freedom_of_association_C087,Forced_labour_P029,Forced_labour_C105,"
    ...         "BUSINESS_DATE\\nKazakhstan,2000,,2001,04-06-2026\\n"
    ...         "Malaysia,,2022,1958den.:1990,04-06-2026\\n", encoding="utf-8")
    ...     table = read_table(csv_file)
    >>> table.read_on, table.instruments
    (datetime.date(2026, 6, 4), ('C087', 'P029', 'C105'))
    >>> table.rows[1]
    Row(number=2, name='Malaysia', cells=(Cell(instrument='P029', year=2022, denounced=None),
                                          Cell(instrument='C105', year=1958, denounced=1990)))
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError(path, "no such file")
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        if _NAME_COLUMN not in columns or _DATE_COLUMN not in columns:
            raise MalformedFileError(
                path, f"expected the columns {_NAME_COLUMN} and {_DATE_COLUMN}", line=1
            )
        instruments = {c: m.group("code") for c in columns if (m := _COLUMN.search(c))}
        if not instruments:
            raise MalformedFileError(path, "no instrument columns (such as ..._C087)", line=1)
        rows: list[Row] = []
        dates: set[dt.date] = set()
        for number, record in enumerate(reader, start=1):
            line = reader.line_num
            try:
                dates.add(dt.datetime.strptime(record[_DATE_COLUMN].strip(), "%d-%m-%Y").date())
                cells = []
                for column, code in instruments.items():
                    value = parse_cell(record[column] or "")
                    if value is not None:
                        cells.append(Cell(code, value[0], value[1]))
            except (ValueError, AttributeError) as error:
                raise MalformedFileError(path, str(error), line=line) from None
            rows.append(Row(number, record[_NAME_COLUMN].strip(), tuple(cells)))
    if len(dates) != 1:
        raise MalformedFileError(path, f"expected one {_DATE_COLUMN}, found {len(dates)}")
    return WorldTable(path.name, dates.pop(), tuple(instruments.values()), tuple(rows))


def _name_variants(name: str) -> Iterator[str]:
    """The table's name, then the same name in ISO 3166's word orders.

    ``X (Y)`` -> ``X, Y`` and ``Y X``; ``A of [the] X`` -> ``X, A of [the]`` and
    ``X, The A of [the]``.
    """
    yield name
    if match := re.fullmatch(r"(.+?) \((.+)\)", name):
        head, tail = match.groups()
        yield f"{head}, {tail}"
        yield f"{tail} {head}"
    if match := re.fullmatch(r"(.+? of(?: the)?) (.+)", name):
        head, tail = match.groups()
        yield f"{tail}, {head}"
        yield f"{tail}, The {head}"


def match_country(name: str) -> Any | None:
    """The pycountry record of a country name (ILO or ISO spelling), or None.

    >>> match_country("Republic of Korea").alpha_3, match_country("Türkiye").alpha_3
    ('KOR', 'TUR')
    >>> match_country("Atlantis") is None
    True
    """
    import pycountry

    for variant in _name_variants(name):
        try:
            return pycountry.countries.lookup(variant)
        except LookupError:
            continue
    return None


def existing_graph(exclude: Iterable[str | Path] = ()) -> Graph:
    """The bundled data (without the import's own output) that the import merges with.

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import DCTERMS
    >>> existing = existing_graph()
    >>> rat = "https://w3id.org/intlgraph/id/ratification/"
    >>> str(existing.value(URIRef(rat + "KAZ-C087"), DCTERMS.date))  # Kazakhstan's own data
    '2000'
    >>> (URIRef(rat + "MYS-C105"), None, None) in existing  # world-ratifications.ttl: left out
    False
    """
    from intlgraph import paths, rdfio

    skip = {Path(p).resolve() for p in exclude}
    files = [p for p in paths.data_files() if p.name != OUTPUT_NAME and p.resolve() not in skip]
    return rdfio.merge(rdfio.parse_files(files))


def build(table: WorldTable, existing: Graph | None = None) -> ImportResult:
    """The RDF of ``table``; facts already in ``existing`` must agree with it.

    Raises :class:`ImportConflictError` when a ratification or country in ``existing``
    has another status, date, code or label than the table gives.

    >>> import datetime as dt
    >>> from rdflib import RDFS, URIRef
    >>> table = WorldTable(TABLE_NAME, dt.date(2026, 6, 4), ("C105",),
    ...                    (Row(1, "Malaysia", (Cell("C105", 1958, denounced=1990),)),))
    >>> graph = build(table).graph
    >>> rat = URIRef("https://w3id.org/intlgraph/id/ratification/MYS-C105")
    >>> sorted(str(label) for label in graph.objects(rat, RDFS.label))
    ['Malaysia: C105 denounced', 'Малайзия: C105 денонсирована']
    """
    import gettext

    import pycountry
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

    ig = Namespace("https://w3id.org/intlgraph/ont#")
    country_ns = Namespace(ID + "country/")
    rat_ns = Namespace(ID + "ratification/")
    ilo_ns = Namespace(ID + "instrument/")
    src_ns = Namespace(ID + "source/")
    status_ns = Namespace("https://w3id.org/intlgraph/vocab/status/")
    existing = existing if existing is not None else Graph()
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])

    g = Graph()
    for prefix, namespace in (
        ("ig", ig),
        ("country", country_ns),
        ("rat", rat_ns),
        ("ilo", ilo_ns),
        ("src", src_ns),
        ("status", status_ns),
        ("group", Namespace(ID + "peer-group/")),
        ("prov", PROV),
        ("dct", DCTERMS),
        ("skos", SKOS),
    ):
        g.bind(prefix, namespace)
    result = ImportResult(g)
    stem = table.file_name.removesuffix(".csv")
    read_on = Literal(table.read_on.isoformat(), datatype=XSD.date)
    citation = Literal(f"{CITATION} (BUSINESS_DATE {table.read_on:%d-%m-%Y})")

    whole = src_ns[f"ref-{stem}"]
    g.add((whole, RDF.type, ig.ReferenceRecord))
    g.add((whole, ig.referenceFile, Literal(table.file_name)))
    g.add((whole, ig.asOf, read_on))
    g.add((whole, DCTERMS.bibliographicCitation, citation))
    g.add(
        (
            whole,
            RDFS.label,
            Literal(
                f"{table.file_name}: ratifications of the fundamental ILO instruments by "
                f"every member state (NORMLEX, {table.read_on.isoformat()})",
                lang="en",
            ),
        )
    )
    g.add(
        (
            whole,
            RDFS.label,
            Literal(
                f"{table.file_name}: ратификации основополагающих инструментов МОТ всеми "
                f"государствами-членами (NORMLEX, {table.read_on.isoformat()})",
                lang="ru",
            ),
        )
    )
    for code in table.instruments:
        g.add((whole, ig.coversInstrument, ilo_ns[code]))

    group = URIRef(MEMBER_STATES_GROUP)
    g.add((group, RDF.type, ig.PeerGroup))
    codes: dict[str, str] = {}
    for row in table.rows:
        record = src_ns[f"ref-{stem}-{row.number}"]
        g.add((record, RDF.type, ig.ReferenceRecord))
        g.add((record, ig.referenceFile, Literal(table.file_name)))
        g.add((record, ig.rowNumber, Literal(row.number, datatype=XSD.integer)))
        g.add((record, ig.asOf, read_on))
        g.add((record, DCTERMS.bibliographicCitation, citation))
        g.add((record, DCTERMS.isPartOf, whole))
        g.add(
            (
                record,
                RDFS.label,
                Literal(f"{table.file_name}, row {row.number}: {row.name}", lang="en"),
            )
        )
        g.add(
            (
                record,
                RDFS.label,
                Literal(f"Справочная таблица {table.file_name}, строка {row.number}", lang="ru"),
            )
        )
        match = match_country(row.name)
        if match is None:
            result.unmatched.append(row.name)
            continue
        iso3 = str(match.alpha_3)
        if iso3 in codes:
            raise ImportConflictError(
                f"{row.name!r} and {codes[iso3]!r} are both {iso3} in ISO 3166"
            )
        codes[iso3] = row.name
        country = country_ns[iso3]
        result.states += 1
        labels = {
            "en": _existing_label(existing, country, "en") or row.name,
            "ru": _existing_label(existing, country, "ru") or russian.gettext(str(match.name)),
        }
        g.add((country, RDF.type, ig.Country))
        g.add((country, ig.isoCode, Literal(iso3)))
        for lang, text in labels.items():
            g.add((country, RDFS.label, Literal(text, lang=lang)))
        for alias in (row.name, match.name, getattr(match, "common_name", None)):
            if alias and str(alias) != labels["en"]:
                g.add((country, SKOS.altLabel, Literal(str(alias), lang="en")))
        g.add((country, PROV.wasDerivedFrom, record))
        g.add((group, ig.includesCountry, country))
        for cell in row.cells:
            ratification = rat_ns[f"{iso3}-{cell.instrument}"]
            denounced = cell.denounced is not None
            result.ratifications += 1
            result.denunciations += denounced
            protocol = cell.instrument.startswith("P")
            en_word = "denounced" if denounced else "ratified"
            ru_word = ("денонсирован" if denounced else "ратифицирован") + ("" if protocol else "а")
            g.add((ratification, RDF.type, ig.Ratification))
            g.add(
                (
                    ratification,
                    RDFS.label,
                    Literal(f"{labels['en']}: {cell.instrument} {en_word}", lang="en"),
                )
            )
            g.add(
                (
                    ratification,
                    RDFS.label,
                    Literal(f"{labels['ru']}: {cell.instrument} {ru_word}", lang="ru"),
                )
            )
            g.add((ratification, ig.state, country))
            g.add((ratification, ig.instrument, ilo_ns[cell.instrument]))
            g.add((ratification, ig.status, status_ns["denounced" if denounced else "ratified"]))
            g.add((ratification, DCTERMS.date, Literal(str(cell.year), datatype=XSD.gYear)))
            status_year = cell.denounced if cell.denounced is not None else cell.year
            g.add((ratification, ig.asOf, Literal(f"{status_year}-01-01", datatype=XSD.date)))
            if cell.denounced is not None:
                g.add((ratification, ig.endDate, Literal(str(cell.denounced), datatype=XSD.gYear)))
            g.add((ratification, PROV.wasDerivedFrom, record))
    conflicts = _conflicts(g, existing)
    if conflicts:
        raise ImportConflictError(
            f"{len(conflicts)} imported value(s) contradict the graph: " + "; ".join(conflicts[:5])
        )
    return result


def import_table(
    csv_path: str | Path, *, exclude: Iterable[str | Path] = (), existing: Graph | None = None
) -> ImportResult:
    """Read the table and build its RDF, merged with the bundled data (less ``exclude``).

    A table that agrees with the bundled data, and a name no ISO 3166 country matches:

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     csv_file = pathlib.Path(tmp, TABLE_NAME)
    ...     _ = csv_file.write_text(
    ...         "Country,Freedom_of_association_C087,Forced_labour_C105,BUSINESS_DATE\\n"
    ...         "Kazakhstan,2000,2001,04-06-2026\\nAtlantis,,1999,04-06-2026\\n",
    ...         encoding="utf-8")
    ...     result = import_table(csv_file)
    >>> result.states, result.ratifications, result.unmatched
    (1, 2, ['Atlantis'])
    """
    table = read_table(csv_path)
    if existing is None:
        existing = existing_graph(exclude)
    return build(table, existing)


def _existing_label(graph: Graph, subject: Node, lang: str) -> str | None:
    from rdflib import Literal
    from rdflib.namespace import RDFS

    found = sorted(
        str(o)
        for o in graph.objects(subject, RDFS.label)
        if isinstance(o, Literal) and o.language == lang
    )
    return found[0] if found else None


def _conflicts(new: Graph, existing: Graph) -> list[str]:
    """Single-valued facts where ``existing`` says something else than ``new``."""
    from rdflib import Literal, Namespace
    from rdflib.namespace import DCTERMS, RDFS

    ig = Namespace("https://w3id.org/intlgraph/ont#")
    single = (ig.status, DCTERMS.date, ig.asOf, ig.endDate, ig.state, ig.instrument, ig.isoCode)
    found: list[str] = []
    for subject in sorted(set(new.subjects()), key=str):
        if (subject, None, None) not in existing:
            continue
        for predicate in single:
            ours = set(new.objects(subject, predicate))
            theirs = set(existing.objects(subject, predicate))
            if ours and theirs and ours != theirs:
                found.append(
                    f"{subject} {predicate}: {sorted(map(str, theirs))} vs {sorted(map(str, ours))}"
                )
        for lang in ("en", "ru"):
            ours = {
                o
                for o in new.objects(subject, RDFS.label)
                if isinstance(o, Literal) and o.language == lang
            }
            theirs = {
                o
                for o in existing.objects(subject, RDFS.label)
                if isinstance(o, Literal) and o.language == lang
            }
            if ours and theirs and ours != theirs:
                was, now = sorted(map(str, theirs)), sorted(map(str, ours))
                found.append(f"{subject} rdfs:label@{lang}: {was} vs {now}")
    return found
