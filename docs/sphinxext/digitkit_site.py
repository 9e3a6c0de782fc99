"""Sphinx extension for the digitkit site: the chapter map, and fixes for readers.

- ``.. chapter-map::`` draws the chapter as a map on the landing page: one
  section per part of the gallery (a sub-folder of ``examples/``), holding the
  thumbnail and title of each of its examples, each linking to its page. It is
  made from the folders at build time, so new examples appear by themselves.
- The computation-times pages of sphinx-gallery load jQuery and DataTables
  from CDNs; the site must work offline, so those pages keep a plain table.
- The theme's section navigation shows an expand/collapse toggle with no
  text, which screen readers cannot name; each toggle gets a label.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bs4 import BeautifulSoup
from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx import addnodes

from digitkit_figures import thumbnail_file

_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+.:_])\1+\s*$")


def rst_title(text: str) -> str:
    """Return the first section title of a piece of reStructuredText.

    Parameters
    ----------
    text : str
        reST source, such as a ``GALLERY_HEADER.rst`` or an example's docstring.

    Returns
    -------
    str
        The title, or "" if there is none.
    """
    lines = text.splitlines()
    for line, underline in zip(lines, lines[1:], strict=False):
        title = line.strip()
        if title and not _UNDERLINE.match(line) and _UNDERLINE.match(underline) \
                and len(underline.rstrip()) >= len(title):
            return title.replace("``", "")
    return ""


def example_title(path: Path) -> str:
    """The title of a gallery example: the title of its module docstring."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return rst_title(docstring) or path.stem


def gallery_parts(env):
    """Yield each part of the gallery as ``(title, examples, goals)``.

    Parts are the sub-folders of the examples folder, in name order, as
    sphinx-gallery lays them out; examples are their ``plot_*.py`` files, in
    name order (``within_subsection_order = "FileNameSortKey"``), each as
    ``(title, docname, thumbnail)``. Docnames and thumbnails are relative to
    the source folder, with a leading "/". The third item is the header's
    ``.. part-goals::`` block, as reST lines (empty if it has none).
    """
    conf = env.config.sphinx_gallery_conf
    examples_dirs, gallery_dirs = conf["examples_dirs"], conf["gallery_dirs"]
    if isinstance(examples_dirs, str):
        examples_dirs, gallery_dirs = [examples_dirs], [gallery_dirs]
    srcdir = Path(env.srcdir)
    for examples_dir, gallery_dir in zip(examples_dirs, gallery_dirs, strict=True):
        for part in sorted(p for p in (srcdir / examples_dir).iterdir() if p.is_dir()):
            scripts = sorted(part.glob("plot_*.py"))
            header = part / "GALLERY_HEADER.rst"
            if not scripts or not header.is_file():
                continue
            out = f"/{gallery_dir}/{part.name}"
            images = srcdir / gallery_dir / part.name / "images"
            examples = [(example_title(script), f"{out}/{script.stem}",
                         f"{out}/images/thumb/{thumbnail_file(images, script.stem).name}")
                        for script in scripts]
            text = header.read_text(encoding="utf-8")
            yield rst_title(text), examples, part_goals_block(text)


def part_goals_block(text: str) -> list[str]:
    """The lines of the ``.. part-goals::`` directive of a gallery header, if any.

    Parameters
    ----------
    text : str
        The reST of a ``GALLERY_HEADER.rst``.

    Returns
    -------
    list of str
        The directive's lines, from its first line to the end of its indented
        content; empty if the header has none.
    """
    lines = text.splitlines()
    for start, line in enumerate(lines):
        if line.startswith(".. part-goals::"):
            end = start + 1
            while end < len(lines) and (not lines[end].strip() or lines[end].startswith(" ")):
                end += 1
            return lines[start:end]
    return []


def doc_link(docname: str, text: str, fromdoc: str) -> addnodes.pending_xref:
    """A link to the page ``docname`` that reads ``text`` (a resolved ``:doc:``)."""
    link = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=docname,
                                 refexplicit=True, refwarn=True, refdoc=fromdoc)
    link += nodes.inline(text, text)
    return link


def example_card(title: str, docname: str, thumbnail: str, fromdoc: str) -> nodes.container:
    """One example on the map: its thumbnail above its title, all one link.

    The image is decorative (``alt=""``): the title, which is the link text,
    already names it. CSS stretches the link over the whole card.
    """
    card = nodes.container(classes=["chapter-map-card"])
    card += nodes.image(uri=thumbnail, alt="", classes=["chapter-map-thumb"])
    card += nodes.paragraph("", "", doc_link(docname, title, fromdoc))
    return card


class ChapterMap(Directive):
    """``.. chapter-map::`` -- every example of the gallery, grouped by part."""

    has_content = False

    def run(self):
        env = self.state.document.settings.env
        env.digitkit_chapter_map_docs = _map_docs(env) | {env.docname}
        sections = []
        for number, (title, examples, goals) in enumerate(gallery_parts(env), start=1):
            section = nodes.section(classes=["chapter-map-part"])
            heading = f"{number}. {title}"
            section += nodes.title(heading, heading)
            section["names"].append(nodes.fully_normalize_name(heading))
            self.state.document.note_implicit_target(section, section)
            if goals:  # the same goals, prerequisites and times as the part's own page
                self.state.nested_parse(StringList(goals, source=self.state.document["source"]),
                                        self.content_offset, section)
            cards = nodes.container(classes=["chapter-map-cards"])
            for example in examples:
                cards += example_card(*example, env.docname)
            section += cards
            sections.append(section)
        return sections


def _map_docs(env) -> set:
    return getattr(env, "digitkit_chapter_map_docs", set())


def reread_chapter_map(app, env, added, changed, removed):
    """Rebuild the pages that hold a map: examples may have come or gone."""
    return sorted(_map_docs(env) - set(removed))


def forget_chapter_map(app, env, docname):
    """A page read again records anew whether it holds a map."""
    env.digitkit_chapter_map_docs = _map_docs(env) - {docname}


def merge_chapter_map(app, env, docnames, other):
    """Collect the pages that hold a map from parallel readers."""
    env.digitkit_chapter_map_docs = _map_docs(env) | _map_docs(other)


def drop_remote_html(text: str) -> str:
    """Remove the ``.. raw:: html`` blocks that load anything from another host."""
    lines, kept, index = text.splitlines(keepends=True), [], 0
    while index < len(lines):
        match = re.match(r"^(\s*)\.\. raw:: html\s*$", lines[index])
        if not match:
            kept.append(lines[index])
            index += 1
            continue
        end = index + 1
        indent = len(match.group(1))
        while end < len(lines) and (not lines[end].strip()
                                    or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        block = lines[index:end]
        if not any("://" in line for line in block):
            kept.extend(block)
        index = end
    return "".join(kept)


def keep_times_offline(app, docname, source):
    """sphinx-gallery's computation-times pages: drop their CDN scripts and styles."""
    if docname.endswith("sg_execution_times"):
        source[0] = drop_remote_html(source[0])


def label_nav_toggles(soup) -> None:
    """Name each expand/collapse toggle of the navigation after its section."""
    for summary in soup.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        section = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = f"Pages in {section}"


def wrap_toctree_html(app, pagename, templatename, context, doctree):
    """Label the navigation toggles of every page the theme renders."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_labelled(kind, *args, **kwargs):
        html = generate(kind, *args, **kwargs)
        if isinstance(html, str):  # a cached copy: labelled already, unless new
            if "<summary>" not in html:
                return html
            html = BeautifulSoup(html, "html.parser")
            label_nav_toggles(html)
            return str(html)
        label_nav_toggles(html)  # in place, so the theme's cache keeps the labels
        return html

    context["generate_toctree_html"] = generate_labelled


def setup(app):
    app.add_directive("chapter-map", ChapterMap)
    app.connect("env-get-outdated", reread_chapter_map)
    app.connect("env-purge-doc", forget_chapter_map)
    app.connect("env-merge-info", merge_chapter_map)
    app.connect("source-read", keep_times_offline)
    # after the theme (priority 500) has put generate_toctree_html in the context
    app.connect("html-page-context", wrap_toctree_html, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
