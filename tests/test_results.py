"""Results as tables and frames (intlgraph.results): a table read from its cells is the table
of its rows; each IRI cell of a frame gets its label, else its local name; a gap and a cell
that is text (not an IRI) get none — whatever mix of values a column holds."""

from __future__ import annotations

from typing import Any

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from intlgraph.results import IRI, Table, _label_column, local_name, to_frame

NAMES = ["https://x/a", "https://x/b#c", "https://x/d/", "https://x/e", "urn:x:f"]


def expected(values: list[Any], labels: dict[str, str]) -> list[Any]:
    """One cell at a time, as the rule says."""
    if all(type(v) is IRI or v is None for v in values):
        return [None if v is None else labels.get(v, local_name(v)) for v in values]
    return [labels.get(v) or local_name(v) if type(v) is IRI else None for v in values]


cells = st.one_of(
    st.sampled_from(NAMES).map(IRI),  # IRIs, repeated
    st.none(),  # gaps
)


@seed(2021)
@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(cells, max_size=30),
    text=st.lists(st.sampled_from([*NAMES, "plain"]), max_size=3),
    labelled=st.dictionaries(st.sampled_from(NAMES), st.sampled_from(["A", "Б", ""]), max_size=5),
)
def test_every_cell_gets_its_label_or_its_local_name(
    values: list[Any], text: list[str], labelled: dict[str, str]
) -> None:
    assert _label_column(values, labelled) == expected(values, labelled)
    mixed = values + text  # text equal to an IRI of the column is still no IRI
    assert _label_column(mixed, labelled) == expected(mixed, labelled)


def test_the_frame_has_a_label_column_after_each_iri_column() -> None:
    a, b = IRI("https://x/a"), IRI("https://x/b#c")
    table = Table(["org", "n"], [[a, 1], [b, 2], [None, 3], [a, 4]])
    frame = to_frame(table, {"https://x/a": "A"})
    assert list(frame.columns) == ["org", "org_label", "n"]
    assert frame["org_label"].tolist()[:2] + frame["org_label"].tolist()[3:] == ["A", "c", "A"]
    assert frame["org_label"].isna().tolist() == [False, False, True, False]


@seed(2021)
@settings(max_examples=100, deadline=None)
@given(
    width=st.integers(min_value=1, max_value=4),
    rows=st.integers(min_value=0, max_value=6),
    pool=st.lists(st.one_of(st.none(), st.integers(), st.sampled_from(NAMES).map(IRI)), min_size=1),
)
def test_a_table_of_cells_is_the_table_of_its_rows(width: int, rows: int, pool: list[Any]) -> None:
    cells = [pool[k % len(pool)] for k in range(width * rows)]
    columns = [f"c{k}" for k in range(width)]
    as_rows = Table(columns, [cells[i : i + width] for i in range(0, len(cells), width)])
    from_cells = Table.from_cells(columns, list(cells))
    assert from_cells.column_values() == as_rows.column_values()
    assert from_cells.column_kinds() == as_rows.column_kinds()
    assert from_cells.iris() == as_rows.iris()
    assert from_cells == as_rows and from_cells.rows == as_rows.rows
    # a row added after the columns were read is in them the next time
    from_cells.rows.append([None] * width)
    assert [len(values) for values in from_cells.column_values()] == [rows + 1] * width
