"""Give the "Draw a digit" page the model that the gallery trains.

The example ``examples/08_draw_a_digit/plot_01_model_for_the_browser.py``
trains the model and writes it to ``digitkit_mnist_model.js`` in its current
folder, as it would on a reader's machine. sphinx-gallery runs an example in
the example's own source folder, so the hook :func:`collect_model` (called by
sphinx-gallery after each example, see ``reset_modules`` in ``conf.py``)
moves the file from there into the example's output folder in the generated
gallery (``docs/auto_examples/08_draw_a_digit/``, ignored by git): the source
tree keeps no generated file, and nothing about this shows in the example.
In every HTML build the file is then copied into the site as
``_static/draw/``, next to the page's script. The copy happens once the
sources are read (the gallery has run by then) and before the pages are
written, so the page's link to the model carries the checksum of the file it
gets. The gallery folder survives a rebuild that does not run the example
again, so the page keeps its model.

It also adds the page's script, style sheet and model to that page only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

MODEL_FILE = "digitkit_mnist_model.js"
EXAMPLE_FOLDER = "08_draw_a_digit"
EXAMPLE = "plot_01_model_for_the_browser.py"
PAGE = "draw"
STATIC_FOLDER = "draw"


def _first(value, default):
    if not value:
        return default
    return value if isinstance(value, str) else value[0]


def _gallery_output(app) -> Path:
    conf = app.config.sphinx_gallery_conf or {}
    return Path(app.srcdir) / _first(conf.get("gallery_dirs"), "auto_examples") / EXAMPLE_FOLDER


def collect_model(gallery_conf, fname, when):
    """sphinx-gallery hook: move the model the example wrote into the generated gallery.

    ``fname`` is the example's file name; the example ran in its own folder
    of the gallery's sources.
    """
    if when != "after" or Path(fname).name != EXAMPLE:
        return
    root = Path(gallery_conf["src_dir"])
    written = root / _first(gallery_conf.get("examples_dirs"), "../examples") / EXAMPLE_FOLDER / MODEL_FILE
    if written.is_file():
        target = root / _first(gallery_conf.get("gallery_dirs"), "auto_examples") / EXAMPLE_FOLDER
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(written, target / MODEL_FILE)


def _add_page_assets(app, pagename, templatename, context, doctree):
    if pagename != PAGE:
        return
    # No left sidebar: the page has no sections to navigate, and the drawing
    # area, the preview and the bars fit side by side without it.
    context["sidebars"] = []
    app.add_css_file(f"{STATIC_FOLDER}/draw.css")
    # Deferred scripts run in order, after the page is parsed: model, then page.
    app.add_js_file(f"{STATIC_FOLDER}/{MODEL_FILE}", defer="defer")
    app.add_js_file(f"{STATIC_FOLDER}/draw.js", defer="defer")


def _copy_model(app, env):
    if app.builder.format != "html":
        return []
    folder = _gallery_output(app)
    model = folder / MODEL_FILE
    if model.is_file():
        target = Path(app.outdir) / "_static" / STATIC_FOLDER
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(model, target / MODEL_FILE)
        logger.info(f"digitkit_draw: copied {MODEL_FILE} ({model.stat().st_size:,} bytes) "
                    f"to _static/{STATIC_FOLDER}/")
    elif (folder / f"{EXAMPLE}.md5").is_file():
        # The example ran (sphinx-gallery writes the checksum after a run that
        # succeeded) yet left no model: the page would be broken.
        logger.warning(f"digitkit_draw: {EXAMPLE} ran but {model} is missing; "
                       "the Draw a digit page has no model")
    else:
        logger.info(f"digitkit_draw: {EXAMPLE} is not part of this build, so the "
                    "Draw a digit page has no model")
    return []  # no document needs reading again


def setup(app):
    app.connect("html-page-context", _add_page_assets)
    app.connect("env-updated", _copy_model)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
