"""sitemap.xml (checked against the sitemaps.org 0.9 schema) and robots.txt on every host."""

import pytest
from django_tenants.utils import schema_context
from lxml import etree

from .conftest import make_opportunity

pytestmark = pytest.mark.django_db

# The sitemaps.org 0.9 schema (urlset), reduced to what a validator needs; no network access.
SITEMAP_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xsd:element name="urlset"><xsd:complexType><xsd:sequence>
    <xsd:element name="url" minOccurs="0" maxOccurs="50000"><xsd:complexType><xsd:sequence>
      <xsd:element name="loc"><xsd:simpleType><xsd:restriction base="xsd:anyURI">
        <xsd:minLength value="12"/><xsd:maxLength value="2048"/></xsd:restriction></xsd:simpleType></xsd:element>
      <xsd:element name="lastmod" minOccurs="0"><xsd:simpleType><xsd:union memberTypes="xsd:date xsd:dateTime"/></xsd:simpleType></xsd:element>
      <xsd:element name="changefreq" minOccurs="0"><xsd:simpleType><xsd:restriction base="xsd:string">
        <xsd:enumeration value="always"/><xsd:enumeration value="hourly"/><xsd:enumeration value="daily"/>
        <xsd:enumeration value="weekly"/><xsd:enumeration value="monthly"/><xsd:enumeration value="yearly"/>
        <xsd:enumeration value="never"/></xsd:restriction></xsd:simpleType></xsd:element>
      <xsd:element name="priority" minOccurs="0"><xsd:simpleType><xsd:restriction base="xsd:decimal">
        <xsd:minInclusive value="0.0"/><xsd:maxInclusive value="1.0"/></xsd:restriction></xsd:simpleType></xsd:element>
      <xsd:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
    </xsd:sequence></xsd:complexType></xsd:element>
  </xsd:sequence></xsd:complexType></xsd:element>
</xsd:schema>"""


def _validate(content: bytes) -> list[str]:
    schema = etree.XMLSchema(etree.fromstring(SITEMAP_XSD))
    doc = etree.fromstring(content)
    schema.assertValid(doc)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in doc.findall("s:url/s:loc", ns)]


def test_club_sitemap_is_valid_and_lists_only_public_pages(club):
    from django.test import Client

    from wagtail.models import PageViewRestriction

    public = make_opportunity(club, title="Offen fuer alle")
    private = make_opportunity(club, title="Privat")
    make_opportunity(club, title="Entwurf", publish=False)
    with schema_context(club.schema_name):
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = Client(HTTP_HOST="alpha.localhost").get("/sitemap.xml")
    assert response.status_code == 200
    locations = _validate(response.content)
    assert any(loc.endswith(f"/{public.slug}/") for loc in locations)
    assert not any("privat" in loc or "entwurf" in loc for loc in locations)
    assert all(loc.startswith("http://alpha.localhost") for loc in locations)


def test_portal_sitemap_is_valid(portal_client):
    locations = _validate(portal_client.get("/sitemap.xml").content)
    assert any(loc.endswith("/engagement/") for loc in locations)
    assert any(loc.endswith("/veranstaltungen/") for loc in locations)


@pytest.mark.parametrize("host", ["localhost", "alpha.localhost"])
def test_robots_txt(db, host):
    from django.test import Client

    response = Client(HTTP_HOST=host).get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert f"Sitemap: http://{host}/sitemap.xml" in body


def test_sitemaps_list_the_english_pages(club, portal_client):
    from urllib.parse import urlsplit

    from django.test import Client

    from wagtail.models import Locale, Page

    from sites.portal.models import PortalHomePage

    english = Locale.objects.get(language_code="en")
    portal_home = PortalHomePage.objects.get(locale__language_code="de")
    portal_home.copy_for_translation(english).save_revision().publish()
    assert "http://localhost/en/" in _validate(portal_client.get("/sitemap.xml").content)

    with schema_context(club.schema_name):
        club_english, _created = Locale.objects.get_or_create(language_code="en")
        home = Page.objects.get(depth=2, locale__language_code="de")
        home.copy_for_translation(club_english).save_revision().publish()
    response = Client(HTTP_HOST="alpha.localhost").get("/sitemap.xml")
    paths = [urlsplit(loc).path for loc in _validate(response.content)]
    assert "/en/" in paths
    assert "/" in paths
