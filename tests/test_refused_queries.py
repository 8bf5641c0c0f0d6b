"""kg.sparql refuses queries that could leave the graph, however they are spelled."""

from __future__ import annotations

import socket

import pytest

import intlgraph
from intlgraph.exc import ForbiddenQueryError


@pytest.fixture(scope="module")
def kg() -> intlgraph.KnowledgeGraph:
    return intlgraph.KnowledgeGraph()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * \\u0046ROM <{url}> WHERE {{ ?s ?p ?o }}",
        "LOAD <{url}>",
        "INSERT DATA {{ <{url}> <{url}> <{url}> }}",
    ],
)
def test_refused_and_nothing_is_fetched(kg: intlgraph.KnowledgeGraph, template: str) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.3)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        with pytest.raises(ForbiddenQueryError):
            kg.query(template.format(url=url))
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected
