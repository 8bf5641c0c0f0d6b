"""Placing a VALUES block of bound parameters in a query text.

What a query does (its form, SERVICE, FROM, updates) is decided by :mod:`intlgraph.guard`
from a real parse, never here. The small tokenizer below only finds where the outermost
WHERE group opens. The VALUES block is made of RDF terms serialised by rdflib (``n3()``),
so a caller's text ends up escaped inside a literal, never as query syntax.

>>> insert_values("ASK { ?s ?p ?o }", {})
'ASK { ?s ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

__all__ = ["code_tokens", "insert_values", "term_n3", "values_block"]

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PNAME = re.compile(
    r"(?:[A-Za-z][\w.-]*)?:(?:(?:[\w%:-]|\\.)(?:(?:[\w.%:-]|\\.)*(?:[\w%:-]|\\.))?)?"
)
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def code_tokens(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, token)`` for the words and punctuation of ``text``.

    Comments and string literals are skipped; IRIs yield ``"<iri>"`` and prefixed names
    (``ex:load``) ``"<pname>"``.

    >>> [t for _, t in code_tokens('SELECT ?x { ?x <http://a#b> ex:load-with "WHERE" } # FROM')]
    ['SELECT', '?', 'x', '{', '?', 'x', '<iri>', '<pname>', '}']
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "\\":  # an escape of a prefixed name's local part (ex:a\\'), never a quote
            i += 2
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<":
            match = _IRIREF.match(text, i)
            if match:
                yield i, "<iri>"
                i = match.end()
            else:
                yield i, c
                i += 1
        elif (
            (c.isalpha() or c == ":")
            and (pname := _PNAME.match(text, i))
            and (not i or text[i - 1] not in "?$")
        ):
            yield i, "<pname>"
            i = pname.end()
        else:
            word = _WORD.match(text, i)
            if word:
                yield i, word.group(0)
                i = word.end()
            else:
                yield i, c
                i += 1


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text.startswith(quote * 3, i)
    delim = quote * 3 if long else quote
    j = i + len(delim)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(delim, j):
            return j + len(delim)
        if not long and text[j] == "\n":
            return j
        j += 1
    return len(text)


def values_block(bindings: Mapping[str, Identifier | Sequence[Identifier]]) -> str:
    """A ``VALUES`` clause binding each variable (one row; a list gives one row per item).

    >>> values_block({"x": Literal('a"} #')})
    'VALUES ?x { "a\\\\"} #" }'
    """
    parts = []
    for name, value in bindings.items():
        if not _WORD.fullmatch(name):
            raise ValueError(f"not a variable name: {name!r}")
        terms: list[Identifier] = list(value) if isinstance(value, list | tuple) else [value]  # type: ignore[list-item]
        parts.append(f"VALUES ?{name} {{ {' '.join(term_n3(t) for t in terms)} }}")
    return " ".join(parts)


def term_n3(term: Identifier) -> str:
    """An RDF term as SPARQL text, refusing what could break out of it (bad IRI characters,
    blank nodes, codepoint escapes that would end a literal).

    >>> from rdflib import Literal, URIRef
    >>> term_n3(URIRef("https://example.org/x")), term_n3(Literal(2021))
    ('<https://example.org/x>', '"2021"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(term, URIRef):
        if _BAD_IRI_CHARS.search(str(term)):
            raise ValueError(f"not an IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return _guard_codepoint_escapes(term.n3())
    if isinstance(term, BNode):
        raise ValueError("blank nodes cannot be bound")
    raise ValueError(f"cannot bind {term!r}")


_ESCAPE_PAIR = re.compile(r"\\(\\[uU]|.)", re.DOTALL)


def _guard_codepoint_escapes(n3: str) -> str:
    r"""Keep an escaped backslash followed by ``u`` from turning into a ``\uXXXX`` escape.

    Some engines (rdflib) expand ``\uXXXX`` in the whole query text before parsing, so the
    value ``\u0022`` (serialised as ``"\\u0022"``) would become a quote. The ``u`` after an
    escaped backslash is written as ``\U00000075`` itself (eight digits, so that no following
    hex digit can join it), which every engine reads as ``u``.

    >>> _guard_codepoint_escapes('"\\\\u0022"')
    '"\\\\\\U000000750022"'
    """

    def fix(match: re.Match[str]) -> str:
        pair = match.group(1)
        if len(pair) == 2:  # an escaped backslash, then u/U
            return "\\\\" + ("\\U00000075" if pair[1] == "u" else "\\U00000055")
        return match.group(0)

    return _ESCAPE_PAIR.sub(fix, n3)


def insert_values(text: str, bindings: Mapping[str, Identifier | Sequence[Identifier]]) -> str:
    """``text`` with a VALUES block opening its (outermost) WHERE group.

    >>> insert_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal(1)})
    'SELECT ?s WHERE { VALUES ?o { "1"^^<http://www.w3.org/2001/XMLSchema#integer> } ?s ?p ?o }'
    """
    if not bindings:
        return text
    block = values_block(bindings)
    tokens = list(code_tokens(text))
    position = None
    seen_form = False
    for index, (offset, token) in enumerate(tokens):
        upper = token.upper()
        if upper in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
            seen_form = True
        if upper == "WHERE" and index + 1 < len(tokens) and tokens[index + 1][1] == "{":
            position = tokens[index + 1][0]
            break
        if (
            seen_form
            and token == "{"
            and upper not in {"CONSTRUCT"}
            and _opens_where(tokens, index)
        ):
            position = offset
            break
    if position is None:
        raise ValueError("cannot find the query's WHERE clause to bind parameters")
    return text[: position + 1] + " " + block + text[position + 1 :]


def _opens_where(tokens: list[tuple[int, str]], index: int) -> bool:
    # a "{" directly after SELECT's projection or ASK (no WHERE keyword); not a CONSTRUCT template
    for _, token in reversed(tokens[:index]):
        upper = token.upper()
        if upper == "CONSTRUCT":
            return False
        if upper in {"SELECT", "ASK", "DESCRIBE"}:
            return True
    return False
