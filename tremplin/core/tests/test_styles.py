"""A browser's first visit gets the stylesheets inline, allowed by their hash; later pages link them."""

import base64
import hashlib
import re

import pytest

from tremplin.core import styles

pytestmark = pytest.mark.django_db


def _inline_styles(html: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)


def _hash(css: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


def test_a_first_visit_gets_the_styles_inline_allowed_by_their_hash(client):
    response = client.get("/")
    [css] = _inline_styles(response.text)
    assert ".site-header" in css
    assert 'rel="stylesheet"' not in response.text
    policy = response.headers["Content-Security-Policy"]
    style_src = re.search(r"style-src ([^;]*)", policy).group(1).split()
    assert style_src == ["'self'", _hash(css)]
    assert "unsafe-inline" not in policy
    assert response.cookies[styles.COOKIE].value == styles.version()
    assert "Cookie" in response.headers["Vary"]


def test_a_page_with_its_own_stylesheet_allows_both(client):
    response = client.get("/diagnostic/")
    inline = _inline_styles(response.text)
    assert len(inline) == 2
    policy = response.headers["Content-Security-Policy"]
    assert all(_hash(css) in policy for css in inline)


def test_the_next_pages_link_the_stylesheets(client):
    client.get("/")
    response = client.get("/places/")
    assert not _inline_styles(response.text)
    assert re.search(r'<link rel="stylesheet" href="/static/css/tremplin[.\w]*css">', response.text)
    assert "sha256" not in response.headers["Content-Security-Policy"]
    assert styles.COOKIE not in response.cookies


def test_new_styles_are_sent_inline_again(client):
    client.cookies[styles.COOKIE] = "an-old-version"
    response = client.get("/")
    assert len(_inline_styles(response.text)) == 1
    assert response.cookies[styles.COOKIE].value == styles.version()


def test_the_policy_of_other_pages_is_untouched(client):
    """The hashes of one response never leak into the next one's policy."""
    client.get("/")
    client.cookies.pop(styles.COOKIE)
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first.count("sha256") == 1 and second.count("sha256") == 0


def test_the_inline_copy_leaves_the_comments_out(client):
    [css] = _inline_styles(client.get("/").text)
    assert "/*" not in css
    assert len(css) < len(open(styles.finders.find(styles.BASE_STYLESHEET)).read())
