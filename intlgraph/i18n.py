"""Languages as data: the label fallback order and the message catalogues.

``intlgraph/messages/languages.json`` declares the fallback order of labels; each
``intlgraph/messages/<tag>.json`` is the wording of messages and reports in one language
(en and ru are complete). Any language tag the labels carry can be asked for: labels come in
that language where they exist, messages in the first catalogue of the fallback order.

>>> from intlgraph import i18n
>>> i18n.fallback("kk")
('kk', 'en', 'ru')
>>> i18n.message("report.findings", "ru"), i18n.message("report.findings", "kk")
('находок', 'findings')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["catalogue", "fallback", "is_tag", "languages", "message", "order"]

_DIR = Path(__file__).resolve().parent / "messages"
_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


@cache
def _settings() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_DIR / "languages.json").read_text(encoding="utf-8"))
    return data


def is_tag(tag: str) -> bool:
    """True for a well-formed BCP 47 language tag (``en``, ``kk``, ``zh-Hant``).

    >>> is_tag("kk"), is_tag("en-GB"), is_tag("e n")
    (True, True, False)
    """
    return bool(_TAG.match(tag))


def languages() -> tuple[str, ...]:
    """The languages with a message catalogue, in the declared fallback order.

    >>> languages()
    ('en', 'ru')
    """
    have = {p.stem for p in _DIR.glob("*.json") if p.stem != "languages"}
    declared = [tag for tag in _settings()["fallback"] if tag in have]
    return tuple(declared + sorted(have - set(declared)))


def fallback(lang: str | None) -> tuple[str, ...]:
    """The label languages to try, in order, for ``lang`` (then any other, then untagged).

    >>> fallback("ru"), fallback(None)
    (('ru', 'en'), ('en', 'ru'))
    """
    declared: list[str] = list(_settings()["fallback"])
    first = [lang] if lang else []
    return tuple(dict.fromkeys([*first, *declared]))


def order(tags: Iterable[str]) -> tuple[str, ...]:
    """``tags`` sorted by the declared fallback order, unknown ones after, alphabetically.

    >>> order(["ru", "kk", "en"])
    ('en', 'ru', 'kk')
    """
    declared = list(_settings()["fallback"])
    unique = set(tags)
    return tuple(
        sorted(unique, key=lambda t: (declared.index(t) if t in declared else len(declared), t))
    )


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of ``lang`` (its catalogue, or the first one of the fallback order).

    >>> catalogue("en")["gaps.none"]
    'no gaps found'
    """
    for tag in fallback(lang):
        path = _DIR / f"{tag}.json"
        if is_tag(tag) and path.is_file():
            data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
            return data
    raise FileNotFoundError(_DIR / "en.json")  # pragma: no cover - the package ships it


def message(key: str, lang: str = "en", /, **values: Any) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` fields filled from ``values``.

    A key missing from a catalogue falls back along :func:`fallback`.

    >>> message("gaps.sources", "ru")
    'источники'
    """
    for tag in fallback(lang):
        found = catalogue(tag).get(key)
        if found is not None:
            return found.format(**values) if values else found
    raise KeyError(key)
