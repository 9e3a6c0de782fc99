"""What a page fetches before it paints (docs/sphinxext/digitkit_loading.py)."""

from __future__ import annotations

import struct
import sys
import zlib

from docutils.core import publish_doctree
from sphinx.builders.html._assets import _JavaScript

from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
import digitkit_loading  # noqa: E402

import digitkit_learning  # noqa: E402


def _png(path, width, height):
    """A real (blank, grey) PNG of this size."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
                     + chunk(b"IEND", b""))


def test_scripts_are_deferred_but_those_inline_scripts_read_at_once():
    scripts = [_JavaScript("_static/documentation_options.js?v=1"), _JavaScript("_static/doctools.js"),
               _JavaScript("", body="DOCUMENTATION_OPTIONS.x = 1;"),
               _JavaScript("a.js", **{"async": "async"}),
               _JavaScript("_static/tags.js", defer="defer", priority=200)]
    deferred = digitkit_loading.defer_scripts(scripts)
    assert [dict(script.attributes) for script in deferred] == [
        {}, {"defer": "defer"}, {"body": "DOCUMENTATION_OPTIONS.x = 1;"}, {"async": "async"},
        {"defer": "defer"}]
    assert deferred[4].priority == 200
    assert scripts[1].attributes == {}  # Sphinx's own objects, shared by every page, are untouched


def test_a_page_is_described_by_its_first_real_paragraph():
    doctree = publish_doctree(
        "Title\n=====\n\n.. note::\n\n"
        "   A note that is long enough to be taken for the page's description.\n\n"
        "Short.\n\n" + "This page teaches something worth knowing about digits, " * 4 + "\n")
    description = digitkit_loading.page_description(doctree)
    assert description.startswith("This page teaches something worth knowing")
    assert len(description) <= digitkit_loading.DESCRIPTION_LENGTH and description.endswith("…")
    assert " " not in description[-2:]  # cut at a word
    assert digitkit_loading.page_description(publish_doctree("Title\n=====\n\nToo short.\n")) is None
    assert digitkit_loading.page_description(None) is None


def test_images_get_their_size_and_all_but_the_first_load_lazily(tmp_path):
    (tmp_path / "_images").mkdir()
    _png(tmp_path / "_images" / "a.png", 30, 20)
    _png(tmp_path / "_images" / "b.png", 40, 10)
    (tmp_path / "_static").mkdir()
    logo = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="12"/>'
    (tmp_path / "_static" / "logo.svg").write_text(logo)
    page = tmp_path / "page.html"
    html = ('<header><img src="_static/logo.svg" alt="icon" /></header><article>'
            '<img src="_images/a.png" alt="A" class="only-light" />'
            '<img src="_images/a_dark.png" alt="A" class="only-dark" loading="lazy" />'
            '<img src="_images/b.png" alt="B" />'
            '<img src="_static/logo.svg" alt="">'
            '<img src="https://example.org/x.png" alt="far" />'
            '<img src="_images/b.png" width="5" alt="sized by hand" />')
    done = digitkit_loading.sized_and_lazy(html, page)
    header_icon, *tags = done.split("<img")[1:]
    assert 'width="16" height="12"' in header_icon and "loading" not in header_icon  # the theme's
    assert 'width="30" height="20"' in tags[0] and "loading" not in tags[0]  # the article's first: at once
    assert tags[1].count("loading=") == 1  # a dark twin keeps its own; a missing file gets no size
    assert 'width="40" height="10" loading="lazy"' in tags[2]
    assert 'width="16" height="12" loading="lazy"' in tags[3] and tags[3].endswith(">")
    assert "width" not in tags[4] and 'loading="lazy"' in tags[4]
    assert 'width="5" alt' in tags[5] and "height" not in tags[5]
    assert all('decoding="async"' in tag for tag in tags)
    assert digitkit_loading.sized_and_lazy(done, page) == done  # a page done stays as it is


def test_the_tag_filter_placeholder_holds_the_tags_in_their_order():
    text = ("<div class=\"sphx-glr-thumbcontainer\" data-sgtags='[\"MNIST\", \"beginner\"]'>\n"
            "<div class=\"sphx-glr-thumbcontainer\" data-sgtags='[\"beginner\", \"a &amp; b\"]'>\n")
    placeholder = digitkit_learning.tag_list_placeholder(text)
    assert placeholder.count('class="sphx-glr-tag"') == 3
    assert placeholder.index(">MNIST<") < placeholder.index(">beginner<") < placeholder.index(">a &amp; b<")
    assert 'aria-hidden="true"' in placeholder and "Showing all 2 examples." in placeholder
    assert digitkit_learning.tag_list_placeholder("no thumbnails here") == ""
