"""SCORM 1.2 and IMS Common Cartridge 1.1 packages of modules and courses.

The manifests are validated against the official schemas in the shared standards folder (SCORM 1.2 through a
small wrapper schema, as its README says libxml2 needs; Common Cartridge through Moodle's own wrapper). Every
page of a package is parsed: everything it links to or loads is inside the zip, or is a link to another site.
"""

from __future__ import annotations

import io
import posixpath
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from coursegen.cli import main
from coursegen.export import ExportError, ExportRequest, render, run_export
from coursegen.project import validate_project

from .conftest import make_site

PROJECT = Path(__file__).resolve().parents[1]
STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
needs_standards = pytest.mark.skipif(not STANDARDS.is_dir(),
                                     reason=f"the shared standards folder {STANDARDS} is absent")
MARKER = "TRAINER-ONLY-7f3a9c"  # a string that only the fixture's trainer block holds
WEB_LINKS = ("http", "https", "mailto", "tel")


@pytest.fixture(scope="module")
def shipped():
    result = validate_project(PROJECT)
    assert result.ok
    return result.library


@pytest.fixture
def multilingual(tmp_path):
    """The multilingual fixture with a marker in M01's trainer block."""
    root = make_site(tmp_path, "multilingual")
    role = root / "content" / "modules" / "role.md"
    role.write_text(role.read_text().replace("Timing: 20 minutes.", f"Timing: 20 minutes. {MARKER}"))
    result = validate_project(root)
    assert result.ok, result.diagnostics
    return result.library


def export(library, format_name: str, target: str, item_id: str, lang: str | None = None,
           trainer: bool = False) -> zipfile.ZipFile:
    data = run_export(library, format_name, ExportRequest(target, item_id, lang, trainer)).data
    return zipfile.ZipFile(io.BytesIO(data))


def manifest(package: zipfile.ZipFile) -> etree._Element:
    return etree.fromstring(package.read("imsmanifest.xml"))


# --- the official schemas, read in memory -------------------------------------------------------------------

class _ImsXml(etree.Resolver):
    """ims_xml.xsd declares the XML namespace as its default namespace, which libxml2 rejects: serve it
    without that declaration."""

    def resolve(self, url, pubid, context):
        if url.endswith("ims_xml.xsd"):
            text = (STANDARDS / "scorm12" / "ims_xml.xsd").read_text(encoding="utf-8")
            return self.resolve_string(text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', ""), context)
        return None


SCORM_WRAPPER = b"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    targetNamespace="urn:coursegen:test:scorm12" elementFormDefault="qualified">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/>
</xsd:schema>"""


@pytest.fixture(scope="module")
def scorm_schema():
    if not STANDARDS.is_dir():
        pytest.skip(f"the shared standards folder {STANDARDS} is absent")
    parser = etree.XMLParser()
    parser.resolvers.add(_ImsXml())
    wrapper = etree.fromstring(SCORM_WRAPPER, parser, base_url=str(STANDARDS / "scorm12" / "wrapper.xsd"))
    return etree.XMLSchema(wrapper)


@pytest.fixture(scope="module")
def cc_schema():
    if not STANDARDS.is_dir():
        pytest.skip(f"the shared standards folder {STANDARDS} is absent")
    return etree.XMLSchema(etree.parse(str(STANDARDS / "cc11" / "cc11libxml2validator.xsd")))


def assert_valid(schema: etree.XMLSchema, package: zipfile.ZipFile) -> None:
    document = etree.parse(io.BytesIO(package.read("imsmanifest.xml")))
    assert schema.validate(document), "\n".join(str(error) for error in schema.error_log)


# --- manifests -------------------------------------------------------------------------------------------------

@needs_standards
@pytest.mark.parametrize(("target", "item_id"), [("module", "M11"), ("course", "hca-colombia-spain")])
def test_scorm_manifest_validates_against_the_scorm12_schemas(shipped, scorm_schema, target, item_id):
    package = export(shipped, "scorm12", target, item_id)
    assert_valid(scorm_schema, package)
    root = manifest(package)
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    resources = root.findall("cp:resources/cp:resource", ns)
    assert {r.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") for r in resources} == {"asset"}
    items = root.findall("cp:organizations/cp:organization/cp:item", ns)
    expected = [item_id] if target == "module" else list(shipped.courses[item_id].meta.modules)
    assert [item.get("identifierref") for item in items] == [f"res_{m}" for m in expected]


def test_scorm_validation_catches_a_broken_manifest(scorm_schema):
    """The wrapper schema really validates: a manifest without resources is refused."""
    broken = etree.fromstring(b'<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="x">'
                              b'<organizations/></manifest>')
    assert not scorm_schema.validate(broken)


@needs_standards
@pytest.mark.parametrize("course_id", ["hca-colombia-spain", "pre-departure-orientation"])
def test_imscc_manifest_validates_with_moodles_validator(shipped, cc_schema, course_id):
    package = export(shipped, "imscc", "course", course_id)
    assert_valid(cc_schema, package)
    head = package.read("imsmanifest.xml")[:500].decode("utf-8")
    assert 'xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"' in head  # how Moodle detects 1.1
    root = manifest(package)
    ns = {"cc": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
          "lom": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"}
    assert root.findtext("cc:metadata/cc:schema", namespaces=ns) == "IMS Common Cartridge"
    assert root.findtext("cc:metadata/cc:schemaversion", namespaces=ns) == "1.1.0"
    title = root.findtext("cc:metadata/lom:lom/lom:general/lom:title/lom:string", namespaces=ns)
    assert title == shipped.courses[course_id].meta.title
    (organization,) = root.findall("cc:organizations/cc:organization", ns)
    assert organization.get("structure") == "rooted-hierarchy"
    (top,) = organization.findall("cc:item", ns)
    assert top.find("cc:title", ns) is None
    modules = list(shipped.courses[course_id].meta.modules)
    pages = [item for item in top.findall("cc:item", ns) if item.get("identifierref").startswith("res_")]
    assert [item.get("identifierref") for item in pages] == [f"res_{m}" for m in modules]
    assert all(item.findtext("cc:title", namespaces=ns) for item in top.findall("cc:item", ns))
    for resource in root.findall("cc:resources/cc:resource", ns):
        if resource.get("type") == "imsqti_xmlv1p2/imscc_xmlv1p1/assessment":  # quizzes: see test_export_qti.py
            continue
        assert resource.get("type") == "webcontent"
        assert resource.get("href") in {f.get("href") for f in resource.findall("cc:file", ns)}


def test_imscc_exports_courses_only(shipped):
    with pytest.raises(ExportError, match="course"):
        run_export(shipped, "imscc", ExportRequest("module", "M11"))


# --- the files of a package -------------------------------------------------------------------------------------

PACKAGES = [("scorm12", "module", "M01"), ("scorm12", "course", "basic"), ("imscc", "course", "basic")]


@pytest.mark.parametrize(("format_name", "target", "item_id"), PACKAGES)
def test_every_file_is_listed_and_every_listed_file_exists(multilingual, format_name, target, item_id):
    package = export(multilingual, format_name, target, item_id)
    listed = {element.get("href") for element in manifest(package).iter("{*}file")}
    in_zip = set(package.namelist()) - {"imsmanifest.xml"}
    assert listed == in_zip
    hrefs = {element.get("href") for element in manifest(package).iter("{*}resource") if element.get("href")}
    assert hrefs <= in_zip


def assert_self_contained(package: zipfile.ZipFile) -> int:
    """Every address in every HTML page resolves to a file of the zip, or is a link to another site in an
    <a href>; no script. Returns the number of addresses checked."""
    names = set(package.namelist())
    ids: dict[str, set[str]] = {}
    checked = 0
    for name in (n for n in names if n.endswith(".html")):
        page = lxml_html.fromstring(package.read(name))
        assert not page.xpath("//script | //iframe | //object | //embed | //base | //form"), name
        assert not page.xpath("//@style | //style"), name
        for element in page.iter():
            for attribute in ("href", "src", "srcset", "poster", "data", "action", "background"):
                value = element.get(attribute)
                if value is None:
                    continue
                checked += 1
                address = urlsplit(value)
                if element.tag == "a" and attribute == "href" and address.scheme in WEB_LINKS:
                    assert address.netloc or address.scheme in ("mailto", "tel"), (name, value)
                    continue
                assert not address.scheme and not address.netloc, (name, element.tag, value)
                if not address.path:
                    assert element.tag == "a" and value.startswith("#"), (name, value)
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(address.path)))
                assert target in names, (name, element.tag, value)
                if address.fragment and target.endswith(".html"):
                    if target not in ids:
                        ids[target] = set(lxml_html.fromstring(package.read(target)).xpath("//@id"))
                    assert address.fragment in ids[target], (name, value)
    return checked


@pytest.mark.parametrize(("format_name", "target", "item_id"), PACKAGES)
def test_no_page_refers_outside_the_package(multilingual, format_name, target, item_id):
    package = export(multilingual, format_name, target, item_id)
    assert assert_self_contained(package) > 0


def test_images_travel_in_the_package(multilingual):
    package = export(multilingual, "scorm12", "module", "M01")
    assert "pages/media/modules/img/carer.png" in package.namelist()
    page = lxml_html.fromstring(package.read("pages/M01.html"))
    assert page.xpath("//img/@src") == ["media/modules/img/carer.png"]
    assert package.read("pages/export.css").startswith(b"/*")


def test_a_link_to_a_module_outside_the_package_becomes_text(multilingual):
    """M02 links to M01: in a package of M02 alone, the link is its text; in the course, it is M01's page."""
    alone = lxml_html.fromstring(export(multilingual, "scorm12", "module", "M02").read("pages/M02.html"))
    assert "The role of the carer" in alone.text_content()
    assert not [a for a in alone.iter("a") if "The role of the carer" in a.text_content()]
    course = lxml_html.fromstring(export(multilingual, "scorm12", "course", "basic").read("pages/M02.html"))
    main_links = course.xpath("//main//a[contains(., 'The role of the carer')]/@href")
    assert main_links and set(main_links) == {"M01.html"}


def test_outcome_and_term_references_point_into_the_package(multilingual):
    package = export(multilingual, "scorm12", "module", "M01")
    page = lxml_html.fromstring(package.read("pages/M01.html"))
    hrefs = set(page.xpath("//main//a/@href"))
    assert "outcomes.html#a1-c1-lo1" in hrefs
    assert any(href.startswith("glossary.html#") for href in hrefs)
    outcomes = lxml_html.fromstring(package.read("pages/outcomes.html"))
    assert outcomes.xpath("//dt[@id='a1-c1-lo1']")


# --- editions, languages, bytes ---------------------------------------------------------------------------------

def all_text(package: zipfile.ZipFile) -> str:
    return "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


@pytest.mark.parametrize(("format_name", "target", "item_id"), PACKAGES)
def test_learner_packages_hold_no_trainer_note(multilingual, format_name, target, item_id):
    assert MARKER not in all_text(export(multilingual, format_name, target, item_id))


def test_the_trainer_edition_shows_the_notes_in_a_box(multilingual):
    package = export(multilingual, "scorm12", "module", "M01", trainer=True)
    page = lxml_html.fromstring(package.read("pages/M01.html"))
    (box,) = page.xpath("//div[contains(@class, 'cg-trainer')]")
    assert MARKER in box.text_content()
    assert manifest(package).get("identifier").endswith("_trainer")


def test_a_trainer_note_links_through_the_modules_reference_definitions(tmp_path):
    """Each box of notes is converted apart from the learner text, with the module's definitions: its
    `[text][id]` links work as in the module read whole (and as on the site's trainer page)."""
    root = make_site(tmp_path, "multilingual")
    role = root / "content" / "modules" / "role.md"
    text = role.read_text().replace("Timing: 20 minutes.", "Timing: 20 minutes. Print [the cards][cards].")
    role.write_text(text + '\n[cards]: https://example.org/cards "Role cards"\n')
    result = validate_project(root)
    assert result.ok, result.diagnostics
    package = export(result.library, "scorm12", "module", "M01", trainer=True)
    page = lxml_html.fromstring(package.read("pages/M01.html"))
    (box,) = page.xpath("//div[contains(@class, 'cg-trainer')]")
    (link,) = box.xpath(".//a")
    assert (link.text, link.get("href"), link.get("title")) == ("the cards", "https://example.org/cards", "Role cards")
    learner = lxml_html.fromstring(export(result.library, "scorm12", "module", "M01").read("pages/M01.html"))
    assert "the cards" not in learner.text_content() and "[cards]" not in learner.text_content()


def test_the_trainer_boxes_keep_ids_apart_from_the_learner_text_and_each_other(tmp_path):
    """Each box is converted on its own: a heading in it that the learner text (or another box) has too gets
    an id of its own, and its permalink follows it."""
    root = make_site(tmp_path, "multilingual")
    role = root / "content" / "modules" / "role.md"
    text = role.read_text().replace("Timing: 20 minutes.", "## Assessment\n\nTiming: 20 minutes.")
    role.write_text(text.replace("Name five tasks.", "Name five tasks.\n\n::: trainer\n## Assessment\n\nAsk.\n:::"))
    result = validate_project(root)
    assert result.ok, result.diagnostics
    page = lxml_html.fromstring(export(result.library, "scorm12", "module", "M01", trainer=True).read("pages/M01.html"))
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    boxes = page.xpath("//div[contains(@class, 'cg-trainer')]")
    assert [box.xpath(".//h2/@id") for box in boxes] == [["assessment_1"], ["assessment_2"]]
    assert [box.xpath(".//h2/a/@href") for box in boxes] == [["#assessment_1"], ["#assessment_2"]]
    assert page.xpath("//h2[@id='assessment']/ancestor::div[contains(@class, 'cg-trainer')]") == []


def test_both_editions_of_a_module_convert_its_text_once(multilingual, monkeypatch):
    """The trainer edition is the learner text's conversion with the notes put into it, as the site makes
    its trainer pages: the module's Markdown is converted once for both, each block of notes on its own."""
    render.rendered_markdown.cache_clear()
    converted: list[str] = []
    made = render._markdown

    def recording(permalink_title: str):
        converter = made(permalink_title)
        convert = converter.convert
        converter.convert = lambda text: converted.append(text) or convert(text)
        return converter

    monkeypatch.setattr(render, "_markdown", recording)
    monkeypatch.setattr(render, "_CONVERTERS", threading.local())
    learner = export(multilingual, "scorm12", "module", "M01")
    trainer = export(multilingual, "scorm12", "module", "M01", trainer=True)
    assert MARKER not in all_text(learner) and MARKER in all_text(trainer)
    module_texts = [text for text in converted if "The role of the carer" in text]
    notes = [text for text in converted if MARKER in text]
    assert len(module_texts) == 1 and MARKER not in module_texts[0]
    assert len(notes) == 1
    render.rendered_markdown.cache_clear()


def test_a_packages_headings_have_the_sites_ids_and_permalinks_in_its_language(tmp_path):
    """A module's page in a package gets the ids the site gives its headings, in every script (Python-Markdown
    alone makes `_1`, `_2` of Arabic headings), so that a link to one, which `validate` checks against the
    site's, leads there; the permalinks' title is in the page's language."""
    root = make_site(tmp_path, "multilingual")
    role = root / "content" / "modules" / "role.ar.md"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "المدة: 20 دقيقة.", "المدة: 20 دقيقة. [أعلاه](#ما-تفعله-مقدمة-الرعاية)"), encoding="utf-8")
    result = validate_project(root)
    assert result.ok, result.diagnostics
    for trainer in (False, True):
        page = lxml_html.fromstring(export(result.library, "scorm12", "module", "M01", "ar", trainer=trainer)
                                    .read("pages/M01.html"))
        headings = {h.get("id"): h.xpath("string(a[@class='headerlink']/@title)") for h in page.xpath("//h1|//h2")}
        assert headings == {"دور-مقدمة-الرعاية": "رابط دائم", "ما-تفعله-مقدمة-الرعاية": "رابط دائم"}, headings
        if trainer:  # the note's link to the heading, percent-encoded as a URL
            (link,) = page.xpath("//div[contains(@class, 'cg-trainer')]//a")
            assert unquote(link.get("href")) == "#ما-تفعله-مقدمة-الرعاية"


def test_a_packages_text_shown_in_the_default_language_carries_it(multilingual):
    """In an Arabic course package, an untranslated module's title in the list of pages, an outcome's
    statement on a module's card, the glossary's entries, the outcomes' statements and criteria, and the
    terms' tooltips are English, marked so."""
    package = export(multilingual, "scorm12", "course", "basic", "ar")
    role = lxml_html.fromstring(package.read("pages/M01.html"))
    listed = {e.text_content(): e.get("lang") for e in role.xpath("//nav[@class='cg-pages']//li/*")}
    assert listed["Hygiene and dignity"] == "en" and listed["دور مقدّمة الرعاية"] is None
    card = lxml_html.fromstring(package.read("pages/M02.html")).xpath("//div[@class='cg-card']")[0]
    assert card.get("lang") == "ar" and card.xpath(".//span[@lang='en']/text()") == \
        ["Carry out a bed bath with respect for dignity."]  # M02's outcome, not translated
    tip = role.xpath("//span[@class='cg-tip']")[0]
    assert (tip.get("lang"), tip.get("dir")) == ("en", "ltr")
    glossary = lxml_html.fromstring(package.read("pages/glossary.html"))
    assert [(e.tag, e.get("lang")) for e in glossary.xpath("//dl/*")] == [("dt", "en"), ("dd", "en")]
    outcomes = lxml_html.fromstring(package.read("pages/outcomes.html"))
    entries = {dt.get("id"): dt for dt in outcomes.xpath("//dl/dt")}
    assert entries["a1-c1-lo1"].xpath("span") == []  # translated
    assert entries["a1-c1-lo2"].xpath("span/@lang") == ["en"]
    assert outcomes.xpath("//ul/@lang") == ["en"]  # LO1's criteria are not translated


def test_the_cli_passes_trainer_to_the_package(multilingual, tmp_path):
    out = tmp_path / "m01.zip"
    result = CliRunner().invoke(main, ["export", "module", "M01", "--format", "scorm12", "--trainer",
                                       "--root", str(multilingual.root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert MARKER in all_text(zipfile.ZipFile(out))


@pytest.mark.parametrize(("format_name", "target", "item_id"), PACKAGES)
def test_two_exports_are_byte_identical(multilingual, format_name, target, item_id, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    request = ExportRequest(target, item_id)
    first = run_export(multilingual, format_name, request).data
    assert run_export(multilingual, format_name, request).data == first
    dates = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert len(dates) == 1 and 2000 <= next(iter(dates))[0] < 2020
    assert [i.filename for i in zipfile.ZipFile(io.BytesIO(first)).infolist()] == sorted(
        zipfile.ZipFile(io.BytesIO(first)).namelist())


def test_source_date_epoch_sets_the_zip_dates(multilingual, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    package = export(multilingual, "scorm12", "module", "M01")
    assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_an_arabic_package_is_right_to_left_with_fallback_notices(multilingual):
    result = run_export(multilingual, "scorm12", ExportRequest("course", "basic", "ar"))
    package = zipfile.ZipFile(io.BytesIO(result.data))
    for name in ("pages/M01.html", "pages/M02.html"):
        root = lxml_html.fromstring(package.read(name))
        assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    translated = lxml_html.fromstring(package.read("pages/M01.html"))
    assert "دور مقدّمة الرعاية" in translated.findtext(".//title")
    fallback = lxml_html.fromstring(package.read("pages/M02.html"))  # M02 has no Arabic text
    assert fallback.xpath("//p[contains(@class, 'cg-notice--fallback')]")
    assert fallback.xpath("//div[@lang='en' and @dir='ltr']//h1")
    assert any("M02" in notice for notice in result.notices)


def test_the_cli_refuses_unknown_ids_in_one_line_and_writes_nothing(multilingual, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "x.zip"
    result = CliRunner().invoke(main, ["export", "course", "nope", "--format", "scorm12",
                                       "--root", str(multilingual.root), "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "nope" in result.output
    assert list(out.parent.iterdir()) == []


# --- the shipped content ------------------------------------------------------------------------------------------

@needs_standards
@pytest.mark.parametrize("format_name", ["scorm12", "imscc"])
def test_the_shipped_content_exports_every_course(shipped, scorm_schema, cc_schema, format_name, capsys):
    schema = scorm_schema if format_name == "scorm12" else cc_schema
    for course_id in sorted(shipped.courses):
        for lang in shipped.languages:
            data = run_export(shipped, format_name, ExportRequest("course", course_id, lang)).data
            package = zipfile.ZipFile(io.BytesIO(data))
            assert_valid(schema, package)
            assert assert_self_contained(package)
            with capsys.disabled():
                if lang == shipped.default_language:
                    print(f"\n{format_name} {course_id} [{lang}]: {len(data) // 1024} KB, "
                          f"{len(package.namelist())} files", end="")


HOSTILE = """
Text with <script>alert(1)</script> and <iframe src="https://evil.example/"></iframe>.

![tracker](https://evil.example/pixel.png) ![missing](img/none.png) [run](javascript:alert(1))
[elsewhere](//evil.example/page) [guide](../guide/index.md) <img src="x" onerror="alert(1)">

<a href="https://example.org/" style="background:url(https://evil.example/bg.png)">a web link</a>
"""


def test_a_hostile_module_still_exports_a_self_contained_page(tmp_path):
    """What the sanitiser and the link rules leave of scripts, frames, off-site images and script links:
    nothing that runs or loads (the CLI would refuse this library: run_export is called directly)."""
    root = make_site(tmp_path, "multilingual")
    hygiene = root / "content" / "modules" / "hygiene.md"
    hygiene.write_text(hygiene.read_text() + HOSTILE)
    library = validate_project(root).library
    package = export(library, "scorm12", "module", "M02")
    assert_self_contained(package)
    page = package.read("pages/M02.html").decode("utf-8")
    assert "evil.example/pixel" not in page and "javascript:" not in page and "onerror" not in page
    assert 'href="https://example.org/"' in page


def test_exports_do_not_import_mkdocs():
    code = ("import sys, coursegen.export.scorm12, coursegen.export.imscc; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(PROJECT / "src")})
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("format_name", ["scorm12", "imscc"])
def test_a_title_with_a_control_character_still_exports(tmp_path, format_name):
    """A stray control character pasted into a title is text the site shows; XML cannot hold it."""
    root = make_site(tmp_path, "multilingual")
    role = root / "content" / "modules" / "role.md"
    text = role.read_text(encoding="utf-8").replace("title: The role of the carer", 'title: "Bell\\a The role"', 1)
    role.write_text(text, encoding="utf-8")  # YAML's escape: the title holds U+0007
    validation = validate_project(root)
    assert validation.ok, validation.diagnostics
    package = export(validation.library, format_name, "course", "basic")
    assert "Bell The role" in package.read("imsmanifest.xml").decode()


def test_the_packages_one_markdown_converter_converts_each_document_as_a_new_one_would(tmp_path):
    """The packages' pages are converted by one Python-Markdown per thread, reset between documents:
    footnotes, tables of contents, headings of the same name and HTML blocks give what a converter made for
    that one document gives, in any order."""
    from coursegen.export.render import _markdown, rendered_markdown
    from coursegen.html_policy import sanitise

    library = validate_project(make_site(tmp_path, "multilingual")).library
    bodies = [page.body for page in library.pages.values()]
    bodies += [translation.body for page in library.pages.values() for translation in page.translations.values()]
    bodies += ["# Care\n\nWash hands.[^1]\n\n[^1]: With soap.\n\n## Care\n\n## Care\n",
               "# Other\n\nSee the note.[^1] And this.[^2]\n\n[^1]: One.\n[^2]: Two.\n",
               '<div markdown="1">\n\n## Inside *HTML*\n\n</div>\n\nTerm\n:   Its meaning\n\n'
               "| a | b |\n|---|---|\n| 1 | 2 |\n",
               '!!! note "Remember"\n    Ask first.\n\n## Heading {#own-id}\n']
    rendered_markdown.cache_clear()
    for body in bodies + bodies[::-1]:
        assert rendered_markdown(body, "Permanent link") == sanitise(_markdown("Permanent link").convert(body))
        rendered_markdown.cache_clear()
