"""A course as an IMS Common Cartridge 1.1 package: what Moodle restores as a course and Canvas imports as
modules.

Moodle recognises version 1.1 by the default namespace in the first 500 bytes of imsmanifest.xml, and refuses
any manifest its libxml2 validator rejects; so the manifest is schemaversion 1.1.0 with the course title in
LOM, one `rooted-hierarchy` organization whose root item has no title, one titled item per module, and a
`webcontent` resource per module page with a `<file>` for each of its files. The files the pages share
(stylesheet, outcomes and glossary pages, images) are one more webcontent resource that each module page
depends on; it has no item, so platforms keep it as course files. The pages come from `render`.

A module with self-check quizzes also has an assessment (QTI 1.2.1 in the cartridge's profile, see `qti` and
`cc_quizzes`): a resource of its own, without `href` and with one `<file>` (as the profile's rules want),
and an item right after the module's page, so that Moodle makes it a quiz activity and Canvas a quiz.
"""

from __future__ import annotations

from lxml import etree

from ..library import Library
from .base import Export, ExportRequest
from .cc_quizzes import CcAssessment, module_assessments
from .qti import RESOURCE_TYPE
from .render import Package, build_package, package_modules, xml_element, xml_id, zip_bytes

IMSCC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (f"{IMSCC} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
                    f"{LOM} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd")
SHARED = "shared"


def export(library: Library, request: ExportRequest) -> Export:
    """The request's course as a Common Cartridge 1.1 zip (.imscc)."""
    package = build_package(library, request)
    _, modules = package_modules(library, request)
    assessments = module_assessments(library, package.lang, request.trainer, modules)
    files = {"imsmanifest.xml": manifest(package, assessments), **package.files}
    files.update({assessment.href: assessment.data for assessment in assessments})
    return Export(zip_bytes(files), package.notices)


def _element(parent: etree._Element, name: str, text: str | None = None, namespace: str = IMSCC,
             **attributes: str) -> etree._Element:
    return xml_element(parent, namespace, name, text, attributes)


def manifest(package: Package, assessments: list[CcAssessment] | tuple = ()) -> bytes:
    """imsmanifest.xml: metadata with the LOM title, the organization, the resources."""
    root = etree.Element(f"{{{IMSCC}}}manifest", {"identifier": package.identifier,
                                                 f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS},
                         nsmap={None: IMSCC, "lomimscc": LOM, "xsi": XSI})
    _metadata(root, package)
    by_module = {assessment.module_id: assessment for assessment in assessments}
    _organization(root, package, by_module)
    resources = _element(root, "resources")
    _page_resources(resources, package)
    for assessment in assessments:
        resource = _element(resources, "resource", identifier=assessment.identifier, type=RESOURCE_TYPE)
        _element(resource, "file", href=assessment.href)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _metadata(root: etree._Element, package: Package) -> None:
    metadata = _element(root, "metadata")
    _element(metadata, "schema", "IMS Common Cartridge")
    _element(metadata, "schemaversion", "1.1.0")
    general = _element(_element(metadata, "lom", namespace=LOM), "general", namespace=LOM)
    title = _element(general, "title", namespace=LOM)
    _element(title, "string", package.title, namespace=LOM, language=package.lang)


def _organization(root: etree._Element, package: Package, assessments: dict[str, CcAssessment]) -> None:
    """One item per module page, each followed by its quiz's item when it has quizzes."""
    organization = _element(_element(root, "organizations"), "organization", identifier=xml_id("org"),
                            structure="rooted-hierarchy")
    top = _element(organization, "item", identifier=xml_id("root"))  # the root item has no title
    for page in package.pages:
        item = _element(top, "item", identifier=xml_id("item", page.module_id),
                        identifierref=xml_id("res", page.module_id))
        _element(item, "title", page.title)
        assessment = assessments.get(page.module_id)
        if assessment is not None:
            quiz = _element(top, "item", identifier=xml_id("item", assessment.identifier),
                            identifierref=assessment.identifier)
            _element(quiz, "title", assessment.title)


def _page_resources(resources: etree._Element, package: Package) -> None:
    """A webcontent resource per module page, and one for the files they share."""
    shared = package.shared
    for page in package.pages:
        resource = _element(resources, "resource", identifier=xml_id("res", page.module_id), type="webcontent",
                            href=page.href)
        _element(resource, "file", href=page.href)
        if shared:
            _element(resource, "dependency", identifierref=xml_id("res", SHARED))
    if shared:
        resource = _element(resources, "resource", identifier=xml_id("res", SHARED), type="webcontent",
                            href=shared[0])
        for path in shared:
            _element(resource, "file", href=path)
