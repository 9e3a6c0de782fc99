"""Sphinx extension: downloaded notebooks that read like the page.

sphinx-gallery writes each example's notebook with its own reST-to-Markdown
converter (``sphinx_gallery.notebook.rst2md``). It turns headings, code
blocks, ``:math:`` and notes into Markdown, but leaves every other role as
raw markup (``:class:`~sklearn.svm.SVC```) and turns ``:ref:`text <label>```
into code (`` `text <label>` ``): Jupyter shows literal backquoted text where
the page shows a link. This extension rewrites the Markdown cells of every
notebook the gallery writes, so that they read like the page:

- a role to a Python object becomes a link, shown in code as on the page
  (``~`` keeps the last component, functions and methods get ``()``), to
  the object's page in the documentation the site links to (intersphinx):
  scikit-learn, NumPy, SciPy, Matplotlib, pandas, Python. Where Sphinx has
  the real inventory (an online build), its address is used; offline the
  inventories are empty, and the address is made by each project's URL
  scheme (:func:`external_url`). digitkit's own objects link to their API
  pages on the published site;
- ``:ref:`` and ``:doc:`` become links to the page on the published site
  (``html_baseurl`` in ``conf.py``), with the title the page shows;
- ``:math:`` becomes ``$...$``, ``.. math::`` becomes ``$$...$$``;
- notes, warnings and other admonitions become block quotes opening with
  their title in bold (``> **Note**``), other directives their content in
  Markdown (:data:`DIRECTIVES`);
- a role with no target, or one this module does not know, becomes its
  text, plain or in code as on the page.

Code cells are never touched, nor is the ``.py`` download.

How it hooks in. No sphinx-gallery option transforms the notebooks' text
(``pypandoc`` replaces the converter wholesale and needs pandoc;
``jupyterlite``'s ``notebook_modification_function`` only sees JupyterLite's
copies), and sphinx-gallery writes each notebook, and the per-example zip
holding it, in the process that ran the example (a worker process, with
sphinx-gallery's ``parallel``), then the zip of all notebooks, all within its
``builder-inited`` handler. So the notebooks are post-processed in the main
process on ``env-updated``: after the gallery wrote them, and after Sphinx
read every page, so that labels, page titles and the API pages are known,
but before the HTML builder copies the downloads (in its ``finish`` phase).
Each zip that holds a notebook is then written again from the converted
files, exactly as sphinx-gallery writes it (:func:`refresh_zip`). The files
keep their modification times, so that the next build does not take the
pages offering them for changed; and the notebooks as sphinx-gallery wrote
them are kept beside the environment, so that an example that does not run
again still gets this build's titles and addresses (:class:`_Sources`).
Converting the gallery's 26 notebooks takes a few hundredths of a second.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import hashlib
import importlib.util
import json
import os
import posixpath
import re
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import digitkit_quiz
from sphinx.util import logging

from digitkit_gallery import gallery_folders

logger = logging.getLogger(__name__)


# -- Where references point -----------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Page:
    """A page, or a place in one, that a reference can link to."""

    url: str
    title: str = ""


@dataclasses.dataclass(frozen=True)
class Targets:
    """Everything a reference in a notebook can point to.

    Every address is absolute: a notebook is read far from the site.

    Parameters
    ----------
    labels : dict of str to Page
        ``:ref:`` labels (lower case, as Sphinx keeps them), with the title
        Sphinx shows for a reference without an explicit title.
    docs : dict of str to Page
        ``:doc:`` targets: document names, such as ``"draw"``, and titles.
    objects : dict of str to str
        Python objects documented on this site (digitkit's API), by full name.
    terms : dict of str to str
        Glossary terms of this site, in lower case.
    inventory : mapping
        The intersphinx inventory Sphinx loaded: ``{"py:class": {name: item}}``,
        where an item has a ``uri`` (Sphinx 8.2 and later) or is a tuple whose
        third element is the address. Empty when the build is offline.
    projects : dict of str to str
        The base address of each project of ``intersphinx_mapping``, by its
        name there (``"sklearn"``, ``"numpy"``, ``"python"``, ...).
    parentheses : bool
        Whether function and method names get ``()``, as Sphinx's
        ``add_function_parentheses`` does.
    printed : callable, optional
        ``printed(example, label)``: the number an example's page printed
        after ``label``, which a quiz question may quote
        (:func:`digitkit_quiz.printed_numbers_from`); None leaves the
        question saying where the number is printed.
    """

    labels: Mapping[str, Page] = dataclasses.field(default_factory=dict)
    docs: Mapping[str, Page] = dataclasses.field(default_factory=dict)
    objects: Mapping[str, str] = dataclasses.field(default_factory=dict)
    terms: Mapping[str, str] = dataclasses.field(default_factory=dict)
    inventory: Mapping[str, Mapping] = dataclasses.field(default_factory=dict)
    projects: Mapping[str, str] = dataclasses.field(default_factory=dict)
    parentheses: bool = True
    printed: Callable[[str, str], str] | None = None


#: The Python roles, with the inventory types each looks in first (then in all others).
PYTHON_ROLES = {
    "func": ("function",),
    "meth": ("method", "classmethod", "staticmethod"),
    "class": ("class", "exception"),
    "exc": ("exception", "class"),
    "attr": ("attribute", "property", "method"),
    "data": ("data", "attribute"),
    "const": ("data", "attribute"),
    "mod": ("module",),
    "type": ("type", "class"),
    "obj": (),
}
_PYTHON_TYPES = ("class", "function", "method", "classmethod", "staticmethod", "attribute",
                 "property", "data", "exception", "module", "type")
_CALLABLE_ROLES = ("func", "meth")

#: The project of ``intersphinx_mapping`` that documents each top-level package.
PROJECT_OF_PACKAGE = {"sklearn": "sklearn", "numpy": "numpy", "scipy": "scipy",
                      "matplotlib": "matplotlib", "mpl_toolkits": "matplotlib", "pandas": "pandas"}
#: Built-in classes documented in "Built-in Types" rather than "Built-in Functions".
_STDTYPES = {"str", "list", "tuple", "range", "dict", "set", "frozenset", "bytes", "bytearray",
             "memoryview"}
_CONSTANTS = {"None", "True", "False", "NotImplemented", "Ellipsis", "__debug__"}


@functools.cache
def _stdlib_module(name: str) -> bool:
    """Whether ``name`` is a module of Python's standard library."""
    if name.partition(".")[0] not in sys.stdlib_module_names:
        return False
    if "." not in name:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _owner(role: str, name: str) -> str:
    """The page a method or attribute is documented on: its class's."""
    return name.rpartition(".")[0] if role in ("meth", "attr") and "." in name else name


def _python_url(base: str, role: str, name: str) -> str | None:
    if "." not in name and role != "mod" and (hasattr(builtins, name) or name in _CONSTANTS):
        value = getattr(builtins, name, None)
        if name in _CONSTANTS:
            page = "constants"
        elif isinstance(value, type) and issubclass(value, BaseException):
            page = "exceptions"
        elif name in _STDTYPES:
            page = "stdtypes"
        else:
            page = "functions"
        return f"{base}library/{page}.html#{name}"
    parts = name.split(".")
    module = next((".".join(parts[:n]) for n in range(len(parts), 0, -1)
                   if _stdlib_module(".".join(parts[:n]))), None)
    if module is None:
        return None
    if module == name:
        return f"{base}library/{module}.html"
    return f"{base}library/{module}.html#{name}"


def _sklearn_url(base: str, role: str, name: str) -> str:
    if role == "mod" or name == "sklearn":
        return f"{base}api/{name}.html"
    page = _owner(role, name)
    url = f"{base}modules/generated/{page}.html"
    return url if page == name else f"{url}#{name}"


def _numpy_url(base: str, role: str, name: str) -> str:
    if role == "mod":
        sub = name.partition(".")[2]
        if not sub:
            return f"{base}reference/index.html"
        page = "random/index" if sub == "random" else f"routines.{sub}"
        return f"{base}reference/{page}.html"
    return f"{base}reference/generated/{name}.html"


def _scipy_url(base: str, role: str, name: str) -> str:
    if role == "mod":
        sub = name.partition(".")[2]
        return f"{base}reference/{sub}.html" if sub else f"{base}reference/index.html"
    return f"{base}reference/generated/{name}.html"


def _matplotlib_url(base: str, role: str, name: str) -> str:
    if role == "mod":
        sub = name.partition(".")[2]
        if not sub:
            return f"{base}api/index.html"
        return f"{base}api/pyplot_summary.html" if sub == "pyplot" else f"{base}api/{sub}_api.html"
    return f"{base}api/_as_gen/{name}.html"


def _pandas_url(base: str, role: str, name: str) -> str:
    if role == "mod":
        return f"{base}reference/index.html"
    return f"{base}reference/api/{name}.html"


_URL_SCHEMES = {"python": _python_url, "sklearn": _sklearn_url, "numpy": _numpy_url,
                "scipy": _scipy_url, "matplotlib": _matplotlib_url, "pandas": _pandas_url}


def external_url(role: str, name: str, projects: Mapping[str, str]) -> str | None:
    """The address of a Python object's page, made by its project's URL scheme.

    This is what an offline build falls back on, where the intersphinx
    inventories are empty: each project publishes its API pages at
    predictable addresses, below the base address ``intersphinx_mapping``
    gives it.

    Parameters
    ----------
    role : str
        The role without its domain: ``"func"``, ``"class"``, ``"meth"``, ...
    name : str
        The object's full name, such as ``"sklearn.svm.SVC"``.
    projects : mapping of str to str
        Base addresses by project name, as in ``intersphinx_mapping``.

    Returns
    -------
    str or None
        None when no project of ``projects`` documents the object.

    Examples
    --------
    >>> projects = {"sklearn": "https://scikit-learn.org/stable/",
    ...             "python": "https://docs.python.org/3/"}
    >>> external_url("class", "sklearn.linear_model.SGDClassifier", projects)
    'https://scikit-learn.org/stable/modules/generated/sklearn.linear_model.SGDClassifier.html'
    >>> external_url("meth", "sklearn.svm.SVC.fit", projects)
    'https://scikit-learn.org/stable/modules/generated/sklearn.svm.SVC.html#sklearn.svm.SVC.fit'
    >>> external_url("func", "len", projects)
    'https://docs.python.org/3/library/functions.html#len'
    >>> external_url("class", "pathlib.Path", projects)
    'https://docs.python.org/3/library/pathlib.html#pathlib.Path'
    >>> external_url("func", "numpy.argmax", projects) is None  # no "numpy" project given
    True
    """
    top = name.partition(".")[0]
    project = PROJECT_OF_PACKAGE.get(top)
    if project is None and (hasattr(builtins, top) or top in _CONSTANTS or _stdlib_module(top)):
        project = "python"
    base = projects.get(project or "")
    if not base:
        return None
    return _URL_SCHEMES[project](base.rstrip("/") + "/", role, name) or None


def _inventory_uri(item) -> str:
    return getattr(item, "uri", None) or item[2]


def _inventory_lookup(inventory: Mapping[str, Mapping], types, name: str) -> str | None:
    for objtype in types:
        item = inventory.get(objtype, {}).get(name)
        if item is not None:
            return _inventory_uri(item)
    return None


def _python_target(targets: Targets, role: str, name: str, fuzzy: bool) -> str | None:
    """Where a Python role links: this site's API, then intersphinx, then the URL schemes."""
    if fuzzy:  # ``:func:`.name```: any object whose name ends in ``.name``
        suffix = "." + name
        candidates = [full for full in targets.objects if full.endswith(suffix)]
        for objtype, items in targets.inventory.items():
            if objtype.startswith("py:"):
                candidates += [full for full in items if full.endswith(suffix)]
        if not candidates:
            return None
        name = sorted(candidates, key=len)[0]
    if name in targets.objects:
        return targets.objects[name]
    types = PYTHON_ROLES.get(role, ()) + _PYTHON_TYPES
    found = _inventory_lookup(targets.inventory, [f"py:{objtype}" for objtype in types], name)
    return found or external_url(role, name, targets.projects)


# -- Markdown output ------------------------------------------------------------------

def _md_text(text: str) -> str:
    """Plain text for Markdown: one line, with the characters that would make markup escaped."""
    return re.sub(r"([\\`*\[\]<])", r"\\\1", " ".join(text.split()))


def _md_code(text: str, linked: bool = True) -> str:
    """Code in Markdown; unlinked, in two backquotes, so that it never reads as a flattened ``:ref:``."""
    text = " ".join(text.split())
    if "`" in text:
        return f"`` {text} ``"
    return f"`{text}`" if linked else f"``{text}``"


def _md_link(shown: str, url: str) -> str:
    return f"[{shown}]({url.replace(' ', '%20').replace('(', '%28').replace(')', '%29')})"


# -- Roles ----------------------------------------------------------------------------

_EXPLICIT = re.compile(r"(?s)(?P<title>.*?[^\s\\])\s*<(?P<target>[^<>]+)>")


def _split_title(text: str) -> tuple[str | None, str]:
    """``"title <target>"`` gives ``("title", "target")``; ``"target"`` gives ``(None, "target")``."""
    match = _EXPLICIT.fullmatch(text.strip())
    if match:
        return " ".join(match["title"].split()), " ".join(match["target"].split())
    return None, " ".join(text.split())


@dataclasses.dataclass
class _Context:
    targets: Targets
    docname: str
    missing: list[str] | None

    def note_missing(self, markup: str) -> None:
        if self.missing is not None:
            self.missing.append(" ".join(markup.split()))


def _python_role(role: str, text: str, ctx: _Context) -> str:
    explicit, target = _split_title(text)
    link = not target.startswith("!")
    target = target.lstrip("!")
    title = explicit or target.lstrip("~").lstrip(".")
    if explicit is None and target.startswith("~"):
        title = title.rpartition(".")[2]
    target = target.lstrip("~")
    fuzzy = target.startswith(".")
    target = target.lstrip(".")
    if role in _CALLABLE_ROLES:
        target = target.removesuffix("()")
        if ctx.targets.parentheses and explicit is None:
            title = title.removesuffix("()") + "()"
    url = _python_target(ctx.targets, role, target, fuzzy) if link else None
    if url is None:
        if link:
            ctx.note_missing(f":{role}:`{text}`")
        return _md_code(title, linked=False)
    return _md_link(_md_code(title), url)


def _ref_role(text: str, ctx: _Context, markup: str) -> str:
    title, label = _split_title(text)
    page = ctx.targets.labels.get(label.lower())
    if page is None:
        ctx.note_missing(markup)
        return _md_text(title or label)
    return _md_link(_md_text(title or page.title or label), page.url)


def _doc_role(text: str, ctx: _Context) -> str:
    title, target = _split_title(text)
    if target.startswith("/"):
        docname = target.lstrip("/")
    else:
        docname = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.docname), target))
    page = ctx.targets.docs.get(docname)
    if page is None:
        ctx.note_missing(f":doc:`{text}`")
        return _md_text(title or target)
    return _md_link(_md_text(title or page.title or target), page.url)


def _term_role(text: str, ctx: _Context) -> str:
    title, term = _split_title(text)
    key = term.lower()
    url = ctx.targets.terms.get(key) or _inventory_lookup(ctx.targets.inventory, ["std:term"], term) \
        or _inventory_lookup(ctx.targets.inventory, ["std:term"], key)
    if url is None:
        ctx.note_missing(f":term:`{text}`")
        return _md_text(title or term)
    return _md_link(_md_text(title or term), url)


def _plain_text(text: str) -> str:
    """What an unknown role shows: its explicit title, or its text (after ``~``, the last component)."""
    title, target = _split_title(text)
    if title is not None:
        return title
    target = target.lstrip("!")
    return target.lstrip("~").rpartition(".")[2] if target.startswith("~") else target


_CODE_ROLES = {"code", "literal", "file", "samp", "command", "program", "envvar", "option", "kbd",
               "makevar", "mimetype", "regexp", "keyword"}
_WRAP_ROLES = {"emphasis": "*{}*", "strong": "**{}**", "sub": "<sub>{}</sub>",
               "subscript": "<sub>{}</sub>", "sup": "<sup>{}</sup>", "superscript": "<sup>{}</sup>",
               "guilabel": "**{}**"}


def convert_role(role: str, text: str, ctx: _Context) -> str:
    """Markdown for the role ``:role:`text```, as the page shows it."""
    markup = f":{role}:`{text}`"
    domain, _, name = role.rpartition(":")
    if domain not in ("", "py", "std", "math"):
        return _md_text(_plain_text(text))
    if name in PYTHON_ROLES and domain in ("", "py"):
        return _python_role(name, text, ctx)
    if name in ("ref", "numref"):
        return _ref_role(text, ctx, markup)
    if name == "doc":
        return _doc_role(text, ctx)
    if name == "term":
        return _term_role(text, ctx)
    if name in ("math", "eq"):
        return f"${text}$" if name == "math" else _md_text(f"({text})")
    if name == "pep":
        number = text.strip().partition("#")[0]
        return _md_link(f"PEP {number}", f"https://peps.python.org/pep-{int(number):04d}/") \
            if number.isdigit() else _md_text(text)
    if name == "rfc":
        number = text.strip().partition("#")[0]
        return _md_link(f"RFC {number}", f"https://datatracker.ietf.org/doc/html/rfc{number}.html") \
            if number.isdigit() else _md_text(text)
    if name in _CODE_ROLES:
        return _md_code(_plain_text(text), linked=False)
    if name in _WRAP_ROLES:
        return _WRAP_ROLES[name].format(_md_text(_plain_text(text)))
    if name == "menuselection":
        return "**" + _md_text(_plain_text(text).replace("-->", "→")) + "**"
    if name in ("download", "abbr"):
        return _md_text(_plain_text(text) if name == "download" else text)
    return _md_text(_plain_text(text))


#: Inline pieces of a Markdown cell: what is kept as it is (code, links, maths),
#: roles, code spans (``:ref:`` after sphinx-gallery) and reST's escaped spaces.
_INLINE = re.compile(
    r"(?P<keep>"
    r"(?P<ticks>`{2,})(?!`).+?(?<!`)(?P=ticks)(?!`)"  # ``literal``: code already
    r"|\[(?:[^\[\]\n\\]|\\.)*\]\([^()\s]*\)"  # [text](address): a link already
    r"|\$\$.+?\$\$"  # display maths
    r"|(?<![\\$\w])\$(?=[^\s$])(?:[^$\n]|\n(?![ \t]*\n))*?(?<=[^\s\\])\$(?![\w$])"  # $maths$
    r")"
    r"|(?<![\w`\\]):(?P<role>[A-Za-z][\w+.-]*(?::[A-Za-z][\w+.-]*)?):`(?P<text>[^`]+)`(?!`)"
    r"|(?<![\w`\\\[])`(?P<code>[^`]+)`(?!`)"
    r"|(?P<escape>\\ )",
    re.S,
)
_LABEL = re.compile(r"[\w.:-]+")


def _code_span(content: str, ctx: _Context) -> str | None:
    """Markdown for a `single-backquoted` span that is a ``:ref:`` sphinx-gallery flattened, or None."""
    title, label = _split_title(content)
    if title is not None and not _LABEL.fullmatch(label):
        return None
    if title is None and label.lower() not in ctx.targets.labels and not label.startswith("sphx_glr_"):
        return None
    return _ref_role(content, ctx, f":ref:`{content}`")


def _convert_inline(text: str, ctx: _Context) -> str:
    def replace(match: re.Match) -> str:
        if match["keep"]:
            return match[0]
        if match["role"]:
            return convert_role(match["role"], match["text"], ctx)
        if match["code"] is not None:
            converted = _code_span(match["code"], ctx)
            return match[0] if converted is None else converted
        return ""  # "\ " separates markup in reST and shows nothing

    return _INLINE.sub(replace, text)


# -- Directives and other blocks --------------------------------------------------------

#: Admonitions, by directive, with the title their block quote opens with.
ADMONITIONS = {"note": "Note", "warning": "Warning", "tip": "Tip", "hint": "Hint",
               "important": "Important", "caution": "Caution", "attention": "Attention",
               "danger": "Danger", "error": "Error", "seealso": "See also", "todo": "To do"}
_VERSIONS = {"versionadded": "New in version {}", "versionchanged": "Changed in version {}",
             "deprecated": "Deprecated since version {}", "versionremoved": "Removed in version {}"}
#: Directives that show nothing in a notebook.
_DROPPED = {"contents", "toctree", "highlight", "index", "tags", "minigallery", "currentmodule",
            "module", "include", "literalinclude", "autosummary", "meta", "sectionauthor",
            "codeauthor", "default-role", "role", "chapter-map", "target-notes"}
#: What each directive becomes; any other shows its title (argument) in bold and its content.
DIRECTIVES = (
    "admonitions (" + ", ".join(ADMONITIONS) + ", admonition, " + ", ".join(_VERSIONS)
    + "): a block quote; math: $$...$$; code-block, code, sourcecode: a fenced block; "
    "rubric: bold; list-table: a table; part-goals: its goals and what to read first; "
    "quiz: its questions, then the answers folded; "
    "only: its content; raw html: the HTML; "
    "image, figure: the image (web addresses) and caption; "
    + ", ".join(sorted(_DROPPED)) + ": nothing"
)

_DIRECTIVE = re.compile(r"(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>[A-Za-z][\w:+.-]*)::"
                        r"(?:[ \t]+(?P<args>.*?))?[ \t]*")
_EXPLICIT_MARKUP = re.compile(r"(?P<indent>[ \t]*)\.\.(?:[ \t]+(?P<rest>.*))?")
_OPTION = re.compile(r"[ \t]*:(?P<name>[\w-]+):(?:[ \t]+(?P<value>.*?))?[ \t]*")
_FENCE = re.compile(r"(?P<prefix>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})")
_ALERT = re.compile(r'<div class="alert alert-\w+"><h4>(?P<title>[^<]*)</h4>\n\n(?P<body>.*?)\n\n</div>',
                    re.S)
_ALIGN = re.compile(r"\\begin\{align\}(?P<maths>.*?)\\end\{align\}", re.S)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The end of the block that starts at ``lines[start]``: the lines indented more, and blank ones."""
    end, i = start + 1, start + 1
    while i < len(lines):
        if lines[i].strip():
            if _indent(lines[i]) <= indent:
                break
            end = i + 1
        i += 1
    return end


def _reindent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line.strip() else "" for line in text.split("\n"))


def _quote(title: str, body: str) -> str:
    lines = [f"> **{title}**"] if title else []
    if body.strip():
        lines += [">"] if lines else []
        lines += ["> " + line if line.strip() else ">" for line in body.strip("\n").split("\n")]
    return "\n".join(lines)


def _display_maths(maths: str) -> str:
    equations = [textwrap.dedent(part).strip() for part in re.split(r"\n[ \t]*\n", maths.strip("\n"))]
    equations = [part for part in equations if part]
    if not equations:
        return ""
    body = " \\\\\n".join(equations)
    if len(equations) > 1 or "\\\\" in body:
        body = f"\\begin{{aligned}}\n{body}\n\\end{{aligned}}"
    return f"$$\n{body}\n$$"


def _fenced(code: str, language: str = "") -> str:
    code = textwrap.dedent(code).strip("\n")
    fence = "````" if "```" in code else "```"
    return f"{fence}{language}\n{code}\n{fence}"


def _list_table(title: str, options: dict, content: str, ctx: _Context) -> str:
    rows: list[list[list[str]]] = []
    for line in content.split("\n"):
        if not line.strip():
            continue
        new_row = re.match(r"[*+-][ \t]+-[ \t]+(.*)", line)
        new_cell = re.match(r"[ \t]{1,3}-[ \t]+(.*)", line)
        if new_row:
            rows.append([[new_row[1]]])
        elif new_cell and rows:
            rows[-1].append([new_cell[1]])
        elif rows:
            rows[-1][-1].append(line.strip())
    cells = [[convert_markdown(" ".join(cell), ctx.targets, ctx.docname, ctx.missing)
              .replace("\n", " ").replace("|", "\\|") for cell in row] for row in rows]
    if not cells:
        return f"**{title}**" if title else ""
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    header_rows = int(options.get("header-rows") or 0)
    header = cells[0] if header_rows else [""] * width
    body = cells[1:] if header_rows else cells
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
    table += ["| " + " | ".join(row) + " |" for row in body]
    return (f"**{_md_text(title)}**\n\n" if title else "") + "\n".join(table)


def _directive(name: str, args: str, options: dict, content: str, ctx: _Context) -> str:
    """Markdown for a directive, given its argument(s), options and (dedented) content."""
    name = name.rpartition(":")[2]

    def markdown(text: str) -> str:
        return convert_markdown(text, ctx.targets, ctx.docname, ctx.missing).strip("\n")

    if name in _DROPPED:
        return ""
    if name in ADMONITIONS:
        body = "\n".join(part for part in (args, content) if part.strip())
        return _quote(ADMONITIONS[name], markdown(body))
    if name == "admonition":
        return _quote(_convert_inline(" ".join(args.split()), ctx), markdown(content))
    if name in _VERSIONS:
        version, _, rest = args.partition(" ")
        body = "\n".join(part for part in (rest, content) if part.strip())
        return _quote(_VERSIONS[name].format(version), markdown(body))
    if name == "math":
        return _display_maths("\n\n".join(part for part in (args, content) if part.strip()))
    if name in ("code-block", "code", "sourcecode"):
        return _fenced(content, args.strip())
    if name == "rubric":
        return f"**{_convert_inline(' '.join(args.split()), ctx)}**"
    if name == "list-table":
        return _list_table(" ".join(args.split()), options, content, ctx)
    if name == "part-goals":  # this site's (digitkit_learning.PartGoals), less the measured times
        first = _convert_inline(options.get("prerequisites") or "nothing; start here.", ctx)
        return f"**After this part you will be able to**\n\n{markdown(content)}\n\n**Read first:** {first}"
    if name == "quiz":  # this site's (digitkit_quiz): questions, then answers folded
        return digitkit_quiz.quiz_markdown(content, inline=lambda text: _convert_inline(text, ctx),
                                           number=ctx.targets.printed)
    if name == "only":
        return markdown(content)
    if name == "raw":
        return textwrap.dedent(content).strip("\n") if "html" in args.split() else ""
    if name in ("image", "figure"):
        uri = args.strip()
        alt = options.get("alt", "")
        image = f"![{_md_text(alt)}]({uri})" if re.match(r"https?://", uri) else ""
        return "\n\n".join(part for part in (image, markdown(content)) if part)
    title = _convert_inline(" ".join(args.split()), ctx)
    body = markdown(content)
    return "\n\n".join(part for part in (f"**{title}**" if title else "", body) if part)


#: Directives whose text on the directive's line is content, not an argument.
_CONTENT_ON_FIRST_LINE = set(ADMONITIONS)


def _render_directive(lines: list[str], ctx: _Context) -> str:
    """Markdown for a directive block: its first line ``.. name:: args`` and the lines indented under it."""
    match = _DIRECTIVE.fullmatch(lines[0])
    indent, name = match["indent"], match["name"]
    arguments = [match["args"] or ""]
    rest = lines[1:]
    while rest and rest[0].strip() and not _OPTION.fullmatch(rest[0]):
        arguments.append(rest.pop(0).strip())
    options = {}
    while rest and rest[0].strip() and _OPTION.fullmatch(rest[0]):
        option = _OPTION.fullmatch(rest.pop(0))
        options[option["name"]] = option["value"] or ""
    content = textwrap.dedent("\n".join(rest)).strip("\n")
    if name.rpartition(":")[2] in _CONTENT_ON_FIRST_LINE:
        args = ""
        first = textwrap.dedent("\n".join(arguments[1:]))
        content = "\n".join(part for part in (arguments[0], first, content) if part.strip())
    else:
        args = " ".join(part for part in arguments if part)
    return _reindent(_directive(name, args, options, content, ctx), indent)


def _literal_block(line: str) -> str:
    """A paragraph's last line without the ``::`` that announced a literal block."""
    stripped = line.rstrip()
    if stripped.strip() == "::":
        return ""
    if stripped.endswith(" ::"):
        return stripped[:-3].rstrip()
    return stripped[:-1]


def _convert_blocks(text: str, ctx: _Context) -> list[tuple[bool, str]]:
    """Split prose into groups of lines: ``(False, prose)`` still to convert inline, ``(True, done)``."""
    lines = text.split("\n")
    pieces: list[tuple[bool, str]] = []
    prose: list[str] = []

    def flush():
        if prose:
            pieces.append((False, "\n".join(prose)))
            prose.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        directive = _DIRECTIVE.fullmatch(line)
        markup = _EXPLICIT_MARKUP.fullmatch(line)
        if directive or markup:
            end = _block_end(lines, i, _indent(line))
            rest = (markup["rest"] or "") if markup else ""
            if directive:
                flush()
                pieces.append((True, _render_directive(lines[i:end], ctx)))
            elif rest.startswith("[") and "]" in rest:  # a footnote or citation: keep its text
                prose.append(markup["indent"] + rest)
                prose.extend(lines[i + 1:end])
            # else a comment, a hyperlink target or a substitution: nothing to show
            i = end
            continue
        nxt = i + 1
        if (line.rstrip().endswith("::") and nxt < len(lines) and not lines[nxt].strip()
                and _block_end(lines, i, _indent(line)) > nxt + 1):
            end = _block_end(lines, i, _indent(line))
            kept = _literal_block(line)
            if kept:
                prose.append(kept)
            prose.append("")
            flush()
            pieces.append((True, _reindent(_fenced("\n".join(lines[nxt:end])), " " * _indent(line))))
            i = end
            continue
        prose.append(line)
        i += 1
    flush()
    return pieces


def _split_fences(text: str) -> list[tuple[bool, str]]:
    """Split Markdown into ``(True, fenced code block)`` and ``(False, the rest)``, keeping every line."""
    pieces: list[tuple[bool, str]] = []
    current: list[str] = []
    fence = None
    for line in text.split("\n"):
        if fence is None:
            match = _FENCE.match(line)
            if match:
                if current:
                    pieces.append((False, "\n".join(current)))
                current, fence = [line], match["fence"]
            else:
                current.append(line)
        else:
            current.append(line)
            match = _FENCE.match(line)
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                    and not line[match.end():].strip():
                pieces.append((True, "\n".join(current)))
                current, fence = [], None
    if current or not pieces:
        pieces.append((fence is not None, "\n".join(current)))
    return pieces


def convert_markdown(text: str, targets: Targets, docname: str = "",
                     missing: list[str] | None = None) -> str:
    """Rewrite the Sphinx markup left in a notebook's Markdown cell as Markdown.

    Parameters
    ----------
    text : str
        The cell's Markdown, as sphinx-gallery wrote it (or reST).
    targets : Targets
        Where references point.
    docname : str
        The document of the notebook's page, such as
        ``"auto_examples/02_mnist_basics/plot_01_first_look"``: relative
        ``:doc:`` targets start from it.
    missing : list of str, optional
        If given, each reference with no target found is appended to it.

    Returns
    -------
    str
        The Markdown; converting it again changes nothing.

    Examples
    --------
    >>> targets = Targets(projects={"sklearn": "https://scikit-learn.org/stable/"})
    >>> print(convert_markdown("Fit an :class:`~sklearn.svm.SVC`.", targets))
    Fit an [`SVC`](https://scikit-learn.org/stable/modules/generated/sklearn.svm.SVC.html).
    >>> print(convert_markdown(".. note:: Slow.\\n   Be patient.", targets))
    > **Note**
    >
    > Slow.
    > Be patient.
    """
    ctx = _Context(targets, docname, missing)
    text = _ALERT.sub(lambda match: _quote(match["title"], convert_markdown(
        match["body"], targets, docname, missing).strip("\n")), text)
    text = _ALIGN.sub(lambda match: _display_maths(match["maths"]), text)
    out = []
    for is_code, chunk in _split_fences(text):
        if is_code:
            out.append(chunk)
            continue
        out.append("\n".join(piece if done else _convert_inline(piece, ctx)
                             for done, piece in _convert_blocks(chunk, ctx)))
    return "\n".join(out)


# -- Notebooks ------------------------------------------------------------------------

def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def convert_notebook(notebook: dict, targets: Targets, docname: str = "",
                     missing: list[str] | None = None) -> dict:
    """A copy of a notebook whose Markdown cells hold no Sphinx markup; code cells are untouched.

    Parameters
    ----------
    notebook : dict
        The notebook, as read from its JSON file.
    targets : Targets
        Where references point.
    docname : str
        The document of the notebook's page (see :func:`convert_markdown`).
    missing : list of str, optional
        If given, each reference with no target found is appended to it.

    Returns
    -------
    dict
    """
    converted = dict(notebook)
    converted["cells"] = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = convert_markdown(_cell_text(cell), targets, docname, missing)
            cell = {**cell, "source": text if isinstance(cell.get("source"), str) else [text]}
        converted["cells"].append(cell)
    return converted


#: Sphinx markup that must not be left in a notebook, by what it is.
LEFTOVERS = {
    "role": re.compile(r"(?<![\w`\\]):[A-Za-z][\w+.-]*(?::[A-Za-z][\w+.-]*)?:`[^`]*`"),
    "directive": re.compile(r"^[ \t>]*\.\.[ \t]+[A-Za-z][\w:+.-]*::.*$", re.M),
    "comment or target": re.compile(r"^[ \t>]*\.\.(?:[ \t]+(?![A-Za-z][\w:+.-]*::)\S.*)?$", re.M),
    "reference": re.compile(r"(?<!`)`[^`]*<[\w.:-]+>`(?!`)|`sphx_glr_\w+(?:\.py)?`"),
    "note as HTML": re.compile(r'<div class="alert'),
    "escaped space": re.compile(r"\\ "),
}
_CODE_OR_MATHS = re.compile(r"(?P<ticks>`{2,})(?!`).+?(?<!`)(?P=ticks)(?!`)|\$\$.+?\$\$"
                            r"|(?<![\\$\w])\$(?=[^\s$])[^$\n]*?(?<=[^\s\\])\$(?![\w$])", re.S)


def leftover_markup(markdown: str) -> list[str]:
    """The pieces of Sphinx markup in Markdown, outside code and maths, each as ``"kind: text"``.

    Parameters
    ----------
    markdown : str

    Returns
    -------
    list of str

    Examples
    --------
    >>> leftover_markup("See :func:`numpy.argmax` and ``:func:`kept```.")
    ['role: :func:`numpy.argmax`']
    """
    found = []
    for is_code, chunk in _split_fences(markdown):
        if is_code:
            continue
        chunk = _CODE_OR_MATHS.sub(" ", chunk)
        for kind, pattern in LEFTOVERS.items():
            found += [f"{kind}: {' '.join(match[0].split())}" for match in pattern.finditer(chunk)]
    return found


def notebook_leftovers(notebook: dict) -> list[str]:
    """The Sphinx markup left in a notebook's Markdown cells (see :func:`leftover_markup`)."""
    return [f"cell {number}: {found}"
            for number, cell in enumerate(notebook.get("cells", []))
            if cell.get("cell_type") == "markdown"
            for found in leftover_markup(_cell_text(cell))]


def _rewrite(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and keep the file's modification time.

    The notebooks and zips are downloads of the gallery's pages, hence
    dependencies of them: with a newer time, Sphinx would read those pages
    again on the next build, though nothing changed.
    """
    times = path.stat()
    new = path.with_name(path.name + ".converting")
    new.write_bytes(data)
    os.replace(new, path)
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))


def convert_notebook_file(path: Path, targets: Targets, docname: str = "",
                          missing: list[str] | None = None,
                          source: str | None = None) -> tuple[bool, list[str]]:
    """Convert a notebook file in place (see :func:`convert_notebook`).

    The file is written as sphinx-gallery writes it (JSON indented by 2),
    and only when its text changes; it keeps its modification time.

    Parameters
    ----------
    path : pathlib.Path
    targets : Targets
    docname : str
    missing : list of str, optional
    source : str, optional
        The notebook's text as sphinx-gallery wrote it, when the file
        already holds a conversion of it; by default, the file's text.

    Returns
    -------
    changed : bool
        Whether the file was written.
    leftovers : list of str
        The Sphinx markup still left in it (see :func:`notebook_leftovers`).
    """
    text = path.read_text(encoding="utf-8")
    notebook = convert_notebook(json.loads(text if source is None else source), targets, docname, missing)
    new_text = json.dumps(notebook, indent=2)
    changed = new_text != text
    if changed:
        _rewrite(path, new_text.encode("utf-8"))
    return changed, notebook_leftovers(notebook)


def refresh_zip(path: Path) -> bool:
    """Write a zip again from the files beside it, if a notebook in it changed.

    sphinx-gallery zips files with their paths relative to the zip's folder
    (``sphinx_gallery.utils.zip_files``): the per-example zips hold the
    script and the notebook, ``auto_examples_jupyter.zip`` every notebook.
    The zip is written as that function writes it, from the same files in
    the same order, so the next build's zip from the converted notebooks is
    the same, byte for byte, and is left alone. It keeps its modification
    time (see :func:`_rewrite`).

    Parameters
    ----------
    path : pathlib.Path

    Returns
    -------
    bool
        Whether the zip was written.

    Raises
    ------
    ValueError
        If a notebook in the zip is not found at its name beside the zip.
    """
    folder = path.parent
    with zipfile.ZipFile(path) as old:
        members = old.infolist()
        unplaced = [info.filename for info in members
                    if info.filename.endswith(".ipynb") and not (folder / info.filename).is_file()]
        if unplaced:
            # Such a notebook could never be refreshed and would ship with Sphinx markup.
            raise ValueError(f"{path.name} holds notebooks that do not lie at their names beside "
                             f"it, in {folder}: {', '.join(unplaced)}")
        stale = any(info.filename.endswith(".ipynb") and (folder / info.filename).is_file()
                    and old.read(info) != (folder / info.filename).read_bytes() for info in members)
        if not stale:
            return False
        new = path.with_name(path.name + ".converting")
        with zipfile.ZipFile(new, mode="w") as out:
            for info in members:
                if (folder / info.filename).is_file():
                    out.write(folder / info.filename, info.filename)
                else:
                    out.writestr(info, old.read(info))
    times = path.stat()
    os.replace(new, path)
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    return True


# -- In the Sphinx build --------------------------------------------------------------

def _project_bases(mapping: Mapping) -> dict[str, str]:
    """Base addresses from ``intersphinx_mapping``, before or after Sphinx normalized it."""
    bases = {}
    for name, value in mapping.items():
        if isinstance(value, (tuple, list)) and len(value) == 2 and isinstance(value[1], (tuple, list)) \
                and value[1] and isinstance(value[0], str) and not value[0].startswith(("http", "/")):
            value = value[1]  # Sphinx 8+: (name, (uri, inventories))
        if isinstance(value, (tuple, list)) and value and isinstance(value[0], str):
            bases[name] = value[0].rstrip("/") + "/"
    return bases


def sphinx_targets(app, env) -> Targets:
    """Where references point in this build, from Sphinx's own records.

    Labels, page titles, glossary terms and documented Python objects come
    from the environment once every page is read, the intersphinx
    inventory from ``sphinx.ext.intersphinx``. Pages of this site are
    addressed below ``html_baseurl``; without it, references to them become
    plain text.
    """
    site = (app.config.html_baseurl or "").rstrip("/")
    inventory = getattr(env, "intersphinx_inventory", None) or {}
    projects = _project_bases(getattr(app.config, "intersphinx_mapping", None) or {})
    parentheses = bool(app.config.add_function_parentheses)
    gallery = Path(app.srcdir) / gallery_folders(getattr(app.config, "sphinx_gallery_conf", None))[1]
    printed = digitkit_quiz.printed_numbers_from(gallery)
    if not site:
        return Targets(inventory=inventory, projects=projects, parentheses=parentheses, printed=printed)
    if app.builder.format == "html":
        def page(docname: str) -> str:
            return f"{site}/{app.builder.get_target_uri(docname)}"
    else:
        def page(docname: str) -> str:
            return f"{site}/{docname}.html"
    titles = {docname: title.astext() for docname, title in env.titles.items()}
    std, py = env.get_domain("std"), env.get_domain("py")
    labels = {}
    for label, (docname, labelid, title) in std.labels.items():
        anchor = "" if not labelid or title == titles.get(docname) else f"#{labelid}"
        labels[label] = Page(page(docname) + anchor, title)
    for label, (docname, labelid) in std.anonlabels.items():
        labels.setdefault(label, Page(page(docname) + (f"#{labelid}" if labelid else "")))
    docs = {docname: Page(page(docname), title) for docname, title in titles.items()}
    objects = {name: f"{page(entry[0])}#{entry[1]}" for name, entry in py.objects.items()}
    terms = {name: f"{page(docname)}#{labelid}"
             for (objtype, name), (docname, labelid) in std.objects.items() if objtype == "term"}
    return Targets(labels=labels, docs=docs, objects=objects, terms=terms, inventory=inventory,
                   projects=projects, parentheses=parentheses, printed=printed)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Sources:
    """The notebooks as sphinx-gallery wrote them, kept beside the build's environment.

    sphinx-gallery writes an example's notebook again only when the example
    changed. A notebook converted in an earlier build is then converted
    again from the text sphinx-gallery wrote, so that its links follow the
    titles and addresses of this build (a part renamed, ``html_baseurl``
    changed). A notebook whose text is not the one converted last time is
    new from sphinx-gallery, and is kept as the source.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.index = folder / "converted.json"
        try:
            self.converted = json.loads(self.index.read_text())
        except (OSError, ValueError):
            self.converted = {}

    def source(self, name: str, text: str) -> str:
        """The text sphinx-gallery wrote for the notebook ``name`` that now holds ``text``."""
        kept = self.folder / "as-written" / name
        if self.converted.get(name) == _digest(text) and kept.is_file():
            return kept.read_text(encoding="utf-8")
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(text, encoding="utf-8")
        return text

    def note_converted(self, name: str, text: str) -> None:
        self.converted[name] = _digest(text)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.index.write_text(json.dumps(self.converted, indent=1, sort_keys=True))


def convert_gallery_notebooks(app, env) -> list[str]:
    """Convert every notebook of the gallery, then refresh the zips that hold them (``env-updated``)."""
    conf = getattr(app.config, "sphinx_gallery_conf", None)
    gallery = Path(app.srcdir) / gallery_folders(conf)[1]
    if not gallery.is_dir():
        return []
    start = time.perf_counter()
    targets = sphinx_targets(app, env)
    sources = _Sources(Path(app.doctreedir) / "digitkit_notebooks")
    notebooks = sorted(gallery.rglob("*.ipynb"))
    changed, missing = 0, []
    for path in notebooks:
        name = path.relative_to(app.srcdir).as_posix()
        source = sources.source(name, path.read_text(encoding="utf-8"))
        written, leftovers = convert_notebook_file(path, targets, name.removesuffix(".ipynb"), missing,
                                                   source)
        sources.note_converted(name, path.read_text(encoding="utf-8"))
        changed += written
        for found in leftovers:
            logger.warning(f"digitkit_notebooks: Sphinx markup left in {path.name}, {found}",
                           type="digitkit_notebooks", subtype="leftover")
    sources.save()
    zips = sum(refresh_zip(path) for path in sorted(gallery.rglob("*.zip")))
    if missing:
        unique = sorted(set(missing))
        logger.info(f"digitkit_notebooks: {len(unique)} references have no target and show as "
                    f"text in the notebooks: {', '.join(unique)}")
    logger.info(f"digitkit_notebooks: {len(notebooks)} notebooks read like their pages "
                f"({changed} converted, {zips} zips written again) in "
                f"{time.perf_counter() - start:.2f} s")
    return []  # no page needs reading again


def setup(app):
    # After sphinx-gallery wrote the notebooks (builder-inited) and Sphinx read every
    # page, before the HTML builder copies the downloads (in its finish phase).
    app.connect("env-updated", convert_gallery_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
