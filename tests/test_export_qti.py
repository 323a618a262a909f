"""Self-check quizzes in the Common Cartridge as QTI 1.2.1 assessments (the CC 1.1 profile).

The assessment files are validated against the profile's official schema (`ccv1p1_qtiasiv1p2p1_v1p0.xsd`,
from the shared standards folder) and against the Schematron rules embedded in it (lxml's ISO Schematron);
the manifest against Moodle's validator wrapper, as the other package tests do. The content is read back:
the correct options are the scored ones, each option's feedback is there and tied to it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree, isoschematron
from lxml import html as lxml_html

from coursegen.export import ExportRequest, run_export
from coursegen.project import validate_project

from .conftest import make_site

PROJECT = Path(__file__).resolve().parents[1]
STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
QTI_SCHEMA = STANDARDS / "cc11" / "ccv1p1_qtiasiv1p2p1_v1p0.xsd"
NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2", "cc": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def _standards():
    if not STANDARDS.is_dir():
        pytest.skip(f"the shared standards folder {STANDARDS} is absent")


@pytest.fixture(scope="module")
def qti_schema():
    _standards()
    return etree.XMLSchema(etree.parse(str(QTI_SCHEMA)))


@pytest.fixture(scope="module")
def qti_rules():
    """The profile's Schematron rules, embedded in its XSD (their `pattern/@name` is not ISO: the rules are
    read without checking the Schematron schema itself)."""
    _standards()
    return isoschematron.Schematron(etree.parse(str(QTI_SCHEMA)), store_report=True, validate_schema=False)


@pytest.fixture(scope="module")
def cc_schema():
    _standards()
    return etree.XMLSchema(etree.parse(str(STANDARDS / "cc11" / "cc11libxml2validator.xsd")))


@pytest.fixture
def multilingual(tmp_path):
    return validate_project(make_site(tmp_path, "multilingual")).library


def cartridge(library, course: str = "basic", lang: str | None = None, trainer: bool = False) -> zipfile.ZipFile:
    data = run_export(library, "imscc", ExportRequest("course", course, lang, trainer)).data
    return zipfile.ZipFile(io.BytesIO(data))


def assessment(package: zipfile.ZipFile, module_id: str) -> etree._Element:
    return etree.fromstring(package.read(f"assessments/{module_id}.xml"))


def html_of(mattext: etree._Element) -> lxml_html.HtmlElement:
    assert mattext.get("texttype") == "text/html"
    return lxml_html.fragment_fromstring(mattext.text)


def failed_rules(rules: isoschematron.Schematron, document: etree._Element) -> list[str]:
    rules.validate(document)
    return [" ".join(f.findtext(f"{SVRL}text").split()) for f in rules.validation_report.iter(f"{SVRL}failed-assert")]


def options(item: etree._Element) -> dict[str, str]:
    """{option ident: its text}, in order."""
    return {label.get("ident"): html_of(label.find("q:material/q:mattext", NS)).text_content()
            for label in item.iterfind("q:presentation/q:response_lid/q:render_choice/q:response_label", NS)}


def feedback(item: etree._Element, ident: str) -> str:
    """The feedback that the condition on option `ident` displays."""
    [condition] = [c for c in item.iterfind("q:resprocessing/q:respcondition", NS)
                   if c.findtext("q:conditionvar/q:varequal", namespaces=NS) == ident]
    link = condition.find("q:displayfeedback", NS).get("linkrefid")
    [text] = item.xpath(f"q:itemfeedback[@ident='{link}']/q:flow_mat/q:material/q:mattext", namespaces=NS)
    return html_of(text).text_content()


# --- the official schema and rules ----------------------------------------------------------------------------

def test_every_shipped_assessment_follows_the_cc_qti_profile(qti_schema, qti_rules, cc_schema):
    shipped = validate_project(PROJECT).library
    checked = 0
    for course_id in sorted(shipped.courses):
        for lang in shipped.languages:
            package = cartridge(shipped, course_id, lang)
            assert cc_schema.validate(etree.parse(io.BytesIO(package.read("imsmanifest.xml")))), cc_schema.error_log
            for name in (n for n in package.namelist() if n.startswith("assessments/")):
                document = etree.parse(io.BytesIO(package.read(name)))
                assert qti_schema.validate(document), (name, str(qti_schema.error_log))
                assert failed_rules(qti_rules, document) == [], name
                checked += 1
    assert checked >= len(shipped.modules)  # every shipped module has quizzes


def test_the_rules_are_really_checked(qti_rules, multilingual):
    """The embedded rules run: a single-choice quiz of two options breaks the profile's rule 4d (which
    wants three), a known difference that Moodle and Canvas import as it is."""
    document = assessment(cartridge(multilingual), "M01")
    assert failed_rules(qti_rules, document) == ["[RULE 4d] There are too too few response labels for the MC-SR question."]


def test_the_schema_rejects_a_broken_assessment(qti_schema):
    broken = etree.fromstring(b'<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">'
                              b'<assessment ident="a" title="t"/></questestinterop>')
    assert not qti_schema.validate(broken)


# --- the manifest ----------------------------------------------------------------------------------------------

def test_the_manifest_lists_each_modules_assessment_after_its_page(multilingual, qti_schema, cc_schema):
    package = cartridge(multilingual)
    root = etree.fromstring(package.read("imsmanifest.xml"))
    assert cc_schema.validate(root), cc_schema.error_log
    refs = [item.get("identifierref") for item in root.iterfind("cc:organizations/cc:organization/cc:item/cc:item", NS)]
    assert refs == ["res_M01", "qti_M01", "res_M02", "qti_M02"]
    [title] = root.xpath("//cc:item[@identifierref='qti_M01']/cc:title/text()", namespaces=NS)
    assert title == "Check yourself: The role of the carer"
    resources = root.xpath(f"//cc:resource[@type='{ASSESSMENT}']", namespaces=NS)
    assert [r.get("identifier") for r in resources] == ["qti_M01", "qti_M02"]
    for resource in resources:  # the profile's rules 3a-3c: one file, no href
        assert resource.get("href") is None
        [file] = resource.findall("cc:file", NS)
        assert qti_schema.validate(etree.parse(io.BytesIO(package.read(file.get("href")))))


# --- the content -----------------------------------------------------------------------------------------------

def test_single_choice_scores_the_correct_option_and_ties_each_feedback_to_its_option(multilingual):
    root = assessment(cartridge(multilingual), "M01")
    [item] = root.iterfind(".//q:item", NS)
    assert item.xpath("string(.//q:qtimetadatafield[q:fieldlabel='cc_profile']/q:fieldentry)", namespaces=NS) \
        == "cc.multiple_choice.v0p1"
    assert item.find("q:presentation/q:response_lid", NS).get("rcardinality") == "Single"
    question = html_of(item.find("q:presentation/q:material/q:mattext", NS)).text_content()
    assert question == "Which of these is part of a home carer's work?"
    labels = options(item)
    assert list(labels.values()) == ["Helping with activities of daily living", "Prescribing medicine"]
    scored = item.xpath("q:resprocessing/q:respcondition[q:setvar='100']/q:conditionvar/q:varequal/text()",
                        namespaces=NS)
    assert [labels[ident] for ident in scored] == ["Helping with activities of daily living"]
    first, second = labels
    assert feedback(item, first) == "Right: a carer helps with the activities of daily living."
    assert feedback(item, second) == "Not quite: only a doctor prescribes medicine."


def test_choose_all_that_apply_scores_only_the_correct_options_together(multilingual):
    [item] = assessment(cartridge(multilingual), "M02").iterfind(".//q:item", NS)
    assert item.xpath("string(.//q:fieldentry)", namespaces=NS) == "cc.multiple_response.v0p1"
    assert item.find("q:presentation/q:response_lid", NS).get("rcardinality") == "Multiple"
    labels = options(item)
    [scoring] = item.xpath("q:resprocessing/q:respcondition[q:setvar='100']", namespaces=NS)
    chosen = [labels[v] for v in scoring.xpath("q:conditionvar/q:and/q:varequal/text()", namespaces=NS)]
    refused = [labels[v] for v in scoring.xpath("q:conditionvar/q:and/q:not/q:varequal/text()", namespaces=NS)]
    assert chosen == ["Knocking before you enter", "Asking before you help"]
    assert refused == ["Talking about them to others while they listen"]
    assert feedback(item, list(labels)[2]) == "Not quite: talk with the person, not about them."
    conditions = item.findall("q:resprocessing/q:respcondition", NS)  # every chosen option shows its feedback
    assert [c.get("continue") for c in conditions] == ["Yes", "Yes", "Yes", "No"]


def test_a_translation_exports_its_own_quiz_and_arabic_reads_right_to_left(multilingual):
    spanish = assessment(cartridge(multilingual, lang="es"), "M01")
    assert spanish.find("q:assessment", NS).get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert "Recetar medicamentos" in list(options(spanish.find(".//q:item", NS)).values())
    arabic = cartridge(multilingual, lang="ar")
    text = html_of(assessment(arabic, "M01").find(".//q:mattext", NS))
    assert (text.get("lang"), text.get("dir")) == ("ar", "rtl")
    fallback = html_of(assessment(arabic, "M02").find(".//q:mattext", NS))  # M02 has no Arabic translation
    assert (fallback.get("lang"), fallback.get("dir")) == ("en", "ltr")


HOSTILE_QUIZ = """
::: quiz
Which is safe? <script>alert(1)</script> `]]></mattext></material>` & [a link](../courses/basic.md) and
[a site](https://example.org/) ![pixel](https://evil.example/p.png)

- [x] Asking <b onclick="alert(1)">first</b>
    Yes `</itemfeedback><item ident="x">`
- [ ] Rushing
    No.
:::
"""


def test_hostile_quiz_text_stays_text_inside_its_element(tmp_path):
    root = make_site(tmp_path, "multilingual")
    hygiene = root / "content" / "modules" / "hygiene.md"
    hygiene.write_text(hygiene.read_text(encoding="utf-8") + HOSTILE_QUIZ, encoding="utf-8")
    document = assessment(cartridge(validate_project(root).library), "M02")
    items = document.findall(".//q:item", NS)
    assert [item.get("ident") for item in items] == ["qti_M02_q1", "qti_M02_q2"]
    question = html_of(items[1].find("q:presentation/q:material/q:mattext", NS))
    assert not question.xpath("//script | //img | //@onclick")
    assert "]]></mattext></material> &" in question.text_content()
    assert question.xpath("//a/@href") == ["https://example.org/"]  # a page of the site becomes its text
    assert "a link" in question.text_content() and "pixel" in question.text_content()
    assert '</itemfeedback><item ident="x">' in feedback(items[1], "qti_M02_q2_o1")


def test_the_same_course_gives_the_same_assessment_bytes(multilingual):
    assert cartridge(multilingual).read("assessments/M02.xml") == cartridge(multilingual).read("assessments/M02.xml")
