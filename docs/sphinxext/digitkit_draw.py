"""Give the "Draw a digit" page the model that the gallery trains.

The example ``examples/08_draw_a_digit/plot_01_model_for_the_browser.py``
trains the model and writes it to ``digitkit_mnist_model.js`` in the folder
named by the environment variable ``DIGITKIT_EXPORT_DIR`` (the current folder
when a reader runs it at home). This extension points that variable at the
example's output folder in the generated gallery
(``docs/auto_examples/08_draw_a_digit/``, ignored by git), and in every HTML
build copies the file into the site as ``_static/draw/``, next to the page's
script. The copy happens once the sources are read (the gallery has run by
then) and before the pages are written, so the page's link to the model
carries the checksum of the file it gets. The gallery folder survives a
rebuild that does not run the example again, so the page keeps its model;
the working tree is never touched.

It also adds the page's script, style sheet and model to that page only.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

EXPORT_ENV_VAR = "DIGITKIT_EXPORT_DIR"
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


def _point_example_at_gallery(app, config):
    folder = _gallery_output(app)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[EXPORT_ENV_VAR] = str(folder)


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
    app.connect("config-inited", _point_example_at_gallery)
    app.connect("html-page-context", _add_page_assets)
    app.connect("env-updated", _copy_model)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
