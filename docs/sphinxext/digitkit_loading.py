"""What a page makes the browser fetch before it can paint, kept to what it needs.

Measured with Lighthouse (``benchmarks/bench_lighthouse.py``), every page
waited for scripts only the search dialog or the gallery's tag filter use,
three sphinx-gallery style sheets the site never needs, and every figure,
even those far below the fold. This extension, out of the reader's sight:

- loads sphinx-gallery's tag filter only on the pages it fills (gallery
  indexes), and defers every other script file (:func:`defer_scripts`) but Sphinx's
  ``documentation_options.js``, which the inline scripts after it read at
  once; deferred scripts still run in their order, before the page's
  ``DOMContentLoaded``. The search page is left as it is: its inline script
  calls the search tools at once. The theme loads the search tools and the
  whole search index on every page, from its template, for a
  search-as-you-type the site leaves off; ``_templates/layout.html`` leaves
  them out;
- drops sphinx-gallery's style sheets for Binder badges, pandas tables and
  rich HTML output (:data:`UNUSED_STYLESHEETS`): the site has no Binder
  links, and its examples show what they print, never a rich repr
  (``capture_repr = ()`` in ``conf.py``);
- gives every page a description for search engines, the start of its first
  paragraph (:func:`page_description`);
- writes the size of each local image into its ``<img>`` tag, so nothing
  moves as images arrive, and loads every image but the first of a page's
  article lazily (:func:`size_and_defer_images`, once the pages are written).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from docutils import nodes
from PIL import Image, UnidentifiedImageError

#: sphinx-gallery's style sheets that style nothing on this site (see the module docstring).
UNUSED_STYLESHEETS = ("sg_gallery-binder.css", "sg_gallery-dataframe.css", "sg_gallery-rendered-html.css")

#: Scripts that must run where they stand: the inline scripts after them use what they define.
BLOCKING_SCRIPTS = ("documentation_options.js",)

#: sphinx-gallery's tag filter, and the element it fills: only gallery indexes have one.
TAG_SCRIPT, TAG_LIST_ID = "sg-tags.js", "sg-tag-list"

#: What a page of the site is part of, for a page with nothing to describe it (an index).
SITE_PURPOSE = "digitkit, a gallery of examples to learn handwritten-digit classification with scikit-learn"

#: Titles of the pages Sphinx makes without a document (their templates name them).
SPECIAL_PAGES = {"genindex": "Index", "py-modindex": "Python module index", "search": "Search"}

#: The longest description: search engines show about this many characters.
DESCRIPTION_LENGTH = 155


def _file_name(asset) -> str:
    return urlsplit(str(asset.filename)).path.rsplit("/", 1)[-1]


def defer_scripts(script_files: list) -> list:
    """The page's script files, each file deferred but :data:`BLOCKING_SCRIPTS` and inline scripts.

    Parameters
    ----------
    script_files : list of sphinx.builders.html._assets._JavaScript
        The ``script_files`` of a page's context.

    Returns
    -------
    list
        New objects where a file is deferred (Sphinx's are shared by every page).
    """
    from sphinx.builders.html._assets import _JavaScript

    deferred = []
    for script in script_files:
        attributes = dict(script.attributes)
        if (not str(script.filename) or "body" in attributes or "async" in attributes
                or "defer" in attributes or _file_name(script) in BLOCKING_SCRIPTS):
            deferred.append(script)
            continue
        attributes["defer"] = "defer"
        deferred.append(_JavaScript(script.filename, priority=script.priority, **attributes))
    return deferred


def page_description(doctree) -> str | None:
    """The start of the first paragraph of a page's text, cut at a word; None if it has none.

    Paragraphs inside sidebars, admonitions and the like are skipped: the
    description says what the page is about.
    """
    if doctree is None:
        return None
    for paragraph in doctree.findall(nodes.paragraph):
        if paragraph.next_node(nodes.Admonition, ascend=False, descend=False) is not None:
            continue
        if any(isinstance(parent, (nodes.Admonition, nodes.sidebar, nodes.topic, nodes.table))
               for parent in _parents(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) < 40:  # a caption, a "Note", a line of links
            continue
        if len(text) <= DESCRIPTION_LENGTH:
            return text
        cut = text[:DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:")
        return cut + "…"
    return None


def _first_paragraph_text(doctree) -> str | None:
    if doctree is None:
        return None
    paragraph = next(iter(doctree.findall(nodes.paragraph)), None)
    return None if paragraph is None else " ".join(paragraph.astext().split())


def _parents(node):
    while node.parent is not None:
        node = node.parent
        yield node


def trim_page_assets(app, pagename, templatename, context, doctree):
    """``html-page-context``: defer scripts, drop unused style sheets, describe the page."""
    if pagename != "search" and "script_files" in context:
        scripts = context["script_files"]
        if TAG_LIST_ID not in context.get("body", ""):
            scripts = [script for script in scripts if _file_name(script) != TAG_SCRIPT]
        context["script_files"] = defer_scripts(scripts)
    if "css_files" in context:
        context["css_files"] = [sheet for sheet in context["css_files"]
                                if _file_name(sheet) not in UNUSED_STYLESHEETS]
    description = page_description(doctree)
    title = context.get("title") or SPECIAL_PAGES.get(pagename)
    if description is None and title:  # an index, or an API page of a few words
        first = _first_paragraph_text(doctree)
        title = re.sub(r"<[^>]+>", "", title)
        description = f"{title}: {first}" if first else f"{title}, in {SITE_PURPOSE}"
    if description and 'name="description"' not in context.get("metatags", ""):
        escaped = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        tag = f'<meta name="description" content="{escaped}" />'
        context["metatags"] = f'{context.get("metatags", "")}\n{tag}'


# -- Images: their size, and lazy below the first ----------------------------------------

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\ssrc="([^"]+)"')


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a raster image (from its header) or an SVG (its attributes), else None."""
    try:
        if path.suffix.lower() == ".svg":
            start = path.read_text(encoding="utf-8", errors="replace")[:2000]
            svg = re.search(r"<svg\b[^>]*>", start)
            if svg:
                width = re.search(r'\swidth="([\d.]+)(?:px)?"', svg.group(0))
                height = re.search(r'\sheight="([\d.]+)(?:px)?"', svg.group(0))
                if width and height:
                    return round(float(width.group(1))), round(float(height.group(1)))
            return None
        with Image.open(path) as image:  # reads the header only
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def sized_and_lazy(html: str, page: Path) -> str:
    """``html`` with each ``<img>`` of a local file sized, and all but the first lazy.

    An ``<img>`` keeps the attributes it has: a ``width``, a ``height`` or a
    ``loading`` already there is left alone. The first image of the page's
    ``<article>`` (the one a reader may see first, and the largest paint's
    candidate) loads at once; a dark twin (``only-dark``) is lazy already and
    does not count. Images before the article are the theme's header icons:
    sized, and left to load at once.
    """
    article = html.find("<article")
    first = True

    def one(match):
        nonlocal first
        tag = match.group(0)
        is_dark_twin = "only-dark" in tag
        in_header = match.start() < article
        lazy = not in_header and (not first or is_dark_twin)
        if not is_dark_twin and not in_header:
            first = False
        extra = ""
        src = _SRC.search(tag)
        if src and not re.search(r"\s(width|height)=", tag):
            target = urlsplit(src.group(1))
            if not target.scheme and not target.netloc and target.path:
                size = image_size((page.parent / unquote(target.path)).resolve())
                if size:
                    extra += f' width="{size[0]}" height="{size[1]}"'
        if lazy and not re.search(r"\sloading=", tag):
            extra += ' loading="lazy"'
        if not re.search(r"\sdecoding=", tag):
            extra += ' decoding="async"'
        if not extra:
            return tag
        closing = "/>" if tag.endswith("/>") else ">"
        return tag[: -len(closing)].rstrip() + extra + " " + closing

    return _IMG.sub(one, html)


def size_and_defer_images(app, exception):
    """``build-finished``: size the images of every page, and make all but the first lazy.

    Every page of the output is read: a page written by an earlier build is
    already done and stays as it is (:func:`sized_and_lazy` changes nothing
    twice), and it takes well under a second.
    """
    if exception is not None or app.builder.format != "html":
        return
    for page in sorted(Path(app.outdir).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        changed = sized_and_lazy(html, page)
        if changed != html:
            page.write_text(changed, encoding="utf-8")


def setup(app):
    # After the other extensions added their files to the page (default priority 500).
    app.connect("html-page-context", trim_page_assets, priority=900)
    app.connect("build-finished", size_and_defer_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
