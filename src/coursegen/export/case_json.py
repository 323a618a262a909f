"""The framework as a 1EdTech CASE 1.0 package (CFPackage JSON), as registries such as OpenSALT import it.

Every identifier is the UUIDv5 of a stable URN built from the framework id and the item's code
(`urn:coursegen:carecomp:competence:A1.C1`; other languages than the default add the language after the id), so
two exports give the same ids and a registry recognises its items again. `lastChangeDateTime` is
SOURCE_DATE_EPOCH when set, else a date derived from the exported content: never the clock.

National standard units: the schema lets an association point outside the package (`destinationNodeURI`
takes any identifier and URI), but the units are published nowhere as CASE items, so such a link would
resolve nowhere. They are therefore CFItems of their own (type "National standard unit") below an item for
their standard, whose notes say that the mapping is a reference, not an equivalence; each outcome is
`isRelatedTo` the units it contributes to, and every association resolves inside the package.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import quote

from ..library import Library
from .base import Export, ExportRequest, export_moment
from .framework_texts import FrameworkTexts, Node, framework_texts, standard_notes

EQF_URI = "http://data.europa.eu/snb/eqf/{level}"
ITEM_TYPES = {  # kind -> (title, hierarchy code, description)
    "area": ("Area", "1", "A broad field of the framework, grouping competences."),
    "competence": ("Competence", "2", "What a care worker is able to do, described by learning outcomes."),
    "outcome": ("Learning outcome", "3", "What a learner knows, can do or is responsible for, at an EQF level."),
    "standard": ("National standard", "4", "A national qualification or standard the framework is mapped to."),
    "unit": ("National standard unit", "5", "A unit of a national standard; outcomes are related to it."),
}
CREATOR = "coursegen contributors"
#: Dates derived from the content fall in the twenty years before this instant: never in the future.


def export(library: Library, request: ExportRequest) -> Export:
    """The framework in the request's language as one CFPackage."""
    texts = framework_texts(library, request)
    package = Package(texts, library.default_language)
    data = json.dumps(package.build(), ensure_ascii=False, indent=2) + "\n"
    return Export(data.encode("utf-8"), list(texts.notices))


class Package:
    """Builds the CFDocument, CFItems, CFAssociations and CFDefinitions of one framework export."""

    def __init__(self, texts: FrameworkTexts, default_language: str) -> None:
        self.texts = texts
        self.local = texts.local
        self.default_language = default_language
        language = "" if texts.lang == default_language else f":{quote(texts.lang, safe='')}"
        self.base = f"urn:coursegen:{quote(texts.framework_id, safe='')}{language}"
        self.changed = change_date(texts)
        self.unit_titles = {unit.code: unit.title for _, units in texts.standards for unit in units}
        self.items: list[dict] = []
        self.associations: list[dict] = []
        self.document = self.document_node()

    def build(self) -> dict:
        for number, area in enumerate(self.texts.areas, start=1):
            self.add_node(area, self.link(self.document), number)
        self.add_standards(len(self.texts.areas))
        return {"CFDocument": self.document, "CFItems": self.items, "CFAssociations": self.associations,
                "CFDefinitions": {"CFItemTypes": self.item_types(), "CFLicenses": [self.license()]}}

    # --- identifiers and links ---

    def urn(self, *parts: str) -> str:
        return ":".join((self.base, *(quote(part, safe="._-~") for part in parts)))

    @staticmethod
    def identifier(urn: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, urn))

    @staticmethod
    def link(node: dict, title: str | None = None) -> dict:
        return {"title": title or node.get("title") or node["fullStatement"], "identifier": node["identifier"],
                "uri": node["uri"]}

    # --- document, items, associations ---

    def document_node(self) -> dict:
        urn = self.urn("document")
        document = {"identifier": self.identifier(urn), "uri": urn, "creator": CREATOR,
                    "title": self.texts.title, "lastChangeDateTime": self.changed}
        if self.texts.description:
            document["description"] = self.texts.description
        document.update({"language": self.texts.lang, "version": self.texts.version,
                         "licenseURI": self.link(self.license())})
        return document

    def add_node(self, node: Node, parent: dict, number: int) -> None:
        item = self.item(node.kind, node.code, node.title, number, notes=self.notes(node))
        if node.eqf_levels:
            item["educationLevel"] = [EQF_URI.format(level=level) for level in node.eqf_levels]
        item["language"] = self.texts.lang
        self.items.append(item)
        self.associate(item, "isChildOf", parent, number)
        for child_number, child in enumerate(node.children, start=1):
            self.add_node(child, self.link(item), child_number)
        for unit in node.units:
            if unit in self.unit_titles:
                self.associate(item, "isRelatedTo", self.unit_link(unit))

    def notes(self, node: Node) -> str:
        if node.kind != "outcome":
            return node.description
        if not node.criteria:
            return ""
        return f"{self.local.t('assessment_criteria')}:\n" + "\n".join(f"- {item}" for item in node.criteria)

    def item(self, kind: str, code: str, statement: str, number: int, notes: str = "") -> dict:
        urn = self.urn(kind, code)
        title, _, _ = ITEM_TYPES[kind]
        item = {"identifier": self.identifier(urn), "uri": urn, "fullStatement": statement,
                "humanCodingScheme": code, "listEnumeration": str(number), "CFItemType": title,
                "CFItemTypeURI": self.link(self.item_type(kind)), "CFDocumentURI": self.link(self.document),
                "lastChangeDateTime": self.changed}
        if notes:
            item["notes"] = notes
        return item

    def associate(self, origin: dict, kind: str, destination: dict, number: int | None = None) -> None:
        urn = self.urn("association", kind, origin["identifier"], destination["identifier"])
        association = {"identifier": self.identifier(urn), "associationType": kind, "uri": urn,
                       "originNodeURI": self.link(origin), "destinationNodeURI": destination,
                       "CFDocumentURI": self.link(self.document), "lastChangeDateTime": self.changed}
        if number is not None:
            association["sequenceNumber"] = number
        self.associations.append(association)

    def add_standards(self, areas: int) -> None:
        """Each national standard below the document, after the areas; its units below it."""
        for number, (standard, units) in enumerate(self.texts.standards, start=areas + 1):
            # A standard's and its units' statements are their own names, in their own language (never
            # translated): the item says which (its notes, the project's, are in the default language).
            names = standard.language or self.default_language
            item = self.item("standard", standard.id, standard.title, number, notes=standard_notes(standard))
            item["language"] = names
            self.items.append(item)
            self.associate(item, "isChildOf", self.link(self.document), number)
            for unit_number, unit in enumerate(units, start=1):
                unit_item = self.item("unit", unit.code, unit.title, unit_number)
                unit_item["language"] = unit.language or names
                self.items.append(unit_item)
                self.associate(unit_item, "isChildOf", self.link(item), unit_number)

    def unit_link(self, code: str) -> dict:
        urn = self.urn("unit", code)
        return {"title": self.unit_titles[code], "identifier": self.identifier(urn), "uri": urn}

    # --- definitions ---

    def item_type(self, kind: str) -> dict:
        title, hierarchy, description = ITEM_TYPES[kind]
        urn = f"urn:coursegen:item-type:{kind}"
        return {"identifier": self.identifier(urn), "uri": urn, "title": title, "description": description,
                "hierarchyCode": hierarchy, "typeCode": kind, "lastChangeDateTime": self.changed}

    def item_types(self) -> list[dict]:
        return [self.item_type(kind) for kind in ITEM_TYPES]

    def license(self) -> dict:
        spdx = self.texts.license
        uri = f"https://spdx.org/licenses/{quote(spdx, safe='.-+')}.html"
        return {"identifier": self.identifier(uri), "uri": uri, "title": spdx,
                "licenseText": f"{spdx} (SPDX licence identifier): {uri}", "lastChangeDateTime": self.changed}


def change_date(texts: FrameworkTexts) -> str:
    """The package's date of change (see `export_moment`)."""
    moment = export_moment(texts.fingerprint())
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
