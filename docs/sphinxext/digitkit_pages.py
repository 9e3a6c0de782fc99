"""The site's interactive pages: their data, their scripts, their style.

Three pages run in the reader's browser (Draw a digit, the threshold
explorer, the error browser). Each is a ``docs/<docname>.rst`` page, a
folder ``docs/_static/<folder>/`` with its own script and style sheet, and
data files, listed in :data:`PAGES`. Every page also loads the shared
script and style sheet, ``docs/_static/pages/pages.js`` and ``pages.css``
(decoding, the data file's format check, packed digits, start-up,
announcements for screen readers, number formatting), before its own.

A data file comes from one of two places (:class:`DataFile`):

- an **example** of the gallery's last part writes it, because writing it
  is the lesson (Draw a digit's model, written by
  ``08_draw_a_digit/plot_01_model_for_the_browser.py`` with
  :func:`digitkit.export.export_model`). The example writes to its current
  folder, as on a reader's machine; the sphinx-gallery hook
  :func:`collect_data` moves the file into the example's output folder;
- a **producer** of the build writes it, out of the reader's sight: a
  module ``docs/sphinxext/pagedata_<name>.py`` with a function
  ``produce(path, X, y)`` (and the file's schema, its writer, its reader and
  the numpy twin of the page's script). :func:`produce_data` runs the
  producers once the gallery has run (``builder-inited``, after
  sphinx-gallery's), with the build's memo installed
  (:mod:`digitkit_memo`), so the same scikit-learn calls as the examples
  that train those models load their fits and predictions instead of
  computing them again. The files go to ``_build/pages-data/`` with a
  fingerprint (the producer's code, the checksums of the examples whose
  models it reuses, the versions): an unchanged fingerprint keeps the file.
  When the examples do not run (``html-noplot``), or an example whose
  models the producer reuses is not part of the build (its memo entries
  would be missing, and the producer would train them again), the producer
  is skipped with an info line and a file from an earlier build is kept.

In every HTML build each page's data files are then copied into the site as
``_static/<folder>/``, next to the page's script, once the sources are read
and before the pages are written, so the page's link to a file carries its
checksum.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sphinx.util import logging

from digitkit_gallery import gallery_folders

logger = logging.getLogger(__name__)

#: The gallery part whose examples write the pages' data.
EXAMPLE_FOLDER = "08_draw_a_digit"
DATA_PATTERN = "digitkit_*.js"
#: The shared script and style sheet, in ``docs/_static/``.
SHARED = "pages/pages"
#: Where the producers' files are kept between builds (relative to the docs folder).
PRODUCED = Path("_build") / "pages-data"


@dataclass(frozen=True)
class DataFile:
    """A data file of a page, and what writes it.

    Attributes
    ----------
    name : str
        The file name, ``digitkit_*.js``.
    example : str or None
        The example of :data:`EXAMPLE_FOLDER` that writes it.
    producer : str or None
        Else the module of ``docs/sphinxext/`` whose ``produce(path, X, y)``
        writes it in the build.
    reuses : tuple of str
        The examples (``<part>/<file>``) that train the models the producer
        uses; it runs only when they are part of the build, so that their
        fits come from the memo.
    """

    name: str
    example: str | None = None
    producer: str | None = None
    reuses: tuple[str, ...] = ()


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
        DataFile("digitkit_mnist_model.js", example="plot_01_model_for_the_browser.py"),
        DataFile("digitkit_test_digits.js", producer="pagedata_digits"),
    )),
    InteractivePage("error-browser", "errors", (
        DataFile("digitkit_error_browser.js", producer="pagedata_errors",
                 reuses=("06_better_accuracy/plot_01_knn_tuning.py",
                         "07_beyond_the_chapter/plot_03_kernel_svm.py")),
    )),
    InteractivePage("threshold-explorer", "threshold", (
        DataFile("digitkit_threshold_scores.js", producer="pagedata_threshold",
                 reuses=("03_binary_classifier/plot_03_precision_recall_tradeoff.py",)),
    )),
)


def _writers() -> set[str]:
    return {data.example for page in PAGES for data in page.data if data.example}


def _gallery_output(app) -> Path:
    conf = app.config.sphinx_gallery_conf or {}
    return Path(app.srcdir) / gallery_folders(conf)[1]


def collect_data(gallery_conf, fname, when):
    """sphinx-gallery hook: move the data files an example wrote into the generated gallery.

    ``fname`` is the example's file name; the example ran in its own folder
    of the gallery's sources. Only examples of :data:`EXAMPLE_FOLDER` write
    data for the pages.
    """
    if when != "after" or Path(fname).name not in _writers():
        return
    root = Path(gallery_conf["src_dir"])
    examples_dir, gallery_dir = gallery_folders(gallery_conf)
    source, target = root / examples_dir / EXAMPLE_FOLDER, root / gallery_dir / EXAMPLE_FOLDER
    for written in sorted(source.glob(DATA_PATTERN)):
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(written, target / written.name)


# -- the producers ---------------------------------------------------------------------


def _fingerprint(app, data: DataFile) -> str | None:
    """What the producer's file depends on; None if an example it reuses is not in the build."""
    import numpy

    import sklearn

    import digitkit._pagefile

    gallery = _gallery_output(app)
    parts = [inspect.getsource(importlib.import_module(data.producer)),
             inspect.getsource(digitkit._pagefile), sklearn.__version__, numpy.__version__]
    for example in data.reuses:
        checksum = gallery / f"{example}.md5"
        if not checksum.is_file():
            return None
        parts.append(checksum.read_text())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def produce_data(app):
    """Write the producers' data files, with the build's memo (see the module description)."""
    if app.builder.format != "html":
        return
    folder = Path(app.srcdir) / PRODUCED
    plotting = bool((app.config.sphinx_gallery_conf or {}).get("plot_gallery", True))
    wanted = []
    for page in PAGES:
        for data in page.data:
            if data.producer is None:
                continue
            path = folder / data.name
            stamp = path.with_suffix(".fingerprint")
            fingerprint = _fingerprint(app, data) if plotting else None
            if fingerprint is None:
                kept = " (the file of an earlier build is kept)" if path.is_file() else ""
                why = ("the examples do not run in this build" if not plotting else
                       f"{', '.join(data.reuses)} is not part of this build")
                logger.info(f"digitkit_pages: {data.name} not produced: {why}{kept}")
            elif path.is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
                logger.info(f"digitkit_pages: {data.name} is up to date")
            else:
                wanted.append((data, path, stamp, fingerprint))
    if not wanted:
        return
    _run_producers(folder, wanted)


def _run_producers(folder: Path, wanted) -> None:
    from joblib import parallel_config

    import digitkit_memo
    from digitkit.datasets import fetch_mnist

    folder.mkdir(parents=True, exist_ok=True)
    X, y = fetch_mnist(return_X_y=True)
    # As while the examples run: joblib in threads (the memo wraps this
    # process's classes), and the memo installed only for these calls.
    digitkit_memo.install()
    try:
        with parallel_config(backend="threading"):
            for data, path, stamp, fingerprint in wanted:
                started, cpu = time.perf_counter(), time.process_time()
                n_bytes = importlib.import_module(data.producer).produce(path, X, y)
                stamp.write_text(fingerprint)
                logger.info(f"digitkit_pages: produced {data.name} ({n_bytes:,} bytes) in "
                            f"{time.perf_counter() - started:.1f} s "
                            f"({time.process_time() - cpu:.1f} CPU-s)")
    finally:
        digitkit_memo.uninstall()


# -- into the site ---------------------------------------------------------------------


def _add_page_assets(app, pagename, templatename, context, doctree):
    for page in PAGES:
        if pagename != page.docname:
            continue
        # No left sidebar: the page has no sections to navigate, and its
        # panels fit side by side without it.
        context["sidebars"] = []
        app.add_css_file(f"{SHARED}.css")
        app.add_css_file(f"{page.folder}/{page.folder}.css")
        # Deferred scripts run in order, after the page is parsed: the shared
        # script, the data, then the page's own script.
        app.add_js_file(f"{SHARED}.js", defer="defer")
        for data in page.data:
            app.add_js_file(f"{page.folder}/{data.name}", defer="defer")
        app.add_js_file(f"{page.folder}/{page.folder}.js", defer="defer")


def _copy_data(app, env):
    if app.builder.format != "html":
        return []
    for page in PAGES:
        for data in page.data:
            if data.example:
                written = _gallery_output(app) / EXAMPLE_FOLDER / data.name
            else:
                written = Path(app.srcdir) / PRODUCED / data.name
            _copy_one(app, written, page, data)
    return []  # no document needs reading again


def _copy_one(app, written: Path, page: InteractivePage, data: DataFile) -> None:
    if written.is_file():
        target = Path(app.outdir) / "_static" / page.folder
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(written, target / data.name)
        logger.info(f"digitkit_pages: copied {data.name} ({written.stat().st_size:,} bytes) "
                    f"to _static/{page.folder}/")
    elif data.example and (written.parent / f"{data.example}.md5").is_file():
        # The example ran (sphinx-gallery writes the checksum after a run
        # that succeeded) yet left no data: the page would be broken.
        logger.warning(f"digitkit_pages: {data.example} ran but {written} is missing; "
                       f"the page {page.docname!r} lacks it")
    else:
        logger.info(f"digitkit_pages: {data.name} is not part of this build, so the "
                    f"page {page.docname!r} lacks it")


def setup(app):
    # After sphinx-gallery's generate_gallery_rst (default priority 500): the examples have run.
    app.connect("builder-inited", produce_data, priority=800)
    app.connect("html-page-context", _add_page_assets)
    app.connect("env-updated", _copy_data)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
