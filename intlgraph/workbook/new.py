"""``intlgraph init``: a new programme as an empty workbook with its first two rows.

The focal organisation (an ``ig:FocalFederation``) and its programme (an ``ig:Programme``
adopted by it on a date, in a language) are the only facts written: they come from the
options, nothing else is assumed. Every other sheet is empty, with its drop-downs ready.

>>> WORKBOOK_NAME
'programme.xlsx'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from intlgraph.exc import IntlgraphError
from intlgraph.output import atomic_file
from intlgraph.workbook import bundled_schema, export_workbook, read_workbook

__all__ = ["NewProgramme", "new_programme"]

IG = Namespace("https://w3id.org/intlgraph/ont#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
COUNTRY = "https://w3id.org/intlgraph/id/country/"

WORKBOOK_NAME = "programme.xlsx"

PROGRAMME_LABEL = {
    "en": "{organisation}: programme of {date}",
    "ru": "{organisation}: программа от {date}",
}

README = """# {organisation}: programme workbook

Made by `intlgraph init` on the options given: the organisation, its country ({country}),
the programme's date ({date}) and language ({lang}). Fill in the sheets of `{workbook}`
(each column is explained on its README sheet, in English and Russian), then:

```sh
intlgraph workbook import {folder}/{workbook} --no-bundled-data -o {folder}/programme.ttl
intlgraph validate --no-bundled-data --data {folder}/{workbook}
intlgraph gaps --no-bundled-data --data {folder}/{workbook}
```

The first turns the workbook into Turtle (a bad cell is named as sheet!cell, and nothing is
written); the second checks it against the SHACL shapes; the third runs the gap checks.
`--no-bundled-data` keeps the bundled programme out: only the ontology and this workbook.
"""


@dataclass(frozen=True)
class NewProgramme:
    """The files ``init`` wrote.

    >>> NewProgramme(Path("x"), Path("x/programme.xlsx"), Path("x/README.md")).workbook.name
    'programme.xlsx'
    """

    folder: Path
    workbook: Path
    readme: Path


def new_programme(
    folder: str | Path,
    *,
    organisation: str,
    country: str,
    date: str,
    lang: str = "en",
    namespace: str = "https://example.org/programme/",
) -> NewProgramme:
    """Write ``folder/programme.xlsx`` (empty sheets, the focal organisation and programme
    rows) and ``folder/README.md``; refuse to overwrite either.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     made = new_programme(pathlib.Path(tmp, "union"), organisation="Example Union Centre",
    ...                          country="KGZ", date="2024-03-01", lang="en")
    ...     back = read_workbook(made.workbook)
    ...     readme = made.readme.read_text(encoding="utf-8")
    >>> sorted(back.graph.namespace_manager.normalizeUri(s) for s in back.origins)
    ['country:KGZ', 'my:organisation', 'my:programme']
    >>> "intlgraph workbook import" in readme
    True
    """
    import datetime as dt

    folder = Path(folder)
    if not organisation.strip():
        raise IntlgraphError("--organisation: give the organisation's name")
    if not re.fullmatch(r"[A-Z]{3}", country):
        raise IntlgraphError(f"--country {country!r}: an ISO 3166-1 alpha-3 code such as KAZ")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise IntlgraphError(f"--date {date!r}: a date YYYY-MM-DD") from None
    if not re.fullmatch(r"[a-z]{2}", lang):
        raise IntlgraphError(f"--lang {lang!r}: a two-letter language code such as ru")
    if "://" not in namespace or not namespace.endswith(("/", "#")):
        raise IntlgraphError(f"--namespace {namespace!r}: a full IRI ending in / or #")
    from intlgraph import paths, rdfio

    known = rdfio.merge(rdfio.parse_files(paths.ontology_files() + paths.data_files()))
    if (URIRef(COUNTRY + country), RDF.type, IG.Country) not in known:
        raise IntlgraphError(f"--country {country}: not a country of the bundled data")
    workbook = folder / WORKBOOK_NAME
    readme = folder / "README.md"
    for path in (workbook, readme):
        if path.exists():
            raise IntlgraphError(f"{path} exists; init does not overwrite")
    my = Namespace(namespace)
    graph = Graph()
    graph.bind("my", my)
    graph.bind("country", COUNTRY)
    org, programme = my.organisation, my.programme
    graph.add((org, RDF.type, IG.FocalFederation))
    graph.add((org, RDFS.label, Literal(organisation.strip(), lang=lang)))
    place = URIRef(COUNTRY + country)
    graph.add((org, IG.country, place))
    # the country as the bundled reference data names it, sourced to the new programme
    for predicate in (RDF.type, RDFS.label, IG.isoCode):
        for value in known.objects(place, predicate):
            graph.add((place, predicate, value))
    graph.add((place, PROV.wasDerivedFrom, programme))
    graph.add((org, PROV.wasDerivedFrom, programme))
    graph.add((programme, RDF.type, IG.Programme))
    template = PROGRAMME_LABEL.get(lang, PROGRAMME_LABEL["en"])
    label = template.format(organisation=organisation.strip(), date=date)
    graph.add((programme, RDFS.label, Literal(label, lang=lang)))
    graph.add((programme, DCT.creator, org))
    graph.add((programme, DCT.issued, Literal(date, datatype=XSD.date)))
    graph.add((programme, DCT.language, Literal(lang)))
    export_workbook(graph, workbook)
    read_workbook(workbook, known=bundled_schema().graph)  # it stands on its own
    text = README.format(
        organisation=organisation.strip(),
        country=country,
        date=date,
        lang=lang,
        workbook=WORKBOOK_NAME,
        folder=folder.as_posix(),
    )
    with atomic_file(readme, "w") as handle:
        handle.write(text)
    return NewProgramme(folder, workbook, readme)
