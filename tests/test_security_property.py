"""Hostile queries, generated: SERVICE and FROM hidden behind every escape form of SPARQL.

Each generated query goes through :func:`intlgraph.guard.check`, the gate of every path.
Whatever the guard lets through is then run directly (no guard) on an empty Oxigraph store
and an empty rdflib graph, the two engines' own readings of the text; a socket listening on
127.0.0.1 (answering nothing, closing each connection) counts every attempt to reach it.
The property: no query the guard accepts ever contacts it. A fixed seed, 2,000 examples.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from intlgraph import guard
from intlgraph.exc import ForbiddenQueryError, MalformedQueryError

#: PN_LOCAL_ESC: the characters a prefixed name's local part may escape with a backslash.
PN_LOCAL_ESC = "_~.-!$&'()*+,;=/?#@%"


class Trap:
    """A listening socket that accepts and closes every connection, counting them."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.count = 0
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while not self._stop:
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.count += 1
            connection.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        self.listener.close()


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    guard.check("ASK {}")  # the guard raises the recursion limit once, before Hypothesis runs
    listening = Trap()
    yield listening
    listening.close()


def _escape_letters(draw: st.DrawFn, word: str) -> str:
    """``word`` in random case, some letters as ``\\u`` / ``\\U`` escapes."""
    out = []
    for char in word:
        char = draw(st.sampled_from([char.upper(), char.lower()]))
        form = draw(st.sampled_from(["plain", "plain", "u", "U"]))
        out.append(
            char
            if form == "plain"
            else (f"\\u{ord(char):04X}" if form == "u" else f"\\U{ord(char):08x}")
        )
    return "".join(out)


@st.composite
def iri(draw: st.DrawFn, port: int) -> str:
    body = f"http://127.0.0.1:{port}/sparql"
    if draw(st.booleans()):
        at = draw(st.integers(min_value=7, max_value=len(body) - 1))
        body = body[:at] + f"\\u{ord(body[at]):04x}" + body[at + 1 :]
    return f"<{body}>"


@st.composite
def hiding(draw: st.DrawFn) -> str:
    """Text that a careless reader takes for the start of a string or comment."""
    kind = draw(
        st.sampled_from(
            ["pname", "pname", "comment", "string", "long-string", "iri-hash", "u-escape"]
        )
    )
    if kind == "pname":
        escaped = draw(st.sampled_from(PN_LOCAL_ESC))
        return f"?s{draw(st.integers(0, 9))} ?p ex:a\\{escaped} ."
    if kind == "comment":
        return "# " + draw(st.sampled_from(["'", '"', "{", "}", "'''", "SERVICE", ""])) + "\n"
    if kind == "string":
        quote = draw(st.sampled_from(["'", '"']))
        inner = draw(st.sampled_from(["\\" + quote, "#", "}", "\\\\", "{ SERVICE", ""]))
        return f"FILTER(?z != {quote}{inner}{quote})"
    if kind == "long-string":
        quote = draw(st.sampled_from(["'''", '"""']))
        inner = draw(st.sampled_from(["\n#", "'", '"', "\\n}", ""]))
        return f"FILTER(?z != {quote}{inner}{quote})"
    if kind == "iri-hash":
        return "?s ?p <http://e/#frag> ."
    return "?s ?p '\\u0027' ."


@st.composite
def hostile_query(draw: st.DrawFn, port: int) -> str:
    service_word = _escape_letters(draw, "SERVICE")
    silent = draw(st.sampled_from(["", " SILENT", " " + _escape_letters(draw, "SILENT")]))
    target = draw(iri(port))
    danger = f"{service_word}{silent} {target} {{ ?x ?y ?w }}"
    parts = draw(st.lists(hiding(), min_size=0, max_size=4))
    parts.insert(draw(st.integers(0, len(parts))), danger)
    separator = draw(st.sampled_from([" ", "\n", " . ", "\t"]))
    body = separator.join(parts)
    for _ in range(draw(st.integers(0, 3))):
        body = draw(
            st.sampled_from(["{{ {} }}", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ }}"])
        ).format(body)
    dataset = ""
    if draw(st.booleans()):
        from_word = _escape_letters(draw, "FROM")
        named = draw(st.sampled_from(["", " " + _escape_letters(draw, "NAMED")]))
        dataset = f" {from_word}{named} {draw(iri(port))}"
    tail = draw(st.sampled_from(["", " #'", ' #"', " # '''", "\n"]))
    return f"PREFIX ex: <http://e/> SELECT *{dataset} WHERE {{ {body} }}{tail}"


def _run_unguarded(text: str) -> None:
    """The engines' own reading of ``text``: errors are fine, a connection is not."""
    import pyoxigraph as ox
    import rdflib.plugins.sparql
    from rdflib import Graph

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    with contextlib.suppress(Exception):
        list(ox.Store().query(text))
    with contextlib.suppress(Exception):
        list(Graph().query(text))


#: Queries the property tries (seeded, so every run tries the same ones). The suite runs 500;
#: ``INTLGRAPH_PROPERTY_EXAMPLES=20000 pytest tests/test_security_property.py`` tries more.
EXAMPLES = int(os.environ.get("INTLGRAPH_PROPERTY_EXAMPLES", "500"))


def test_hostile_queries_never_contact_the_socket(trap: Trap) -> None:
    outcomes: Counter[str] = Counter()

    @seed(20261204)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(hostile_query(trap.port))
    def check(text: str) -> None:
        try:
            guard.check(text)
        except ForbiddenQueryError:
            outcomes["refused"] += 1
            return
        except MalformedQueryError:
            outcomes["malformed"] += 1
            return
        outcomes["accepted"] += 1
        _run_unguarded(text)
        assert trap.count == 0, text

    check()
    assert trap.count == 0
    assert sum(outcomes.values()) >= EXAMPLES
    assert outcomes["refused"] >= EXAMPLES // 4, outcomes  # the generator makes real SERVICE


def test_the_trap_does_count_a_real_service_call(trap: Trap) -> None:
    """The property above could not fail if the trap never counted: it does."""
    before = trap.count
    _run_unguarded(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{trap.port}/> {{ ?s ?p ?o }} }}")
    deadline = 50
    while trap.count == before and deadline:
        threading.Event().wait(0.05)
        deadline -= 1
    assert trap.count > before
    trap.count = before  # keep the property's count clean for any later test
