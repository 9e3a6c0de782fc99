"""Downloaded notebooks read like the page (docs/sphinxext/digitkit_notebooks.py).

Most tests feed reST through sphinx-gallery's own converter
(``sphinx_gallery.notebook.rst2md``), as the build does, then through ours.
The last test builds a gallery of two small examples and reads the
notebooks and zips the build ships.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import re
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx_gallery import gen_gallery, py_source_parser
from sphinx_gallery.notebook import jupyter_notebook, rst2md, save_notebook
from sphinx_gallery.utils import zip_files

from sitebuild import ROOT, one_part_gallery, run_sphinx

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
from digitkit_notebooks import (  # noqa: E402
    Page,
    Targets,
    convert_markdown,
    convert_notebook,
    convert_notebook_file,
    leftover_markup,
    notebook_leftovers,
    refresh_zip,
)
from digitkit_site import rst_title  # noqa: E402

SITE = "https://digitkit.github.io/digitkit/"
SK = "https://scikit-learn.org/stable/"
PY = "https://docs.python.org/3/"
NP = "https://numpy.org/doc/stable/reference/generated/"
PROJECTS = {"python": PY, "numpy": "https://numpy.org/doc/stable/",
            "scipy": "https://docs.scipy.org/doc/scipy/", "sklearn": SK,
            "matplotlib": "https://matplotlib.org/stable/", "pandas": "https://pandas.pydata.org/docs/"}
STRATEGIES = "sphx_glr_auto_examples_04_multiclass_plot_01_multiclass_strategies.py"
STRATEGIES_URL = SITE + "auto_examples/04_multiclass/plot_01_multiclass_strategies.html"
FETCH_URL = SITE + "generated/digitkit.datasets.fetch_mnist.html#digitkit.datasets.fetch_mnist"
TARGETS = Targets(
    labels={
        STRATEGIES: Page(STRATEGIES_URL, "From binary to ten classes"),
        "binary_classifier": Page(SITE + "auto_examples/03_binary_classifier/index.html",
                                  "Binary classification: a 5-detector"),
        "mnist_basics_exercise_1": Page(
            SITE + "auto_examples/02_mnist_basics/plot_90_exercises_mnist_basics.html"
                   "#mnist-basics-exercise-1", "Exercise 1: The score to beat"),
    },
    docs={"draw": Page(SITE + "draw.html", "Draw a digit"),
          "auto_examples/index": Page(SITE + "auto_examples/index.html", "Gallery")},
    objects={"digitkit.datasets.fetch_mnist": FETCH_URL},
    terms={"estimator": SITE + "glossary.html#term-estimator"},
    projects=PROJECTS,
)
DOCNAME = "auto_examples/02_mnist_basics/plot_01_first_look"


def notebook_markdown(rst: str, targets: Targets = TARGETS) -> str:
    """What a text block of an example becomes in the notebook: sphinx-gallery's Markdown, then ours."""
    levels = defaultdict(functools.partial(next, itertools.count(1)))  # heading levels, as in a notebook
    return convert_markdown(rst2md(rst + "\n", {}, ".", levels), targets, DOCNAME).strip()


# -- Roles --------------------------------------------------------------------------

def sk(page: str, anchor: str = "") -> str:
    return f"{SK}modules/generated/{page}.html" + (f"#{anchor}" if anchor else "")


ROLES = [
    # Python objects: ``~`` keeps the last component, functions and methods get ().
    (":class:`~sklearn.linear_model.SGDClassifier`",
     f"[`SGDClassifier`]({sk('sklearn.linear_model.SGDClassifier')})"),
    (":class:`sklearn.linear_model.SGDClassifier`",
     f"[`sklearn.linear_model.SGDClassifier`]({sk('sklearn.linear_model.SGDClassifier')})"),
    (":func:`~sklearn.model_selection.cross_val_predict`",
     f"[`cross_val_predict()`]({sk('sklearn.model_selection.cross_val_predict')})"),
    (":meth:`~sklearn.svm.SVC.decision_function`",
     f"[`decision_function()`]({sk('sklearn.svm.SVC', 'sklearn.svm.SVC.decision_function')})"),
    (":attr:`~sklearn.svm.SVC.classes_`",
     f"[`classes_`]({sk('sklearn.svm.SVC', 'sklearn.svm.SVC.classes_')})"),
    (":mod:`sklearn.svm`", f"[`sklearn.svm`]({SK}api/sklearn.svm.html)"),
    (":func:`numpy.argmax`", f"[`numpy.argmax()`]({NP}numpy.argmax.html)"),
    (":func:`scipy.ndimage.rotate`",
     "[`scipy.ndimage.rotate()`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.ndimage.rotate.html)"),
    (":func:`~matplotlib.pyplot.imshow`",
     "[`imshow()`](https://matplotlib.org/stable/api/_as_gen/matplotlib.pyplot.imshow.html)"),
    (":class:`pandas.DataFrame`",
     "[`pandas.DataFrame`](https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.html)"),
    (":func:`len`", f"[`len()`]({PY}library/functions.html#len)"),
    (":class:`dict`", f"[`dict`]({PY}library/stdtypes.html#dict)"),
    (":exc:`ValueError`", f"[`ValueError`]({PY}library/exceptions.html#ValueError)"),
    (":data:`None`", f"[`None`]({PY}library/constants.html#None)"),
    (":mod:`pathlib`", f"[`pathlib`]({PY}library/pathlib.html)"),
    (":class:`pathlib.Path`", f"[`pathlib.Path`]({PY}library/pathlib.html#pathlib.Path)"),
    (":func:`os.path.join`", f"[`os.path.join()`]({PY}library/os.path.html#os.path.join)"),
    # digitkit's own API: its page on the site; a domain is allowed.
    (":func:`~digitkit.datasets.fetch_mnist`", f"[`fetch_mnist()`]({FETCH_URL})"),
    (":py:func:`digitkit.datasets.fetch_mnist`", f"[`digitkit.datasets.fetch_mnist()`]({FETCH_URL})"),
    # Explicit titles are kept, without (); ``!`` and unknown objects: code, no link.
    (":class:`the SGD model <sklearn.linear_model.SGDClassifier>`",
     f"[`the SGD model`]({sk('sklearn.linear_model.SGDClassifier')})"),
    (":func:`a split\n<sklearn.model_selection.train_test_split>`",
     f"[`a split`]({sk('sklearn.model_selection.train_test_split')})"),
    (":func:`!numpy.argmax`", "``numpy.argmax()``"),
    (":func:`torch.load`", "``torch.load()``"),
    # References to pages of the site, with the title the page shows.
    (f":ref:`{STRATEGIES}`", f"[From binary to ten classes]({STRATEGIES_URL})"),
    (f":ref:`multiclass part\n<{STRATEGIES}>`", f"[multiclass part]({STRATEGIES_URL})"),
    (":ref:`exercise 1 <mnist_basics_exercise_1>`",
     f"[exercise 1]({SITE}auto_examples/02_mnist_basics/plot_90_exercises_mnist_basics.html"
     "#mnist-basics-exercise-1)"),
    (":ref:`binary_classifier`",
     f"[Binary classification: a 5-detector]({SITE}auto_examples/03_binary_classifier/index.html)"),
    (":ref:`some text <no_such_label>`", "some text"),
    (":doc:`Draw a digit </draw>`", f"[Draw a digit]({SITE}draw.html)"),
    (":doc:`/draw`", f"[Draw a digit]({SITE}draw.html)"),
    (":doc:`../index`", f"[Gallery]({SITE}auto_examples/index.html)"),  # relative to the page
    (":doc:`/nowhere`", "/nowhere"),
    (":term:`estimator`", f"[estimator]({SITE}glossary.html#term-estimator)"),
    (":term:`an estimator <estimator>`", f"[an estimator]({SITE}glossary.html#term-estimator)"),
    (":term:`fit`", "fit"),
    # Maths, and roles that are formatting.
    (":math:`\\alpha^2`", "$\\alpha^2$"),
    (":pep:`8`", "[PEP 8](https://peps.python.org/pep-0008/)"),
    (":file:`docs/conf.py`", "``docs/conf.py``"),
    (":abbr:`MNIST (Modified NIST)`", "MNIST (Modified NIST)"),
    (":strong:`bold`", "**bold**"),
    # Unknown roles: plain text.
    (":foo:`bar baz`", "bar baz"),
    (":foo:`~a.b.c`", "c"),
    (":foo:`shown <hidden>`", "shown"),
    (":c:func:`malloc`", "malloc"),
]


@pytest.mark.parametrize(("rst", "markdown"), ROLES, ids=[rst.split("`")[0] + rst.split("`")[1][:30]
                                                          for rst, _ in ROLES])
def test_each_role_reads_as_on_the_page(rst, markdown):
    assert notebook_markdown(f"Before {rst} after.") == f"Before {markdown} after."


def test_sphinx_gallery_flattens_refs_into_code_and_they_become_links_again():
    flattened = rst2md(f"See the :ref:`multiclass part\n<{STRATEGIES}>`, :ref:`{STRATEGIES}`.\n",
                       {}, ".", {})
    assert f"`multiclass part\n<{STRATEGIES}>`" in flattened  # what the notebooks showed
    assert convert_markdown(flattened, TARGETS).strip() == (
        f"See the [multiclass part]({STRATEGIES_URL}), [From binary to ten classes]({STRATEGIES_URL}).")


def test_a_reference_to_an_unknown_label_is_text_or_code():
    """A bare unknown label, once sphinx-gallery made it code, cannot be told from code, and stays so.

    (The build fails on such a reference anyway: Sphinx warns, and warnings are errors.)
    """
    assert convert_markdown(":ref:`no_such_label`", TARGETS) == "no_such_label"
    assert notebook_markdown(":ref:`no_such_label`") == "`no_such_label`"
    assert notebook_markdown(":ref:`sphx_glr_auto_examples_gone.py`") == "sphx_glr_auto_examples_gone.py"


def test_code_that_is_no_reference_stays_code():
    for text in ["``gamma``", "``binary_classifier``", "`not_a_label`", "``:func:`kept```",
                 "``List <int>``", "[`SVC`](https://example.org/svc.html)"]:
        assert convert_markdown(text, TARGETS) == text


def test_the_intersphinx_inventory_comes_before_the_url_schemes():
    class Item:  # Sphinx 8.2+ keeps items as objects with a uri; earlier, as tuples
        uri = "https://scikit-learn.org/1.8/modules/generated/sklearn.svm.SVC.html#sklearn.svm.SVC"

    inventory = {"py:class": {"sklearn.svm.SVC": Item()},
                 "py:method": {"sklearn.svm.SVC.fit": ("scikit-learn", "1.8",
                                                       "https://example.org/fit", "-")}}
    targets = Targets(inventory=inventory, projects=PROJECTS)
    assert convert_markdown(":class:`~sklearn.svm.SVC`", targets) == f"[`SVC`]({Item.uri})"
    assert convert_markdown(":meth:`~sklearn.svm.SVC.fit`", targets) == "[`fit()`](https://example.org/fit)"


def test_this_sites_objects_come_first_and_parentheses_follow_the_config():
    targets = Targets(objects={"sklearn.svm.SVC": SITE + "svc.html"}, projects=PROJECTS, parentheses=False)
    assert convert_markdown(":class:`~sklearn.svm.SVC`", targets) == f"[`SVC`]({SITE}svc.html)"
    assert convert_markdown(":func:`~numpy.argmax`", targets).startswith("[`argmax`](")


def test_without_a_published_site_references_to_it_are_text():
    targets = Targets(projects=PROJECTS)
    assert convert_markdown(f":ref:`the strategies <{STRATEGIES}>` and :doc:`/draw`", targets) == \
        "the strategies and /draw"
    assert convert_markdown(":func:`~digitkit.datasets.fetch_mnist`", targets) == "``fetch_mnist()``"


def test_references_with_no_target_are_reported():
    missing = []
    convert_markdown(":ref:`nowhere` :func:`digitkit.nothing` :class:`~sklearn.svm.SVC`", TARGETS,
                     missing=missing)
    assert missing == [":ref:`nowhere`", ":func:`digitkit.nothing`"]


def test_link_text_and_addresses_are_escaped():
    targets = Targets(labels={"odd": Page(SITE + "a page (draft).html", "A [draft] *title*")})
    assert convert_markdown(":ref:`odd`", targets) == \
        f"[A \\[draft\\] \\*title\\*]({SITE}a%20page%20%28draft%29.html)"


# -- Directives and other reST blocks -------------------------------------------------

NOTE = f""".. note:: **These numbers depend on your scikit-learn version.**
   Newer releases print 0.8970, as the :ref:`multiclass part
   <{STRATEGIES}>` notes.

After the note."""


def test_a_note_becomes_a_block_quote():
    assert '<div class="alert' in rst2md(NOTE + "\n", {}, ".", {})  # what sphinx-gallery makes of it
    assert notebook_markdown(NOTE) == (
        "> **Note**\n>\n"
        "> **These numbers depend on your scikit-learn version.**\n"
        f"> Newer releases print 0.8970, as the [multiclass part]({STRATEGIES_URL}) notes.\n"
        "\nAfter the note.")


@pytest.mark.parametrize(("rst", "markdown"), [
    (".. warning::\n\n   Slow.", "> **Warning**\n>\n> Slow."),
    (".. seealso:: :class:`~sklearn.svm.SVC`",
     f"> **See also**\n>\n> [`SVC`]({sk('sklearn.svm.SVC')})"),
    (".. seealso::\n\n   :func:`numpy.isin`\n      Membership.",
     f"> **See also**\n>\n> [`numpy.isin()`]({NP}numpy.isin.html)\n"
     ">    Membership."),
    (".. tip::\n   :class: dropdown\n\n   Use ``n_jobs=-1``.", "> **Tip**\n>\n> Use ``n_jobs=-1``."),
    (".. admonition:: Try it yourself\n   :class: hint\n\n   Change ``gamma``.",
     "> **Try it yourself**\n>\n> Change ``gamma``."),
    (".. versionadded:: 0.2\n   The deskewing helper.",
     "> **New in version 0.2**\n>\n> The deskewing helper."),
    (".. rubric:: After this part", "**After this part**"),
    (".. dropdown:: Hint\n\n   Use :func:`numpy.argmax`.",  # a directive this module does not know
     f"**Hint**\n\nUse [`numpy.argmax()`]({NP}numpy.argmax.html)."),
    (".. part-goals:: 02_mnist_basics\n   :prerequisites: :ref:`binary_classifier`\n\n"
     "   - load MNIST\n   - plot a digit",  # this site's own
     "**After this part you will be able to**\n\n- load MNIST\n- plot a digit\n\n**Read first:** "
     f"[Binary classification: a 5-detector]({SITE}auto_examples/03_binary_classifier/index.html)"),
    (".. contents::\n   :local:\n\nText.", "Text."),
    (".. tags:: classification\n\nText.", "Text."),
    (".. only:: html\n\n   For the page.", "For the page."),
    (".. raw:: html\n\n   <b>bold</b>", "<b>bold</b>"),
    (".. raw:: latex\n\n   \\newpage\n\nText.", "Text."),
    (".. A comment\n   on two lines.\n\nText.", "Text."),
    (".. _a_label:\n\nText.", "Text."),
    ("Run this::\n\n    python -m digitkit\n\nThen look.",
     "Run this:\n\n```\npython -m digitkit\n```\n\nThen look."),
])
def test_directives_read_well(rst, markdown):
    assert notebook_markdown(rst) == markdown


def test_maths():
    assert notebook_markdown("A :math:`\\sqrt{2}` here.") == "A $\\sqrt{2}$ here."
    assert notebook_markdown(".. math::\n\n   a^2 + b^2 = c^2\n") == "$$\na^2 + b^2 = c^2\n$$"
    assert notebook_markdown(".. math::\n\n   x = 1\n\n   y = 2\n") == \
        "$$\n\\begin{aligned}\nx = 1 \\\\\ny = 2\n\\end{aligned}\n$$"
    nested = notebook_markdown(".. note::\n\n   .. math:: e^{i\\pi} = -1\n")
    assert nested == "> **Note**\n>\n> $$\n> e^{i\\pi} = -1\n> $$"
    assert notebook_markdown("Keep $a\\ b$ and *w*\\ ² tight.") == "Keep $a\\ b$ and *w*² tight."


def test_a_list_table_becomes_a_table():
    rst = """.. list-table::
   :header-rows: 1

   * - Part
     - The question it answers
   * - :ref:`A 5-detector <binary_classifier>`
     - How do you measure a binary classifier honestly? Why does
       accuracy | mislead?
"""
    assert notebook_markdown(rst) == (
        "| Part | The question it answers |\n|---|---|\n"
        f"| [A 5-detector]({SITE}auto_examples/03_binary_classifier/index.html) | "
        "How do you measure a binary classifier honestly? Why does accuracy \\| mislead? |")


def test_code_blocks_are_left_alone():
    rst = ".. code-block:: python\n\n   text = ':func:`kept` \\\\ .. note::'\n\nAfter :func:`len`."
    assert notebook_markdown(rst) == (
        "```python\ntext = ':func:`kept` \\\\ .. note::'\n```\n"
        f"After [`len()`]({PY}library/functions.html#len).")


# -- Whole notebooks --------------------------------------------------------------------

def test_code_cells_are_untouched_and_the_notebook_stays_valid():
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["Use :func:`len`."]},
        {"cell_type": "code", "execution_count": None, "metadata": {"collapsed": False}, "outputs": [],
         "source": ["# .. note:: not a note\nprint(':func:`len`', '`binary_classifier`')"]},
        {"cell_type": "markdown", "metadata": {"tags": ["x"]}, "source": "Plain :ref:`binary_classifier`."},
    ], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4,
        "nbformat_minor": 0}
    original = copy.deepcopy(notebook)
    converted = convert_notebook(notebook, TARGETS)
    assert notebook == original  # the input is not changed
    assert converted["cells"][1] == notebook["cells"][1]
    assert converted["cells"][0]["source"] == [f"Use [`len()`]({PY}library/functions.html#len)."]
    assert converted["cells"][2]["source"].startswith("Plain [Binary classification")
    assert converted["cells"][2]["metadata"] == {"tags": ["x"]}
    assert converted["metadata"] == notebook["metadata"]
    nbformat.validate(nbformat.from_dict(converted))


def test_leftover_markup_names_what_is_left():
    found = leftover_markup(
        "A :func:`x`, `text <a_label>`, `sphx_glr_auto_examples_a.py`, *w*\\ ²\n"
        ".. note:: x\n.. a comment\n<div class=\"alert alert-info\"><h4>Note</h4>\n\n"
        "Fine: ``:func:`x```, $a\\ b$, [`x`](https://example.org), `code`.\n"
        "```\n:func:`in code`\n.. note::\n```\n")
    assert found == ["role: :func:`x`", "directive: .. note:: x", "comment or target: .. a comment",
                     "reference: `text <a_label>`", "reference: `sphx_glr_auto_examples_a.py`",
                     "note as HTML: <div class=\"alert", "escaped space: \\"]


FRAGMENTS = [
    ":class:`~sklearn.svm.SVC`", f":ref:`part <{STRATEGIES}>`", "`binary_classifier`", ":doc:`/draw`",
    ":func:`!x`", ":foo:`bar`", "``code``", "$a\\ b$", "*w*\\ ²", "plain words", "\n\n", "\n",
    "\n\n.. note:: Careful.\n   Really.\n\n", "\n\n.. seealso::\n\n   :func:`len`\n\n",
    "\n\nText::\n\n    code\n\n", "\n\n.. code-block:: python\n\n   ':func:`kept`'\n\n",
    "\n\n- item\n  :func:`len`\n", "<b>html</b>", "[link](https://x.org)",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8))
def test_converting_twice_changes_nothing(fragments):
    once = notebook_markdown(" ".join(fragments))
    assert convert_markdown(once, TARGETS, DOCNAME) == once
    assert leftover_markup(once) == []


def _example_targets() -> Targets:
    """The labels of the examples and pages, found in their sources as Sphinx would find them."""
    labels = {}
    for example in sorted((ROOT / "examples").glob("*/plot_*.py")):
        part, stem = example.parent.name, example.stem
        page = f"{SITE}auto_examples/{part}/{stem}.html"
        source = example.read_text()
        labels[f"sphx_glr_auto_examples_{part}_{stem}.py"] = Page(page, rst_title(source.split('"""')[1]))
        for label in re.findall(r"^# \.\. _([\w-]+):", source, flags=re.M):
            labels[label] = Page(f"{page}#{label.replace('_', '-')}", label)
    for header in (ROOT / "examples").glob("*/GALLERY_HEADER.rst"):
        for label in re.findall(r"^\.\. _([\w-]+):", header.read_text(), flags=re.M):
            labels[label] = Page(f"{SITE}auto_examples/{header.parent.name}/index.html", label)
    for rst in (ROOT / "docs").glob("*.rst"):
        for label in re.findall(r"^\.\. _([\w-]+):", rst.read_text(), flags=re.M):
            labels[label] = Page(f"{SITE}{rst.stem}.html", label)
    docs = {rst.stem: Page(f"{SITE}{rst.stem}.html", rst.stem) for rst in (ROOT / "docs").glob("*.rst")}
    return Targets(labels=labels, docs=docs, projects=PROJECTS)


def _raw_notebook(example: Path) -> dict:
    """The notebook sphinx-gallery writes for an example (its own functions, no build)."""
    conf = copy.deepcopy(gen_gallery.DEFAULT_GALLERY_CONF)
    conf["src_dir"] = str(ROOT / "docs")
    _, blocks = py_source_parser.split_code_and_text_blocks(str(example))
    blocks = [py_source_parser.Block(label, py_source_parser.remove_config_comments(content), line)
              for label, content, line in blocks]
    return jupyter_notebook(blocks, conf, example.parent)


def test_every_example_notebook_converts_fast_and_completely():
    """All the gallery's notebooks: no markup left, links well formed, well under a second."""
    notebooks = {example: _raw_notebook(example)
                 for example in sorted((ROOT / "examples").glob("*/plot_*.py"))}
    assert len(notebooks) >= 20
    assert any(notebook_leftovers(notebook) for notebook in notebooks.values())  # before: plenty
    targets, missing = _example_targets(), []
    start = time.perf_counter()
    converted = {example: convert_notebook(notebook, targets, f"auto_examples/{example.parent.name}/"
                                           f"{example.stem}", missing)
                 for example, notebook in notebooks.items()}
    seconds = time.perf_counter() - start
    assert seconds < 0.5, f"converting {len(notebooks)} notebooks took {seconds:.2f} s"
    for example, notebook in converted.items():
        assert notebook_leftovers(notebook) == [], example.name
        nbformat.validate(nbformat.from_dict(notebook))
        for before, after in zip(notebooks[example]["cells"], notebook["cells"], strict=True):
            if before["cell_type"] == "code":
                assert after == before
    # Only digitkit's API pages are unknown here (Sphinx knows them in the build).
    assert missing and all("digitkit." in reference for reference in missing), set(missing)
    text = "\n".join("".join(cell["source"]) for notebook in converted.values()
                     for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    links = re.findall(r"\]\(([^)]*)\)", text)
    assert len(links) > 150
    for link in links:
        parts = urlsplit(link)
        assert parts.scheme == "https" and parts.netloc and " " not in link, link
        assert parts.netloc in {"digitkit.github.io", "scikit-learn.org", "numpy.org", "docs.scipy.org",
                                "docs.python.org", "matplotlib.org"}, link


def test_each_part_quiz_reads_as_questions_then_folded_answers_in_the_notebook():
    """The quiz that ends each part: its questions in the notebook, every answer in <details>."""
    pages = [example for example in sorted((ROOT / "examples").glob("*/plot_*.py"))
             if "\n# .. quiz::" in example.read_text()]
    assert len(pages) == 8
    for example in pages:
        notebook = convert_notebook(_raw_notebook(example), _example_targets())
        text = "\n".join("".join(cell["source"]) for cell in notebook["cells"]
                         if cell["cell_type"] == "markdown")
        assert "### Quiz" in text and "**Question 1.**" in text, example.name
        asked, _, answers = text.partition("<details><summary>Answers, and why</summary>")
        assert "The answer is" not in asked and "The answer is" in answers, example.name
        assert "Question:" not in text and "Why:" not in text, example.name


def test_a_file_and_the_zips_holding_it_are_rewritten_as_sphinx_gallery_writes_them(tmp_path):
    example = ROOT / "examples" / "04_multiclass" / "plot_01_multiclass_strategies.py"
    part = tmp_path / "gallery" / "04_multiclass"
    part.mkdir(parents=True)
    script, notebook = part / example.name, part / f"{example.stem}.ipynb"
    script.write_text(example.read_text())
    save_notebook(_raw_notebook(example), notebook)
    own_zip = Path(zip_files([script, notebook], part / f"{example.stem}.zip", part))
    all_zip = Path(zip_files([notebook], tmp_path / "gallery" / "gallery_jupyter.zip", tmp_path / "gallery"))
    times = {path: path.stat().st_mtime_ns for path in (notebook, own_zip, all_zip)}

    changed, leftovers = convert_notebook_file(notebook, TARGETS, "auto_examples/04_multiclass/x")
    assert changed and leftovers == []
    assert refresh_zip(own_zip) and refresh_zip(all_zip)
    assert (changed, refresh_zip(own_zip)) == (True, False)  # nothing left to do
    assert convert_notebook_file(notebook, TARGETS, "auto_examples/04_multiclass/x") == (False, [])
    with zipfile.ZipFile(own_zip) as archive:
        assert archive.namelist() == [script.name, notebook.name]
        assert archive.read(notebook.name) == notebook.read_bytes()
        assert archive.read(script.name) == script.read_bytes()  # the .py is as it was
    with zipfile.ZipFile(all_zip) as archive:
        assert archive.read(f"04_multiclass/{notebook.name}") == notebook.read_bytes()
    # The files keep their times (Sphinx reads no page again for them), and
    # sphinx-gallery's next zip of the converted files is the same, byte for byte.
    assert {path: path.stat().st_mtime_ns for path in times} == times
    again = Path(zip_files([script, notebook], part / "again.zip", part))
    assert again.read_bytes() == own_zip.read_bytes()
    assert json.loads(notebook.read_text())["nbformat"] == 4
    assert notebook.read_text() == json.dumps(json.loads(notebook.read_text()), indent=2)


# -- In a build -----------------------------------------------------------------------

EXAMPLE_A = '''"""
Notebook links
==============

Fit an :class:`~sklearn.svm.SVC` on digits from :func:`~digitkit.datasets.fetch_mnist`,
then read :ref:`the other example <sphx_glr_auto_examples_01_part_plot_b.py>` and
:doc:`/draw`.

.. note:: A note with :func:`numpy.argmax`.
"""

print("a")

# %%
# .. seealso:: :ref:`sphx_glr_auto_examples_01_part_plot_b.py`

print(":func:`kept` in code")
'''

EXAMPLE_B = '''"""
The other example
=================

Back to :ref:`sphx_glr_auto_examples_01_part_plot_a.py`.
"""

print("b")
'''


@pytest.mark.docs
def test_a_zip_holding_a_notebook_not_beside_it_is_an_error(tmp_path):
    """Such a notebook could not be refreshed and would ship with its Sphinx markup."""
    (tmp_path / "sub").mkdir()
    notebook = tmp_path / "sub" / "plot_x.ipynb"
    notebook.write_text("{}")
    archive_path = tmp_path / "plot_x.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.write(notebook, notebook.name)  # "plot_x.ipynb", but it lies in sub/
    with pytest.raises(ValueError, match=r"plot_x\.zip holds notebooks .*: plot_x\.ipynb"):
        refresh_zip(archive_path)


def test_a_build_ships_converted_notebooks_in_every_download(tmp_path):
    """A gallery of two small examples: the notebooks, the zips, and a rebuild that reads nothing again."""
    docs = one_part_gallery(tmp_path, {"plot_a.py": EXAMPLE_A, "plot_b.py": EXAMPLE_B})
    html = tmp_path / "html"
    result = run_sphinx(docs, html, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "digitkit_notebooks: 2 notebooks read like their pages (2 converted" in result.stdout

    downloads = html / "_downloads"
    notebooks = {path.name: path.read_text() for path in downloads.rglob("*.ipynb")}
    assert sorted(notebooks) == ["plot_a.ipynb", "plot_b.ipynb"]
    a, b = (json.loads(notebooks[f"plot_{x}.ipynb"]) for x in "ab")
    markdown = "\n".join("".join(cell["source"]) for cell in a["cells"] if cell["cell_type"] == "markdown")
    page_b = f"{SITE}auto_examples/01_part/plot_b.html"
    for expected in [f"[`SVC`]({sk('sklearn.svm.SVC')})", f"[`fetch_mnist()`]({FETCH_URL})",
                     f"[the other example]({page_b})", f"[Draw a digit]({SITE}draw.html)",
                     "> **Note**\n>\n> A note with [`numpy.argmax()`](https://numpy.org/doc/stable/",
                     f"> **See also**\n>\n> [The other example]({page_b})"]:
        assert expected in markdown
    code = ["".join(cell["source"]) for cell in a["cells"] if cell["cell_type"] == "code"]
    assert code == ['print("a")', 'print(":func:`kept` in code")']
    assert f"[Notebook links]({SITE}auto_examples/01_part/plot_a.html)" in json.dumps(b)
    for notebook in (a, b):
        assert notebook_leftovers(notebook) == []
    # The .py download is the example as written.
    assert next(downloads.rglob("plot_a.py")).read_text() == EXAMPLE_A
    # Every zip holds the notebooks as downloaded.
    zips = sorted(downloads.rglob("*.zip"))
    assert {path.name for path in zips} >= {"plot_a.zip", "plot_b.zip", "auto_examples_jupyter.zip"}
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".ipynb"):
                    assert archive.read(name).decode() == notebooks[Path(name).name], (path.name, name)

    # A second build with nothing changed reads no example again, nor the gallery's index.
    again = run_sphinx(docs, html, capture_output=True, text=True)
    assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
    def pages_read(output):
        return re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", output)

    assert "auto_examples/01_part/plot_a" in pages_read(result.stdout)
    read = pages_read(again.stdout)
    assert not [name for name in read if name.startswith("auto_examples")], read
    assert "(0 converted, 0 zips written again)" in again.stdout
    assert {path.name: path.read_text() for path in downloads.rglob("*.ipynb")} == notebooks

    # The site moves: the examples do not run again, yet their notebooks link to the new place.
    conf = docs / "conf.py"
    moved_site = "https://example.org/dk/"
    conf.write_text(conf.read_text().replace(f'html_baseurl = "{SITE}"', f'html_baseurl = "{moved_site}"'))
    moved = run_sphinx(docs, html, capture_output=True, text=True)
    assert moved.returncode == 0, (moved.stdout + moved.stderr)[-4000:]
    assert "(2 converted, 3 zips written again)" in moved.stdout
    for path in [*downloads.rglob("*.ipynb"), *downloads.rglob("*_jupyter.zip")]:
        text = path.read_text() if path.suffix == ".ipynb" else zipfile.ZipFile(path).read(
            "01_part/plot_a.ipynb").decode()
        assert SITE not in text and f"{moved_site}auto_examples/01_part/" in text, path.name


def test_intersphinx_mapping_gives_the_base_addresses():
    from digitkit_notebooks import _project_bases

    raw = {"sklearn": ("https://scikit-learn.org/stable", None)}
    normalized = {"sklearn": ("sklearn", ("https://scikit-learn.org/stable/", (None,)))}
    assert _project_bases(raw) == _project_bases(normalized) == {"sklearn": SK}
