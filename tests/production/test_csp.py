"""The Content-Security-Policy header: strict on the site and the API, loosened only in the admin.

tests/browser/test_content_security_policy.py proves in Chromium that the site and the
admin run under it without a single violation.
"""

import pytest

pytestmark = pytest.mark.django_db


def policy(response):
    """The header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_site_pages_allow_only_own_scripts(client, site_tree):
    response = client.get("/en/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert "https://www.youtube-nocookie.com" in csp["frame-src"]


def test_error_pages_and_api_have_it(client, site_tree):
    assert "'unsafe-inline'" not in policy(client.get("/en/no-such-page/"))["script-src"]
    assert policy(client.get("/api/v2/pages/"))["script-src"] == ["'self'"]
    assert policy(client.get("/healthz"))["default-src"] == ["'self'"]


def test_admin_gets_its_allowances(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "blob:" in csp["img-src"]
    assert csp["frame-src"][0] == "'self'"  # the preview panel's iframe
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_admin_login_page_too(client):
    response = client.get("/admin/login/")
    assert policy(response)["script-src"] == ["'self'", "'unsafe-inline'"]
