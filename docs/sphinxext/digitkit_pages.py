"""Give the site's interactive pages the data that the gallery computes.

Each interactive page (Draw a digit, the threshold explorer, the error
browser) runs in the reader's browser on data written by an example of the
gallery's last part, ``examples/08_draw_a_digit/``: the example writes a
``digitkit_*.js`` file to its current folder, as it would on a reader's
machine. sphinx-gallery runs an example in the example's own source folder,
so the hook :func:`collect_data` (called by sphinx-gallery after each
example, see ``reset_modules`` in ``conf.py``) moves every such file from
there into the example's output folder in the generated gallery
(``docs/auto_examples/08_draw_a_digit/``, ignored by git): the source tree
keeps no generated file, and nothing about this shows in the example.

In every HTML build each page's data file is then copied into the site as
``_static/<page folder>/``, next to the page's script. The copy happens once
the sources are read (the gallery has run by then) and before the pages are
written, so the page's link to its data carries the checksum of the file it
gets. The gallery folder survives a rebuild that does not run the example
again, so the page keeps its data.

The extension also adds each page's style sheet, data and script to that
page only (:data:`PAGES`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The gallery part whose examples write the pages' data.
EXAMPLE_FOLDER = "08_draw_a_digit"
DATA_PATTERN = "digitkit_*.js"


@dataclass(frozen=True)
class DataFile:
    """A data file for a page, and the example (in :data:`EXAMPLE_FOLDER`) that writes it."""

    name: str
    example: str


@dataclass(frozen=True)
class InteractivePage:
    """An interactive page, and the data files it loads.

    Attributes
    ----------
    docname : str
        The page's document name (``docs/<docname>.rst``).
    folder : str
        Its folder of ``docs/_static/``: ``<folder>.css`` and ``<folder>.js``
        live there, and its data files are copied there.
    data : tuple of DataFile
        The data files, loaded in this order before the page's script.
    """

    docname: str
    folder: str
    data: tuple[DataFile, ...]


PAGES = (
    InteractivePage("draw", "draw", (
        DataFile("digitkit_mnist_model.js", "plot_01_model_for_the_browser.py"),
        DataFile("digitkit_test_digits.js", "plot_01_model_for_the_browser.py"),
    )),
    InteractivePage("error-browser", "errors", (
        DataFile("digitkit_error_browser.js", "plot_03_error_browser_data.py"),
    )),
    InteractivePage("threshold-explorer", "threshold", (
        DataFile("digitkit_threshold_scores.js", "plot_02_threshold_explorer_data.py"),
    )),
)


def _writers() -> set[str]:
    return {data.example for page in PAGES for data in page.data}


def _first(value, default):
    if not value:
        return default
    return value if isinstance(value, str) else value[0]


def _gallery_output(app) -> Path:
    conf = app.config.sphinx_gallery_conf or {}
    return Path(app.srcdir) / _first(conf.get("gallery_dirs"), "auto_examples") / EXAMPLE_FOLDER


def collect_data(gallery_conf, fname, when):
    """sphinx-gallery hook: move the data files an example wrote into the generated gallery.

    ``fname`` is the example's file name; the example ran in its own folder
    of the gallery's sources. Only examples of :data:`EXAMPLE_FOLDER` write
    data for the pages.
    """
    if when != "after" or Path(fname).name not in _writers():
        return
    root = Path(gallery_conf["src_dir"])
    source = root / _first(gallery_conf.get("examples_dirs"), "../examples") / EXAMPLE_FOLDER
    target = root / _first(gallery_conf.get("gallery_dirs"), "auto_examples") / EXAMPLE_FOLDER
    for written in sorted(source.glob(DATA_PATTERN)):
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(written, target / written.name)


def _add_page_assets(app, pagename, templatename, context, doctree):
    for page in PAGES:
        if pagename != page.docname:
            continue
        # No left sidebar: the page has no sections to navigate, and its
        # panels fit side by side without it.
        context["sidebars"] = []
        app.add_css_file(f"{page.folder}/{page.folder}.css")
        # Deferred scripts run in order, after the page is parsed: data, then page.
        for data in page.data:
            app.add_js_file(f"{page.folder}/{data.name}", defer="defer")
        app.add_js_file(f"{page.folder}/{page.folder}.js", defer="defer")


def _copy_data(app, env):
    if app.builder.format != "html":
        return []
    folder = _gallery_output(app)
    for page in PAGES:
        for data in page.data:
            _copy_one(app, folder, page, data)
    return []  # no document needs reading again


def _copy_one(app, folder: Path, page: InteractivePage, data: DataFile) -> None:
    written = folder / data.name
    if written.is_file():
        target = Path(app.outdir) / "_static" / page.folder
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(written, target / data.name)
        logger.info(f"digitkit_pages: copied {data.name} ({written.stat().st_size:,} bytes) "
                    f"to _static/{page.folder}/")
    elif (folder / f"{data.example}.md5").is_file():
        # The example ran (sphinx-gallery writes the checksum after a run
        # that succeeded) yet left no data: the page would be broken.
        logger.warning(f"digitkit_pages: {data.example} ran but {written} is missing; "
                       f"the page {page.docname!r} lacks it")
    else:
        logger.info(f"digitkit_pages: {data.example} is not part of this build, so the "
                    f"page {page.docname!r} lacks {data.name}")


def setup(app):
    app.connect("html-page-context", _add_page_assets)
    app.connect("env-updated", _copy_data)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
