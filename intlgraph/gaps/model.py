"""What a gap finding is: the dataclasses, the JSON shape and the severity rule.

A check produces :class:`Draft` findings (IRIs only); :mod:`intlgraph.gaps.resolve` turns them
into :class:`Finding` objects with labels in both languages, types and sources. (The
examples load the graph with the embedded Oxigraph engine: the same answers, faster.)

>>> import intlgraph
>>> kg = intlgraph.load(engine="oxigraph")
>>> finding = intlgraph.gaps.memberships_sought(kg)[0]
>>> finding.gap, finding.severity, finding.entities[0].label.ru
('memberships-sought', 'high', 'Всеобщая конфедерация профсоюзов')
>>> [(e.role, e.sources[-1].cite()) for e in finding.evidence]
[('sought-membership', 'affiliations.csv row 3'), ('other-record', 'affiliations.csv row 3'),
('planned-step', 'programme 4.3'), ('planned-step', 'programme 4.3')]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SEVERITIES",
    "Basis",
    "Draft",
    "Entity",
    "Evidence",
    "EvidenceDraft",
    "Finding",
    "Findings",
    "Source",
    "Text",
    "severity",
]

#: Severities, most severe first.
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")


class Basis(StrEnum):
    """Why a finding matters; :func:`severity` maps each to a severity.

    >>> from intlgraph.gaps import Basis, severity
    >>> {basis.value: severity(basis) for basis in Basis}
    {'goal-blocked': 'high', 'no-tie': 'medium', 'no-outcome': 'medium', 'no-measure': 'medium',
     'weak-tie': 'low', 'data-gap': 'low', 'suggestion': 'low'}
    """

    GOAL_BLOCKED = "goal-blocked"  # a stated aim of the programme (3.1) is not met
    NO_TIE = "no-tie"  # a programme target with no tie at all to the federation
    NO_OUTCOME = "no-outcome"  # a planned measure with no recorded outcome
    NO_MEASURE = "no-measure"  # a goal or task that no planned measure serves
    WEAK_TIE = "weak-tie"  # a target reached, but not by an agreement; a single broker
    DATA_GAP = "data-gap"  # the graph knows fewer individuals than a source states
    SUGGESTION = "suggestion"  # a tie the network suggests (link prediction)


_SEVERITY: dict[Basis, str] = {
    Basis.GOAL_BLOCKED: "high",
    Basis.NO_TIE: "medium",
    Basis.NO_OUTCOME: "medium",
    Basis.NO_MEASURE: "medium",
    Basis.WEAK_TIE: "low",
    Basis.DATA_GAP: "low",
    Basis.SUGGESTION: "low",
}


def severity(basis: Basis | str) -> str:
    """The severity of a finding, from why it matters (the documented rule, README).

    * **high** — a goal of the programme (3.1) is directly blocked: a General Agreement
      convention not ratified (or only pending), a membership sought and not held;
    * **medium** — a planned measure without outcome, a goal or task without a measure, a
      programme target (organisation or country) with no tie at all to the federation;
    * **low** — a target tied to the federation but without an agreement, a body reached only
      through one broker, data incompleteness (stated figure above the known individuals), a
      suggested tie.

    >>> from intlgraph.gaps import severity
    >>> severity("weak-tie"), severity("goal-blocked")
    ('low', 'high')
    """
    return _SEVERITY[Basis(basis)]


@dataclass(frozen=True)
class Text:
    """A text in English and Russian: the title of a finding, the label of an entity.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> intlgraph.gaps.memberships_sought(kg)[0].title
    Text(en='GCTU: membership sought by FPRK, not (yet) granted',
         ru='ВКП: ФПРК добивается членства, членство (пока) не получено')
    """

    en: str
    ru: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``ru`` or else English).

        >>> from intlgraph.gaps import Text
        >>> Text("Turkmenistan", "Туркменистан").get("ru")
        'Туркменистан'
        >>> Text("Turkmenistan", "Туркменистан").get("kk")  # any other language: English
        'Turkmenistan'
        """
        return self.ru if lang == "ru" else self.en

    def to_dict(self) -> dict[str, str]:
        """The text as a JSON object.

        >>> from intlgraph.gaps import Text
        >>> Text("Central Asia", "Центральная Азия").to_dict()
        {'en': 'Central Asia', 'ru': 'Центральная Азия'}
        """
        return {"en": self.en, "ru": self.ru}


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a programme section or a reference record (file, row, URLs).

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> intlgraph.gaps.memberships_sought(kg)[0].sources()[-1]
    Source(iri='https://w3id.org/intlgraph/id/source/ref-affiliations-3',
           label=Text(en='affiliations.csv, row 3: Federation of Trade Unions ...', ru=...),
           section=None, file='affiliations.csv', row=3,
           urls=('https://en.wikipedia.org/wiki/General_Confederation_of_Trade_Unions', ...))
    """

    iri: str
    label: Text
    section: str | None = None
    file: str | None = None
    row: int | None = None
    urls: tuple[str, ...] = ()

    def cite(self, lang: str = "en") -> str:
        """A short citation: ``programme 4.2`` or ``affiliations.csv row 1``.

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> sources = intlgraph.gaps.memberships_sought(kg)[0].sources()
        >>> [s.cite() for s in sources]
        ['programme 2', 'programme 3.1', 'programme 4.3', 'affiliations.csv row 3']
        >>> sources[-1].cite("ru")
        'affiliations.csv строка 3'
        """
        if self.section:
            return ("программа " if lang == "ru" else "programme ") + self.section
        if self.file:
            row = f" {'строка' if lang == 'ru' else 'row'} {self.row}" if self.row else ""
            return self.file + row
        return self.label.get(lang) or self.iri

    def to_dict(self) -> dict[str, Any]:
        """The source as a JSON object (a ``sources`` item of the findings' JSON).

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> intlgraph.gaps.memberships_sought(kg)[0].sources()[1].to_dict()
        {'iri': 'https://w3id.org/intlgraph/id/source/p2021-s3.1',
         'label': {'en': '3.1. Goals of the programme', 'ru': '3.1. Цели программы'},
         'section': '3.1', 'file': None, 'row': None, 'urls': []}
        """
        return {
            "iri": self.iri,
            "label": self.label.to_dict(),
            "section": self.section,
            "file": self.file,
            "row": self.row,
            "urls": list(self.urls),
        }


@dataclass(frozen=True)
class Entity:
    """A resource a finding is about: IRI, labels in both languages, its class (compact).

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> intlgraph.gaps.memberships_sought(kg)[0].entities[0]
    Entity(iri='https://w3id.org/intlgraph/id/org/gctu',
           label=Text(en='General Confederation of Trade Unions',
                      ru='Всеобщая конфедерация профсоюзов'),
           type='ig:InternationalConfederation')
    """

    iri: str
    label: Text
    type: str

    def to_dict(self) -> dict[str, Any]:
        """The entity as a JSON object (an ``entities`` item of the findings' JSON).

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> intlgraph.gaps.memberships_sought(kg)[0].entities[0].to_dict()
        {'iri': 'https://w3id.org/intlgraph/id/org/gctu',
         'label': {'en': 'General Confederation of Trade Unions',
                   'ru': 'Всеобщая конфедерация профсоюзов'},
         'type': 'ig:InternationalConfederation'}
        """
        return {"iri": self.iri, "label": self.label.to_dict(), "type": self.type}


@dataclass(frozen=True)
class Evidence:
    """A node behind a finding (a tie, a figure, a measure ...), its triples and sources.

    ``role`` says what it shows (see :data:`intlgraph.gaps.render.ROLES`).

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> sought = intlgraph.gaps.memberships_sought(kg)[0].evidence[0]
    >>> sought.role, sought.type, sought.label.en
    ('sought-membership', 'ig:Membership',
     'FPRK membership of the GCTU: application under examination')
    >>> sought.triples
    (('https://w3id.org/intlgraph/id/tie/m-fprk-gctu-2021',
      'https://w3id.org/intlgraph/ont#status', 'https://w3id.org/intlgraph/vocab/status/sought'),)
    """

    node: str
    label: Text
    type: str
    role: str
    triples: tuple[tuple[str, str, str], ...] = ()
    sources: tuple[Source, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The evidence as a JSON object (triples as lists, sources as objects).

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> c131 = intlgraph.gaps.conventions_not_ratified(kg)[5]
        >>> status = c131.evidence[1].to_dict()
        >>> status["role"], status["label"]["en"], status["sources"][0]["urls"]
        ('latest-status', 'Kazakhstan: C131 ratification pending',
         ['https://azh.kz/ru/news/view/119399'])
        >>> status["triples"]
        [['https://w3id.org/intlgraph/id/ratification/KAZ-C131',
          'https://w3id.org/intlgraph/ont#status',
          'https://w3id.org/intlgraph/vocab/status/pending'],
         ['https://w3id.org/intlgraph/id/ratification/KAZ-C131',
          'https://w3id.org/intlgraph/ont#asOf', '2025-09-10']]
        """
        return {
            "node": self.node,
            "label": self.label.to_dict(),
            "type": self.type,
            "role": self.role,
            "triples": [list(t) for t in self.triples],
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class Finding:
    """One gap: its check id, title (en/ru), severity, entities, evidence and score.

    ``entities[0]`` is what the finding is about; ``score`` is set for suggestions only.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> broker = intlgraph.gaps.single_broker_ties(kg)[0]
    >>> broker.gap, broker.severity, broker.title.en, broker.score
    ('single-broker-ties', 'low', 'EI: reached from FPRK only through KTUESW', None)
    >>> [e.label.en for e in broker.entities]  # the body, the Federation, the broker
    ['Education International', 'Federation of Trade Unions of the Republic of Kazakhstan',
     'Kazakhstan Trade Union of Education and Science Workers']
    """

    gap: str
    title: Text
    severity: str
    entities: tuple[Entity, ...]
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None

    @property
    def subject(self) -> str:
        """The IRI of the first entity (what the finding is about).

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> intlgraph.gaps.conventions_not_ratified(kg)[5].subject
        'https://w3id.org/intlgraph/id/instrument/C131'
        """
        return self.entities[0].iri if self.entities else ""

    def sources(self) -> list[Source]:
        """Every source of the evidence, once each, in order.

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> finding = intlgraph.gaps.conventions_not_ratified(kg)[5]  # C131, pending
        >>> [source.cite() for source in finding.sources()]
        ['programme 4.2', 'kz_ratifications.csv row 11']
        """
        seen: dict[str, Source] = {}
        for item in self.evidence:
            for source in item.sources:
                seen.setdefault(source.iri, source)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the finding (the schema in README, "Gap analysis").

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> record = intlgraph.gaps.memberships_sought(kg)[0].to_dict()
        >>> list(record)
        ['gap', 'title', 'severity', 'entities', 'evidence', 'score']
        >>> record["title"]["ru"], record["evidence"][0]["sources"][3]["file"]
        ('ВКП: ФПРК добивается членства, членство (пока) не получено', 'affiliations.csv')
        """
        return {
            "gap": self.gap,
            "title": self.title.to_dict(),
            "severity": self.severity,
            "entities": [e.to_dict() for e in self.entities],
            "evidence": [e.to_dict() for e in self.evidence],
            "score": self.score,
        }


class Findings(list[Finding]):
    """The findings of one or more checks; ``lang`` is the language of :meth:`to_frame`.

    A list of :class:`Finding`, in the order of the checks, as :func:`intlgraph.gaps.gaps`
    returns it.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> found = intlgraph.gaps(kg, only=["memberships-sought", "stated-vs-known"], lang="ru")
    >>> isinstance(found, list), len(found), found.lang, found[0].title.en
    (True, 13, 'ru', 'GCTU: membership sought by FPRK, not (yet) granted')
    """

    def __init__(self, items: list[Finding] | None = None, *, lang: str = "en") -> None:
        super().__init__(items or [])
        self.lang = lang

    def only(self, gap: str) -> Findings:
        """The findings of one check.

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> found = intlgraph.gaps(kg, only=["memberships-sought", "partners-without-agreement"])
        >>> [f.title.en for f in found.only("memberships-sought")]
        ['GCTU: membership sought by FPRK, not (yet) granted']
        """
        return Findings([f for f in self if f.gap == gap], lang=self.lang)

    def subjects(self, gap: str | None = None) -> list[str]:
        """The subject IRIs, in order (of one check, if ``gap`` is given).

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> found = intlgraph.gaps(kg, only=["memberships-sought", "partners-without-agreement"])
        >>> [iri.rsplit("/", 1)[-1] for iri in found.subjects()]
        ['gctu', 'fnpr', 'gctu', 'ilo', 'ilo-geneva', 'ilo-moscow-office', 'tuc']
        >>> found.subjects("memberships-sought")
        ['https://w3id.org/intlgraph/id/org/gctu']
        """
        return [f.subject for f in self if gap is None or f.gap == gap]

    def counts(self) -> dict[str, int]:
        """Number of findings per check id, in order of first appearance.

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> intlgraph.gaps(kg, only=["memberships-sought", "partners-without-agreement"]).counts()
        {'memberships-sought': 1, 'partners-without-agreement': 6}
        """
        out: dict[str, int] = {}
        for finding in self:
            out[finding.gap] = out.get(finding.gap, 0) + 1
        return out

    def to_records(self) -> list[dict[str, Any]]:
        """Every finding as its JSON object (:meth:`Finding.to_dict`).

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> records = intlgraph.gaps(kg, only=["partners-without-agreement"]).to_records()
        >>> [(r["entities"][0]["label"]["en"], r["severity"]) for r in records]
        [('Federation of Independent Trade Unions of Russia', 'medium'), ('General Confederation of
        Trade Unions', 'high'), ('International Labour Organization', 'low'), ('International
        Labour Office, Geneva (ILO headquarters)', 'medium'), ('ILO Moscow Office', 'medium'),
        ('Trades Union Congress', 'low')]
        """
        return [f.to_dict() for f in self]

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON array of findings (``gaps.json`` of the report).

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> print(intlgraph.gaps(kg, only=["memberships-sought"]).to_json(indent=None))
        [{"gap": "memberships-sought", "title": {"en": "GCTU: membership sought by FPRK, not (yet)
        granted", "ru": "ВКП: ФПРК добивается членства, членство (пока) не получено"}, "severity":
        "high", "entities": [{"iri": "https://w3id.org/intlgraph/id/org/gctu", ...}],
        "score": null}]
        """
        return json.dumps(self.to_records(), ensure_ascii=False, indent=indent)

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per finding: gap, severity, title, subject, entities, sources, score.

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> frame = intlgraph.gaps(kg, only=["memberships-sought"]).to_frame(lang="ru")
        >>> frame.loc[0, ["severity", "title", "sources"]].tolist()
        ['high', 'ВКП: ФПРК добивается членства, членство (пока) не получено',
         'программа 2; программа 3.1; программа 4.3; affiliations.csv строка 3']
        """
        import pandas as pd

        lang = lang or self.lang
        rows = [
            {
                "gap": f.gap,
                "severity": f.severity,
                "title": f.title.get(lang),
                "subject": f.subject,
                "entities": "; ".join(e.label.get(lang) for e in f.entities),
                "evidence": len(f.evidence),
                "sources": "; ".join(s.cite(lang) for s in f.sources()),
                "score": f.score,
            }
            for f in self
        ]
        columns = ["gap", "severity", "title", "subject", "entities", "evidence", "sources"]
        return pd.DataFrame(rows, columns=[*columns, "score"])


@dataclass
class EvidenceDraft:
    """Evidence before labels and sources are looked up.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> spec = intlgraph.gaps.get("memberships-sought")
    >>> drafts = spec.run(kg, focal="https://w3id.org/intlgraph/id/org/fprk")  # full IRIs
    >>> drafts[0].evidence[0]
    EvidenceDraft(node='https://w3id.org/intlgraph/id/tie/m-fprk-gctu-2021',
                  role='sought-membership',
                  triples=[('https://w3id.org/intlgraph/id/tie/m-fprk-gctu-2021', ...)])
    """

    node: str
    role: str
    triples: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Draft:
    """A finding before labels and sources are looked up.

    The titles are ``str.format`` templates: ``{e0}``, ``{e1}`` ... are the labels of the
    entities and ``{r0}`` ... those of ``refs`` (other resources named in the title), in the
    title's language.

    A check's ``run`` returns drafts; :func:`intlgraph.gaps.run` turns them into findings.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> draft = intlgraph.gaps.get("single-broker-ties").run(kg)[0]
    >>> draft.title_en, draft.basis, [iri for iri, _ in draft.entities]
    ('{e0}: reached from {e1} only through {e2}', <Basis.WEAK_TIE: 'weak-tie'>,
     ['https://w3id.org/intlgraph/id/org/ei', 'https://w3id.org/intlgraph/id/org/fprk',
      'https://w3id.org/intlgraph/id/org/kz-education-union'])
    """

    gap: str
    title_en: str
    title_ru: str
    basis: Basis
    entities: list[tuple[str, str | None]]
    evidence: list[EvidenceDraft] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    score: float | None = None
