"""A pyoxigraph SELECT result's rows, read from its TSV text.

Asking each solution for each of its terms makes two Python objects per cell (pyoxigraph's
term, then the result value). Instead, Oxigraph writes the whole result as SPARQL TSV in
Rust, and the rows are read back from that text:

* each distinct cell text is converted once, and its value shared by every cell that repeats
  it (a column repeats its parties, classes and statuses);
* an IRI is its ``<...>`` text without the brackets; a blank node keeps its ``_:`` label;
* a literal written without escapes (most: text, language-tagged text, dates, integers,
  booleans) is read in Python, as :func:`oxigraph_cell` reads
  the term;
* anything else (escaped text, decimals, doubles, direction tags, triple terms) is read by
  one pass of pyoxigraph's own Turtle parser for the whole result.

At a million triples this made ``explore/latest-status`` (54,978 rows) 2.20 → 1.90 s and
``network/tie-parties`` (104,109 rows) 623 → 451 ms through the engine
(benchmarks/README.md, "Fifth session"). ``tests/test_oxigraph_rows.py`` holds every value
to what the per-term conversion gives.

>>> import pyoxigraph as ox
>>> query = 'SELECT ?a ?b WHERE { VALUES (?a ?b) { (<https://x/a> 1) (UNDEF "t"@en) } }'
>>> text = ox.Store().query(query).serialize(format=ox.QueryResultsFormat.TSV)
>>> rows_from_tsv(text, 2)
[['https://x/a', 1], [None, 't']]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from intlgraph.engines.base import lang_str
from intlgraph.exc import EngineError
from intlgraph.results import IRI, XSD, BlankNode, literal_value

_UNREAD: Any = object()  # the mark of a cell text left to the Turtle parser


def oxigraph_cell(term: Any) -> Any:
    """A pyoxigraph term as a result value."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return IRI(term.value)
    if kind == "Literal":
        if term.language:
            return lang_str(term.value, term.language)
        return literal_value(term.value, term.datatype.value, None)
    if kind == "BlankNode":
        return BlankNode(f"_:{term.value}")
    return str(term)


def rows_from_terms(solutions: Iterable[Any], width: int) -> list[list[Any]]:
    """The rows of pyoxigraph ``solutions``, each term converted by :func:`oxigraph_cell`: the
    reading for a store whose IRIs may hold what TSV text cannot carry (a store loaded
    leniently elsewhere, :meth:`OxigraphEngine.mark_strict
    <intlgraph.engines.oxigraph.OxigraphEngine.mark_strict>`).

    >>> import pyoxigraph as ox
    >>> result = ox.Store().query('SELECT ?a ?b WHERE { VALUES (?a ?b) { (<https://x/a> 1) } }')
    >>> rows_from_terms(result, 2)
    [['https://x/a', 1]]
    """
    columns = range(width)
    return [[oxigraph_cell(solution[i]) for i in columns] for solution in solutions]


class _Values(dict[str, Any]):
    """A result's cell texts -> their values, each text converted when first looked up (the
    look-ups of texts already seen stay in C); the texts left to the parser, in order."""

    def __init__(self) -> None:
        super().__init__({"": None})  # an empty cell is unbound
        self.unread: list[str] = []

    def __missing__(self, text: str) -> Any:
        if text[-1] == ">" and text[0] == "<" and text[1:2] != "<":  # an IRI: most texts
            iri = self[text] = IRI(text[1:-1])
            return iri
        value = self[text] = _value(text)
        if value is _UNREAD:
            self.unread.append(text)
        return value


def rows_from_tsv(data: bytes, width: int) -> list[list[Any]]:
    """The rows of a SPARQL TSV result of ``width`` columns (:func:`cells_from_tsv`, cut
    into rows)."""
    if width == 0:  # rows without columns: empty lines
        return [[] for _ in range(_row_count(data))]
    cells = cells_from_tsv(data, width)
    return [cells[i : i + width] for i in range(0, len(cells), width)]


def _row_count(data: bytes) -> int:
    count = data.count(b"\n") - 1  # the header's line is not a row
    if count < 0 or data[-1:] != b"\n":
        raise EngineError("oxigraph engine: a result that is not line-ended TSV")
    return count


#: Bytes of TSV text split into cells at a time (at a line break): a chunk's cell texts are
#: freed before the next chunk's are made, so a large result's transient memory stays about
#: this size (:func:`cells_from_tsv`).
CHUNK_BYTES = 1 << 18


def cells_from_tsv(data: bytes, width: int, *, chunk: int = CHUNK_BYTES) -> list[Any]:
    r"""The cells of a SPARQL TSV result of ``width`` (at least one) columns, row after row,
    as the values :func:`oxigraph_cell` gives for its terms. The text must be what
    pyoxigraph writes: a header line, then one line per row, each ending in a newline.

    The text is read ``chunk`` bytes at a time, cut at a line break, each chunk in one pass
    (every line break a cell break): a row-by-row reading cost 20-35 % more on results of
    10,000 rows and over, and a whole result split at once made every cell's text before
    looking any up. At a million triples that was ~55 MB the allocator took from the system
    and gave back on every query (network/tie-parties, 103,781 rows: 14,000 page faults and
    30 ms of system time per run; by chunks 2,000 and 3 ms). A frame slices its columns
    from the cells (:meth:`Table.from_cells <intlgraph.results.Table.from_cells>`) without
    a list per row.

    A cell holds no tab or line break: TSV escapes them in literals, and only a store loaded
    leniently (never by intlgraph) holds an IRI with one. Such an IRI is refused where it
    leaves a piece that is not a whole IRI (:func:`_value`) or changes the count of cells,
    which must be the count of rows times ``width``. An IRI that also holds ``>`` and ``<``
    around the break (``x>`` tab ``<y``, written with escapes in a lenient file) reads as
    whole cells, and TSV cannot tell it from two IRIs: the engine reads a store it did not
    fill term by term (:func:`rows_from_terms`) until it is marked strict.

    >>> cells_from_tsv(b'?a\t?b\n<https://x/a>\t1\n\t"t"@en\n', 2, chunk=1)
    ['https://x/a', 1, None, 't']
    """
    count = _row_count(data)
    if count == 0:
        return []
    values = _Values()
    flat = _looked_up(data, chunk, values)
    if len(flat) != count * width:
        raise EngineError(
            f"oxigraph engine: {len(flat)} result cells in {count} rows of {width} columns"
        )
    if values.unread:  # escapes, decimals, triple terms: one parse, then the cells again
        read = map(oxigraph_cell, _read_terms(values.unread))
        values.update(zip(values.unread, read, strict=True))
        flat = _looked_up(data, chunk, values)
    return flat


def _looked_up(data: bytes, chunk: int, values: _Values) -> list[Any]:
    """The value of every cell of line-ended TSV ``data`` after its header line, read about
    ``chunk`` bytes of lines at a time (a line break is one byte in UTF-8: a cut there splits
    no character)."""
    flat: list[Any] = []
    view = memoryview(data)
    start = data.index(b"\n") + 1
    last = len(data) - 1  # a line break: _row_count checked
    while start <= last:
        end = data.find(b"\n", min(start + max(chunk, 1), last))
        texts = str(view[start:end], "utf-8").replace("\n", "\t").split("\t")
        flat.extend(map(values.__getitem__, texts))
        start = end + 1
    return flat


def _value(text: str) -> Any:
    """The value of a cell's text: an IRI, a blank node, a plain literal's value, or
    ``_UNREAD``. An IRI cut in two (a store loaded leniently can hold an IRI with a line
    break or a tab, which TSV cannot carry) is an error, never a wrong value."""
    if text[0] == "<" and text[1:2] != "<":
        if text[-1] != ">":
            raise EngineError(f"oxigraph engine: a result IRI that TSV cannot carry: {text[:80]!r}")
        return IRI(text[1:-1])
    if text[:2] == "_:":
        return BlankNode(text)
    return _plain_literal(text)


def _plain_literal(text: str) -> Any:
    """The value of a literal written without escapes (most of a result's literals: text,
    language-tagged text, dates, integers, booleans) as :func:`oxigraph_cell` gives it, read
    without a parser; ``_UNREAD`` for anything else.

    >>> _plain_literal('"2021-06-02"^^<http://www.w3.org/2001/XMLSchema#date>')
    datetime.date(2021, 6, 2)
    >>> _plain_literal('"Almaty"@en').language, _plain_literal("-12"), _plain_literal("true")
    ('en', -12, True)
    >>> quote, backslash = chr(34), chr(92)
    >>> _plain_literal(quote + "a" + backslash + "tb" + quote) is _UNREAD
    True
    >>> [_plain_literal(t) is _UNREAD for t in (quote + "x" + quote + "@en--ltr", "1.5")]
    [True, True]
    """
    if text[0] == '"':
        end = text.rfind('"')
        if end == 0 or "\\" in text:  # escapes: the parser reads them
            return _UNREAD
        lexical, rest = text[1:end], text[end + 1 :]
        if not rest:
            return literal_value(lexical, XSD + "string", None)
        if rest[0] == "@" and "--" not in rest:  # a base direction: the parser reads it
            return lang_str(lexical, rest[1:])
        if rest[:3] == "^^<" and rest[-1] == ">":
            return literal_value(lexical, rest[3:-1], None)
        return _UNREAD
    if text in ("true", "false"):  # Oxigraph writes an xsd:boolean bare
        return literal_value(text, XSD + "boolean", None)
    digits = text[1:] if text[0] == "-" else text
    if digits.isascii() and digits.isdigit():  # and an xsd:integer
        return literal_value(text, XSD + "integer", None)
    return _UNREAD


def _read_terms(texts: list[str]) -> list[Any]:
    """The terms written as ``texts`` (Turtle: literals, numbers, booleans, triple terms),
    read by one Turtle parse of a triple per text."""
    import pyoxigraph as ox

    document = "".join(f"<urn:x> <urn:x> {text} .\n" for text in texts).encode("utf-8")
    try:
        terms = [quad.object for quad in ox.parse(input=document, format=ox.RdfFormat.TURTLE)]
    except SyntaxError as error:
        raise EngineError(f"oxigraph engine: an unreadable result value: {error}") from error
    if len(terms) != len(texts):
        raise EngineError("oxigraph engine: result values that do not read back one to one")
    return terms
