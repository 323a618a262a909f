"""A module or a course as a SCORM 1.2 package: what Moodle's and ILIAS's SCORM activities import.

Static pages need no runtime: every module page is an `asset` resource (`adlcp:scormtype="asset"`), which
Moodle marks completed on launch. One organization lists the modules in the course's order; the files the
pages share (stylesheet, outcomes and glossary pages, images) form one more asset resource that each module
depends on, so that every file of the zip is listed in the manifest. The manifest follows the SCORM 1.2 content
packaging schemas (imscp_rootv1p1p2 and adlcp_rootv1p2); the pages come from `render`.
"""

from __future__ import annotations

from lxml import etree

from ..library import Library
from .base import Export, ExportRequest
from .render import Package, build_package, xml_element, xml_id, zip_bytes

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd")
SHARED = "shared"


def export(library: Library, request: ExportRequest) -> Export:
    """The request's module or course as a SCORM 1.2 zip."""
    package = build_package(library, request)
    files = {"imsmanifest.xml": manifest(package), **package.files}
    return Export(zip_bytes(files), package.notices)


def _element(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    return xml_element(parent, IMSCP, name, text, attributes)


def manifest(package: Package) -> bytes:
    """imsmanifest.xml: metadata, one organization with an item per module page, the resources."""
    root = etree.Element(f"{{{IMSCP}}}manifest", {"identifier": package.identifier, "version": package.version,
                                                 f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS},
                         nsmap={None: IMSCP, "adlcp": ADLCP, "xsi": XSI})
    metadata = _element(root, "metadata")
    _element(metadata, "schema", "ADL SCORM")
    _element(metadata, "schemaversion", "1.2")
    organization_id = xml_id("org", package.identifier)
    organizations = _element(root, "organizations", default=organization_id)
    organization = _element(organizations, "organization", identifier=organization_id)
    _element(organization, "title", package.title)
    for page in package.pages:
        item = _element(organization, "item", identifier=xml_id("item", page.module_id),
                        identifierref=xml_id("res", page.module_id))
        _element(item, "title", page.title)
    resources = _element(root, "resources")
    shared = package.shared
    for page in package.pages:
        resource = _resource(resources, xml_id("res", page.module_id), page.href)
        _element(resource, "file", href=page.href)
        if shared:
            _element(resource, "dependency", identifierref=xml_id("res", SHARED))
    if shared:
        resource = _resource(resources, xml_id("res", SHARED), None)
        for path in shared:
            _element(resource, "file", href=path)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _resource(parent: etree._Element, identifier: str, href: str | None) -> etree._Element:
    attributes = {"identifier": identifier, "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"}
    if href:
        attributes["href"] = href
    return _element(parent, "resource", **attributes)
