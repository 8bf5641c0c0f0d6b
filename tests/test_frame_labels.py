"""The label columns of a result's frame (intlgraph.results): each IRI cell gets its label,
else its local name; a gap and a cell that is text (not an IRI) get none — whatever mix of
labelled, unlabelled, repeated and missing values a column holds."""

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
