"""Self-check quizzes as a QTI 1.2.1 assessment in the Common Cartridge 1.1 profile
(`imsqti_xmlv1p2/imscc_xmlv1p1/assessment`, schema `ccv1p1_qtiasiv1p2p1_v1p0.xsd`).

One assessment per module, one item per quiz: a single-choice quiz is a `cc.multiple_choice.v0p1` item, a
"choose all that apply" one a `cc.multiple_response.v0p1` item. Every text (question, option, feedback) is
HTML in a `mattext texttype="text/html"`, written as the element's text by lxml, so that it is escaped by
construction; `qti_text` makes that HTML from the author's Markdown.

How the response processing is written follows what importers read, Moodle's (`backup/cc`) first:

- each option has its own `respcondition` (its `varequal` first) pointing at its `itemfeedback`
  (`flow_mat/material/mattext`) through `displayfeedback`;
- single choice: the correct option's condition also sets SCORE to 100, and each condition stops the
  processing (`continue="No"`): one answer, one feedback;
- several correct: the options' conditions go on (`continue="Yes"`), so every chosen option shows its
  feedback, and a last condition sets SCORE to 100 when exactly the correct options are chosen (an `and`
  of the correct ones and `not` each wrong one; `case="Yes"` on them, which Moodle reads to find the
  correct options).

Identifiers are made from the module id and positions: the same quizzes give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .base import xml_safe

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{QTI} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
RESOURCE_TYPE = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
SINGLE, MULTIPLE = "cc.multiple_choice.v0p1", "cc.multiple_response.v0p1"


@dataclass(frozen=True)
class QtiOption:
    """One option: its text and its feedback as HTML, and whether it is correct."""

    html: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QtiQuestion:
    """One quiz: its question as HTML and its options."""

    html: str
    options: tuple[QtiOption, ...]

    @property
    def multiple(self) -> bool:
        return sum(option.correct for option in self.options) > 1


def assessment_xml(ident: str, title: str, lang: str, questions: list[QtiQuestion]) -> bytes:
    """The assessment document: metadata (a self-check: unlimited attempts), one section, an item per
    question."""
    root = etree.Element(_q("questestinterop"), {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
                         nsmap={None: QTI, "xsi": XSI})
    assessment = _sub(root, "assessment", ident=ident, title=title)
    assessment.set(XML_LANG, lang)
    _metadata(assessment, [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination"),
                           ("cc_maxattempts", "unlimited")])
    section = _sub(assessment, "section", ident=f"{ident}_section")
    for number, question in enumerate(questions, start=1):
        _item(section, f"{ident}_q{number}", f"{title} {number}", question)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _q(name: str) -> str:
    return f"{{{QTI}}}{name}"


def _sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name), {key: xml_safe(value) for key, value in attributes.items()})
    element.text = xml_safe(text)
    return element


def _metadata(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    metadata = _sub(parent, "qtimetadata")
    for label, entry in fields:
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _material(parent: etree._Element, html: str) -> None:
    """HTML as the text of a mattext: lxml escapes it; an importer reads it back as HTML."""
    _sub(_sub(parent, "material"), "mattext", html, texttype="text/html")


def _item(section: etree._Element, ident: str, title: str, question: QtiQuestion) -> None:
    item = _sub(section, "item", ident=ident, title=title)
    _metadata(_sub(item, "itemmetadata"), [("cc_profile", MULTIPLE if question.multiple else SINGLE)])
    presentation = _sub(item, "presentation")
    _material(presentation, question.html)
    response = f"{ident}_response"
    lid = _sub(presentation, "response_lid", ident=response,
               rcardinality="Multiple" if question.multiple else "Single")
    choices = _sub(lid, "render_choice")
    labels = [f"{ident}_o{number}" for number in range(1, len(question.options) + 1)]
    for label, option in zip(labels, question.options):
        _material(_sub(choices, "response_label", ident=label), option.html)
    _processing(item, response, labels, question)
    for label, option in zip(labels, question.options):
        _material(_sub(_sub(item, "itemfeedback", ident=f"{label}_fb"), "flow_mat"), option.feedback)


def _processing(item: etree._Element, response: str, labels: list[str], question: QtiQuestion) -> None:
    """The score and the feedback of each option (see the module's docstring for why so)."""
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0",
         maxvalue="100")
    for label, option in zip(labels, question.options):
        condition = _sub(processing, "respcondition", **{"continue": "Yes" if question.multiple else "No"})
        _sub(_sub(condition, "conditionvar"), "varequal", label, respident=response)
        if option.correct and not question.multiple:
            _sub(condition, "setvar", "100", action="Set", varname="SCORE")
        _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{label}_fb")
    if question.multiple:
        _all_correct(processing, response, labels, question)


def _all_correct(processing: etree._Element, response: str, labels: list[str], question: QtiQuestion) -> None:
    """SCORE 100 when the correct options, and only they, are chosen."""
    condition = _sub(processing, "respcondition", **{"continue": "No"})
    both = _sub(_sub(condition, "conditionvar"), "and")
    for label, option in zip(labels, question.options):
        parent = both if option.correct else _sub(both, "not")
        _sub(parent, "varequal", label, respident=response, case="Yes")
    _sub(condition, "setvar", "100", action="Set", varname="SCORE")
