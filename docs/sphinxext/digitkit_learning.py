"""Sphinx extension for learning by doing: part goals, hidden solutions, tags as links.

- ``.. part-goals:: <part folder>`` opens each part of the gallery (in its
  ``GALLERY_HEADER.rst``): what the reader will be able to do after it (the
  directive's bullet list), what to read first (``:prerequisites:``), and how
  long the part takes to read (estimated from the length of its examples'
  text and code, so it stays true as they change) and to run (the sum of
  its examples' running times on their own, as their pages' footers give
  them, measured in the build; ``:running-note:`` adds a remark). The landing page's
  chapter map repeats the same block for each part (:func:`part_goals_block`).
- In an exercises page, every section titled "Solution" becomes a collapsed
  disclosure (``<details>``): the solution is on the page, it runs in the
  build like any example, yet the reader sees it only on asking for it. The
  downloaded script and notebook keep it in plain sight.
- The tags line sphinx-gallery writes at the end of each example becomes a
  list of links, each opening the gallery filtered by that tag.
- The gallery index pages get ``tags.js``, which makes sphinx-gallery's tag
  filter usable with the keyboard and by screen readers.
"""

from __future__ import annotations

import ast
import dataclasses
import html
import json
import math
import os
import re
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList
from sphinx.transforms import SphinxTransform

from digitkit_gallery import gallery_folders
from digitkit_memo import standalone_seconds

#: Reading speed used for the time estimates: words of prose, lines of code.
PROSE_WORDS_PER_MINUTE = 150
CODE_LINES_PER_MINUTE = 12
SOLUTION_TITLE = "Solution"
#: Each part's exercises page is ``plot_90_exercises_<part>.py``: last in its
#: part, and a file name of its own (sphinx-gallery needs unique names).
EXERCISES_PREFIX = "plot_90_exercises"


# -- Reading time ----------------------------------------------------------------

def reading_minutes(source: str) -> float:
    """Estimate how long a gallery example takes to read, in minutes.

    Prose (the module docstring and comment lines) is read at
    :data:`PROSE_WORDS_PER_MINUTE`, code at :data:`CODE_LINES_PER_MINUTE`.
    Configuration comments (``# sphinx_gallery_...``) are not read.

    Parameters
    ----------
    source : str
        The example's Python source.

    Returns
    -------
    float

    Examples
    --------
    >>> example = "'Three more words.'\\n# Two words\\nx = 1\\n"
    >>> round(reading_minutes(example) * 60)  # 5 words at 150 a minute, a line of code at 12
    7
    """
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree) or ""
    docstring_end = tree.body[0].end_lineno if docstring else 0
    words, code_lines = len(re.findall(r"\w+", docstring)), 0
    for line in source.splitlines()[docstring_end:]:
        text = line.strip()
        if not text:
            continue
        if not text.startswith("#"):
            code_lines += 1
        elif not text.lstrip("# ").startswith(("sphinx_gallery_", "%%")):
            words += len(re.findall(r"\w+", text))
    return words / PROSE_WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE


def round_minutes(minutes: float) -> int:
    """Round a time estimate up to 5 minutes, or to the next multiple of 5 above that."""
    return max(5, 5 * math.ceil(minutes / 5))


def part_examples(srcdir: Path, examples_dir: str, part: str) -> tuple[list[Path], list[Path]]:
    """The example files of a part: ``(lessons, exercises)``."""
    scripts = sorted((srcdir / examples_dir / part).glob("plot_*.py"))
    exercises = [path for path in scripts if path.stem.startswith(EXERCISES_PREFIX)]
    return [path for path in scripts if path not in exercises], exercises


@dataclasses.dataclass(frozen=True)
class RunningTime:
    """How long a part's examples run on their own, in words, and the pages it was read from."""

    text: str
    pages: tuple[Path, ...]


def running_time(gallery_part: Path, examples: list[Path]) -> RunningTime:
    """The running time of a part's examples, summed from their pages' footers.

    Each footer says how long the example runs on its own (the build's
    memo adds back what it loaded, see ``digitkit_memo.true_footers``). The
    text is empty when a page did not run in this build (``html-noplot``).
    """
    pages = tuple(gallery_part / f"{example.stem}.rst" for example in examples)
    seconds = [standalone_seconds(page) for page in pages]
    if not seconds or any(value is None for value in seconds) or not all(seconds):
        return RunningTime("", pages)
    total = sum(seconds)
    cores = os.cpu_count() or 1
    machine = f"on a {cores}-core machine like the one that built this site"
    if total < 60:
        return RunningTime(f"under a minute {machine}", pages)
    minutes = math.ceil(total / 60) if total < 600 else 5 * math.ceil(total / 300)
    return RunningTime(f"about {minutes} minute{'s' if minutes > 1 else ''} {machine}", pages)


def _gallery_dir(config) -> str:
    return gallery_folders(config.sphinx_gallery_conf)[1]


def _examples_dir(config) -> str:
    return gallery_folders(config.sphinx_gallery_conf)[0]


# -- Part goals --------------------------------------------------------------------

class PartGoals(Directive):
    """``.. part-goals:: <part folder>`` -- what a part teaches, needs and takes.

    Options: ``:prerequisites:`` (inline reST), ``:running-note:`` (free
    text added to the running time, such as "the first run downloads
    11 MB"). Content: a bullet list of what the reader will be able to do
    afterwards.
    """

    required_arguments = 1
    has_content = True
    option_spec = {"prerequisites": directives.unchanged_required,
                   "running-note": directives.unchanged_required}

    def run(self):
        env = self.state.document.settings.env
        part = self.arguments[0]
        lessons, exercises = part_examples(Path(env.srcdir), _examples_dir(env.config), part)
        if not lessons:
            raise self.error(f"part-goals: no examples in the part folder {part!r}")
        for path in lessons + exercises:
            env.note_dependency(str(path))
        if not any(line.lstrip().startswith(("- ", "* ")) for line in self.content):
            raise self.error("part-goals: list what the reader will be able to do, as bullets")
        minutes = round_minutes(sum(reading_minutes(p.read_text(encoding="utf-8")) for p in lessons))
        time = f"about {minutes} minutes to read"
        running = running_time(Path(env.srcdir) / _gallery_dir(env.config) / part, lessons + exercises)
        for page in running.pages:
            env.note_dependency(str(page))
        if running.text or "running-note" in self.options:
            note = self.options.get("running-note")
            text = running.text or "a time this build did not measure"
            time += f"; the examples run in {text}" + (f" ({note})" if note else "")
        if exercises:
            count = _count_exercises(exercises[0].read_text(encoding="utf-8"))
            time += f"; then {count} exercises of 10 to 30 minutes each"
        rst = [".. rubric:: After this part you will be able to", ""]
        rst += list(self.content) + [""]
        rst += [f"**Read first:** {self.options.get('prerequisites', 'nothing; start here.')}", ""]
        rst += [f"**Time:** {time}.", ""]
        box = nodes.container(classes=["dk-part-goals"])
        self.state.nested_parse(StringList(rst, source=self.state.document["source"]),
                                self.content_offset, box)
        return [box]


def _count_exercises(source: str) -> int:
    return len(re.findall(r"^# Exercise \d+", source, flags=re.M))


# -- Solutions, hidden until asked for ---------------------------------------------

class details(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """A disclosure: its ``summary`` attribute is always shown, its children on request."""


def visit_details_html(self, node):
    self.body.append(self.starttag(node, "details", CLASS="dk-solution"))
    self.body.append(f"<summary>{self.encode(node['summary'])}</summary>\n")


def depart_details_html(self, node):
    self.body.append("</details>\n")


class HideSolutions(SphinxTransform):
    """Turn each section titled "Solution" of a gallery page into a disclosure."""

    default_priority = 200  # before the table of contents is collected

    def apply(self):
        for section in list(self.document.findall(nodes.section)):
            title = section.next_node(nodes.title)
            if title is None or title.astext().strip() != SOLUTION_TITLE:
                continue
            disclosure = details(summary=SOLUTION_TITLE,
                                 ids=section["ids"], names=section["names"])
            disclosure.extend(child for child in section.children if child is not title)
            section.replace_self(disclosure)


# -- Tags --------------------------------------------------------------------------

def link_tags(app, doctree, docname):
    """Make each tag under an example a link to the gallery filtered by it."""
    gallery = _gallery(app)
    for container in list(doctree.findall(nodes.Element)):
        if "sphx-glr-example-tags" not in container.get("classes", ()):
            continue
        text = container.astext()
        tags = [tag.strip() for tag in text.split(":", 1)[-1].split(",") if tag.strip()]
        index = app.builder.get_relative_uri(docname, f"{gallery}/index")
        paragraph = nodes.paragraph(classes=["sphx-glr-example-tags", "dk-example-tags"])
        paragraph += nodes.Text("Tags: ")
        for position, tag in enumerate(tags):
            if position:
                paragraph += nodes.Text(", ")
            paragraph += nodes.reference(tag, tag, refuri=f"{index}?sg-tags={quote(tag)}",
                                         classes=["dk-tag-link"])
        container.replace_self(paragraph)


def add_tag_filter_script(app, pagename, templatename, context, doctree):
    """Give the gallery index pages the script that makes the tag filter accessible."""
    if pagename.endswith("index") and pagename.startswith(_gallery(app)):
        app.add_js_file("tags.js", defer="defer")


TAG_LIST = "<div id='sg-tag-list' class='sphx-glr-tag-list'></div>"
_REPEATED_TAG_LIST = re.compile(r"\n\.\. raw:: html\n\n\s*" + re.escape(TAG_LIST) + r"\n")


def one_tag_list(app, docname, source):
    """Keep one tag filter on the gallery's main index.

    sphinx-gallery puts an empty ``<div id="sg-tag-list">`` under each part's
    introduction, and the main index repeats every part's: the same id many
    times over. The first one, at the top, filters every example.
    """
    if docname != f"{_gallery(app)}/index":
        return
    text = source[0]
    first = text.find(TAG_LIST)
    if first >= 0:
        cut = first + len(TAG_LIST)
        source[0] = text[:cut] + _REPEATED_TAG_LIST.sub("\n", text[cut:])


_TAGGED = re.compile(r"data-sgtags='([^']*)'")


def tag_list_placeholder(text: str) -> str:
    """Static HTML the size of the tag filter the scripts will draw for the thumbnails in ``text``.

    sphinx-gallery's ``sg-tags.js`` draws the filter once the page is loaded,
    and ``tags.js`` adds a line under it: everything below moved down as
    they arrived (a layout shift of 0.22 on the gallery's index). This
    placeholder, the same tags in the same order with the same classes,
    holds their place; ``tags.js`` removes it as it adds the real ones, in
    the same task, so the page never paints both. Hidden from screen readers.
    """
    tags, examples = [], 0
    for found in _TAGGED.finditer(text):
        examples += 1
        for tag in json.loads(html.unescape(found.group(1))):
            if tag not in tags:
                tags.append(tag)
    if not tags:
        return ""
    # With the attributes tags.js gives the real ones: the theme styles buttons a little larger.
    items = "".join(f'<div class="sphx-glr-tag" role="button" aria-pressed="false">{html.escape(tag)}</div>'
                    for tag in tags)
    return (f'<div class="sphx-glr-tag-list dk-tag-placeholder" aria-hidden="true">'
            f'<div class="sphx-glr-tag-label">Tags:</div>{items}</div>'
            f'<p class="dk-tag-status dk-tag-placeholder" aria-hidden="true">'
            f'Showing all {examples} examples.</p>')


def reserve_tag_list_space(app, docname, source):
    """Put :func:`tag_list_placeholder` after the tag filter of a gallery index (``source-read``)."""
    if not docname.startswith(f"{_gallery(app)}/") or TAG_LIST not in source[0]:
        return
    placeholder = tag_list_placeholder(source[0])
    if placeholder:
        source[0] = source[0].replace(TAG_LIST, TAG_LIST + placeholder, 1)


def _gallery(app) -> str:
    return _gallery_dir(app.config)


def setup(app):
    app.add_directive("part-goals", PartGoals)
    app.add_node(details, html=(visit_details_html, depart_details_html))
    app.add_transform(HideSolutions)
    app.connect("source-read", one_tag_list)
    app.connect("source-read", reserve_tag_list_space, priority=600)  # once one list is left
    app.connect("doctree-resolved", link_tags)
    app.connect("html-page-context", add_tag_filter_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
