"""Findings as text: an aligned plain-text listing and Markdown (the CLI and ``report.md``).

>>> from intlgraph.gaps.model import Finding, Findings, Text, Entity
>>> a = Entity("https://e/a", Text("A", "А"), "ig:T")
>>> f = Finding("x", Text("A gap", "Пробел"), "low", (a,))
>>> print(to_markdown(Findings([f]), lang="ru").splitlines()[2])
- **low** — Пробел
"""

from __future__ import annotations

from collections.abc import Iterable

from intlgraph.gaps.model import Finding, Findings, Text

__all__ = ["ROLES", "SEVERITY_WORDS", "check_titles", "role", "to_markdown", "to_text"]

#: What each kind of evidence shows, in both languages.
ROLES: dict[str, Text] = {
    "programme-aim": Text("programme aim", "цель программы"),
    "planned-measure": Text("planned measure", "запланированная мера"),
    "planned-step": Text("planned step", "запланированный шаг"),
    "peer-ratification": Text("peer's ratification", "ратификация страны группы"),
    "latest-status": Text("latest status", "последний статус"),
    "sought-membership": Text("membership sought", "искомое членство"),
    "outcome": Text("outcome", "результат"),
    "other-record": Text("other record", "другая запись"),
    "sub-body-membership": Text("membership of a sub-body", "членство в подразделении"),
    "known-later": Text("known later", "известно позже"),
    "existing-tie": Text("existing tie", "существующая связь"),
    "stated-figure": Text("stated figure", "заявленная цифра"),
    "known": Text("known individual", "известный элемент"),
    "network-tie": Text("tie in the network", "связь в сети"),
}

SEVERITY_WORDS: dict[str, Text] = {
    "high": Text("high", "высокая"),
    "medium": Text("medium", "средняя"),
    "low": Text("low", "низкая"),
}


def role(name: str, lang: str = "en") -> str:
    """The words for an evidence role.

    >>> role("known-later", "ru")
    'известно позже'
    """
    return ROLES[name].get(lang) if name in ROLES else name


def check_titles(lang: str = "en") -> dict[str, str]:
    """Each registered check id with its title in ``lang``."""
    from intlgraph.gaps.registry import checks

    return {spec.id: spec.title.get(lang) for spec in checks()}


def _by_gap(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.gap, []).append(finding)
    return groups


def _sources(finding: Finding, lang: str) -> str:
    return "; ".join(s.cite(lang) for s in finding.sources())


def to_text(findings: Findings, lang: str = "en") -> str:
    """A plain-text listing: one block per check, one line per finding with its sources."""
    from intlgraph.i18n import message

    if not findings:
        return message("gaps.none", lang) + "\n"
    titles = check_titles(lang)
    lines: list[str] = []
    for gap, group in _by_gap(findings).items():
        if lines:
            lines.append("")
        lines.append(f"{gap} — {titles.get(gap, gap)} ({len(group)})")
        for finding in group:
            score = f" [score {finding.score:.3f}]" if finding.score is not None else ""
            lines.append(f"  {finding.severity:<6}  {finding.title.get(lang)}{score}")
            sources = _sources(finding, lang)
            if sources:
                lines.append(f"          {message('gaps.sources', lang)}: {sources}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe inside Markdown (no HTML, no emphasis or link syntax)."""
    out = text.replace("\\", "\\\\")
    for char in "`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out


def to_markdown(findings: Findings, lang: str = "en") -> str:
    """Markdown: a section per check, a bullet per finding with its evidence and sources."""
    titles = check_titles(lang)
    lines: list[str] = []
    for gap, group in _by_gap(findings).items():
        if lines:
            lines.append("")
        lines += [f"### {_md(titles.get(gap, gap))} (`{gap}`, {len(group)})", ""]
        for finding in group:
            score = f" (score {finding.score:.3f})" if finding.score is not None else ""
            lines.append(f"- **{finding.severity}** — {_md(finding.title.get(lang))}{score}")
            for item in finding.evidence:
                cites = ", ".join(s.cite(lang) for s in item.sources)
                tail = f" — {_md(cites)}" if cites else ""
                lines.append(
                    f"  - {_md(role(item.role, lang))}: {_md(item.label.get(lang))} "
                    f"(`{item.node}`){tail}"
                )
    return "\n".join(lines) + "\n"
