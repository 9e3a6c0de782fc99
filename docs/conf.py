"""Sphinx configuration of the digitkit site (gallery + API reference)."""

import os
import sys
import zlib
from pathlib import Path

import digitkit

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "sphinxext"))

# The build memoizes slow scikit-learn calls (docs/sphinxext/digitkit_memo.py)
# in digitkit's disk cache, and keeps that cache inside _build/: a clean build
# (rm -rf _build) computes everything once and never reads results left by
# earlier builds or by a reader's runs.
os.environ["DIGITKIT_CACHE"] = str(HERE / "_build" / "cache")

project = "digitkit"
author = "The digitkit developers"
copyright = "2026, The digitkit developers"
version = release = digitkit.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    # the hooks around each example; stops the gallery's worker processes once it is written
    "digitkit_gallery",
    # the landing page's chapter map; offline execution-times pages; named nav toggles
    "digitkit_site",
    "digitkit_pages",  # the interactive pages: scripts, styles, data produced from the gallery's models
    # part goals, solutions hidden until asked for, tags as links, an accessible tag filter
    "digitkit_learning",
    # the exercise version of each exercises page: starting points and checks, from the one source
    "digitkit_exercises",
    # a quiz at the end of each part, answered on the page with an explanation for every choice
    "digitkit_quiz",
    # every number and comparison in an example's prose checked against its output
    "digitkit_prose",
    # footers that say how long an example runs for a reader, not for the memoized build
    "digitkit_memo",
    "digitkit_notebooks",  # downloaded notebooks read like the page: roles become links, notes quotes
    "digitkit_figures",  # a dark twin of every figure and thumbnail, shown by the theme's switch
    # pages that paint early: scripts deferred, unused style sheets dropped, images sized and lazy
    "digitkit_loading",
]

templates_path = ["_templates"]
html_static_path = ["_static"]
# benchmark-results.rst and lighthouse-results.rst are included by developers.rst; claims/ holds the
# prose checks (docs/sphinxext/digitkit_prose.py), not pages.
exclude_patterns = ["_build", "**.ipynb_checkpoints", "benchmark-results.rst", "lighthouse-results.rst",
                    "claims"]
root_doc = "index"

# -- API reference -----------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- Cross-links to the libraries the examples use -----------------------------
# Each inventory has a local fallback: offline, the remote fetch fails, the empty
# local inventory answers, and Sphinx logs an info line instead of a warning
# (which -W would turn into a failed build). Online, links resolve as usual.
def _empty_inventory(name):
    path = HERE / "_build" / "empty-inventories" / f"{name}.inv"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {name}\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    path.write_bytes(header + zlib.compress(b""))
    return str(path)


intersphinx_mapping = {
    name: (url, (None, _empty_inventory(name)))
    for name, url in {
        "python": "https://docs.python.org/3/",
        "numpy": "https://numpy.org/doc/stable/",
        "scipy": "https://docs.scipy.org/doc/scipy/",
        "sklearn": "https://scikit-learn.org/stable/",
        "matplotlib": "https://matplotlib.org/stable/",
        "pandas": "https://pandas.pydata.org/docs/",
    }.items()
}
intersphinx_timeout = 5

# -- The gallery -------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("digitkit",),
    "backreferences_dir": "gen_modules/backreferences",
    "download_all_examples": True,
    "remove_config_comments": True,
    # Warnings inside an example become errors, so the build (run with -W)
    # fails on any deprecation or other warning an example would print. The
    # other hooks record each example's memory and CPU time, run joblib's
    # parallel work in threads (shared data, same results), and stop idle
    # worker processes between examples (docs/sphinxext/digitkit_gallery.py);
    # the last memoizes slow scikit-learn calls, out of the reader's sight
    # (docs/sphinxext/digitkit_memo.py); the Draw a digit example's model is
    # moved out of the source tree (docs/sphinxext/digitkit_pages.py).
    "reset_modules": (
        "matplotlib",
        "digitkit_gallery.warnings_as_errors",
        "digitkit_gallery.measure_memory",
        "digitkit_gallery.release_worker_processes",
        "digitkit_gallery.joblib_threads",
        "digitkit_memo.memoize_slow_calls",
        "digitkit_pages.collect_data",
        "digitkit_exercises.record_answers",
    ),
    "reset_modules_order": "both",
    # sphinx-gallery's matplotlib scraper, then a dark twin of each figure it
    # saved, the same Figure restyled; every figure is lossless WebP
    # (docs/sphinxext/digitkit_figures.py).
    "image_scrapers": ("digitkit_figures.scrape_light_and_dark",),
    # Each figure again at twice the resolution, for high-density screens:
    # the browser picks it from the srcset, a 1x screen never fetches it.
    "image_srcset": ["2x"],
    # No repr of a cell's last expression: examples print what they show, so
    # the page shows exactly what the downloaded script prints when a reader
    # runs it (which .ci/examples_on_newest.py compares line by line). Hiding
    # only some types (ignore_repr_types) would still add lines, such as an
    # estimator's repr after .fit(...), that the script never prints.
    "capture_repr": (),
    # The examples of a part run side by side, one per core, each in a worker
    # process of its own: a build is as fast as its cores allow, and an
    # example's memory is its own (docs/sphinxext/digitkit_gallery.py). An
    # example that needs another's fit waits for it and loads it
    # (digitkit.cache.remember locks each entry while it is computed).
    "parallel": min(len(os.sched_getaffinity(0)), 4),
    # Each example page ends with the examples closest to it in words
    # (sphinx-gallery's TF-IDF recommender).
    "recommender": {"enable": True, "n_examples": 4, "rubric_header": "Related examples"},
}

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "digitkit"
# Where the site is published. Downloaded notebooks, read far from the site,
# link to its pages there (docs/sphinxext/digitkit_notebooks.py); each page
# also names its address there as canonical.
html_baseurl = "https://digitkit.github.io/digitkit/"
html_theme_options = {
    "icon_links": [
        {
            "name": "Source on GitHub",
            "url": "https://github.com/digitkit/digitkit",
            # An image, not the theme's icon font: that font (110 KB) would load for this icon alone.
            "icon": "_static/github.svg",
            "type": "local",
        }
    ],
    "navbar_align": "left",
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}
html_context = {"default_mode": "auto"}
html_css_files = ["digitkit.css"]
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False
