"""The site as readers meet it: served on 127.0.0.1 and opened in Chromium.

Every page loads without errors and without reaching past 127.0.0.1, every
figure loads and is described, search, the gallery, the navigation and the
light/dark switch work, the pages pass an accessibility audit, and the
downloads are what they claim to be: scripts and notebooks that match the
examples and run in a fresh environment.

The tests use the ``site``, ``site_url``, ``browser`` and ``page`` fixtures
of ``conftest.py``. Set ``DIGITKIT_SITE`` to an HTML folder built earlier to
run them in a minute instead of building the site first. Screenshots are
saved in ``artifacts/screenshots/`` for people to look at.
"""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import pytest
from PIL import Image

from browsing import VIEWPORT, assert_no_serious_violations, screenshot, watch
from digitkit_figures import dark_path
from sitebuild import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*/plot_*.py"))
#: Folders of the built site that hold assets, not pages.
ASSET_FOLDERS = {"_static", "_sources", "_downloads", "_images"}
#: The example page used for screenshots and the audit: figures, code, output.
SHOWCASE = "auto_examples/03_binary_classifier/plot_02_confusion_matrix.html"
#: Quick examples that a reader can run at home in seconds.
RUNNABLE = [
    "01_small_digits/plot_01_svc_digits",
    "01_small_digits/plot_02_four_step_pattern",
    "02_mnist_basics/plot_01_first_look",
]
NAVIGATION = ".bd-header a[href], .bd-sidebar-primary a[href], .bd-sidebar-secondary a[href]"
FIGURE_CLASSES = ("sphx-glr-single-img", "sphx-glr-multi-img")

pytestmark = [pytest.mark.browser, pytest.mark.docs]

# Make every image load now (none may wait for a scroll), then describe each.
DESCRIBE_IMAGES = """async () => {
  const images = Array.from(document.images);
  await Promise.all(images.map((img) => {
    img.loading = "eager";
    return img.decode().catch(() => null);
  }));
  return images.map((img) => ({
    src: img.getAttribute("src"), alt: img.getAttribute("alt"),
    width: img.naturalWidth, classes: img.className,
  }));
}"""


def _example_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def example_path(example: Path) -> str:
    """The page of an example, relative to the site root."""
    return f"auto_examples/{example.parent.name}/{example.stem}.html"


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the site, relative to its root, asset folders left out."""
    return sorted(
        path.relative_to(site).as_posix() for path in site.rglob("*.html")
        if path.relative_to(site).parts[0] not in ASSET_FOLDERS
    )


def fetch(url: str) -> tuple[int, bytes]:
    """GET ``url`` (on 127.0.0.1); return the HTTP status and the body."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def links_in(html: str, base_url: str, suffix: str) -> list[str]:
    """Absolute URLs of the links in ``html`` whose target ends with ``suffix``."""
    hrefs = re.findall(r'href="([^"#]*)"', html)
    return [urljoin(base_url, href) for href in hrefs if href.endswith(suffix)]


def code_lines(source: str) -> list[str]:
    """The lines of Python code in ``source``: no docstring, comments or blanks.

    Notebook magics (``%matplotlib``) are dropped too, so an example script
    and the code cells of its notebook compare equal when they hold the
    same code.
    """
    lines = [line for line in source.splitlines() if not line.lstrip().startswith("%")]
    body = ast.parse("\n".join(lines)).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        lines = lines[body[0].end_lineno:]
    return [line.rstrip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def file_name_words(src: str) -> str:
    """The alt text sphinx-gallery falls back to: the image's file name as words."""
    stem = Path(urlsplit(src).path).stem
    stem = re.sub(r"^sphx_glr_|_\d{3}$", "", stem)
    return re.sub(r"[-,_]", " ", stem)


def is_meaningful_alt(alt: str | None, src: str) -> bool:
    """Whether ``alt`` says something about the image, beyond its file name."""
    text = " ".join((alt or "").split()).lower()
    name = Path(urlsplit(src).path).name.lower()
    return (len(text) >= 3 and "sphx_glr" not in text
            and text not in {name, Path(name).stem, file_name_words(src).lower()})


def choose_theme(page, mode: str) -> None:
    """Pick ``mode`` ("light", "dark" or "auto") in the theme's colour-mode menu."""
    page.locator(".theme-switch-button:visible").first.click()
    page.locator(f".theme-change-button[data-mode='{mode}']:visible").first.click()


def html_theme(page) -> str:
    """The colour theme in force: the ``data-theme`` attribute of ``<html>``."""
    return page.evaluate("document.documentElement.dataset.theme")


# -- Every page, visited once --------------------------------------------------

@dataclass
class Visit:
    """What one page showed when it loaded."""

    problems: list[str]
    navigation: list[str]
    images: list[dict]


@pytest.fixture(scope="module")
def visits(browser, site, site_url) -> dict[str, Visit]:
    """Load every page of the site in turn; return what each showed, by path."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    watch(page)
    seen = {}
    for path in site_pages(site):
        page.forget_problems()
        page.goto(site_url + path, wait_until="load")
        images = page.evaluate(DESCRIBE_IMAGES)
        navigation = page.eval_on_selector_all(NAVIGATION, "links => links.map(a => a.href)")
        seen[path] = Visit(page.problems(), navigation, images)
    context.close()
    return seen


def test_every_page_loads_cleanly_and_offline(visits):
    assert {"index.html", "search.html", "api.html"} <= set(visits)
    assert len(visits) >= len(EXAMPLES) + 5
    troubled = {path: visit.problems for path, visit in visits.items() if visit.problems}
    assert not troubled, "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in troubled.items()
    )


def test_navigation_links_resolve(visits, site_url):
    # Links to other sites (the GitHub icon) cannot be followed offline.
    links = {url for visit in visits.values() for url in visit.navigation
             if url.startswith(site_url)}
    assert links, "no navigation links found"
    pages, broken = {}, []
    for url in sorted(links):
        address, _, fragment = url.partition("#")
        if address not in pages:
            status, body = fetch(address)
            pages[address] = (status, body.decode("utf-8", "replace"))
        status, text = pages[address]
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
        elif fragment and f'id="{unquote(fragment)}"' not in text:
            broken.append(f"{url}: no element with id {fragment!r}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_example_figures_load_and_are_described(visits, example):
    images = visits[example_path(example)].images
    figures = [image for image in images
               if any(name in image["classes"].split() for name in FIGURE_CLASSES)]
    assert figures, "the page shows no figure"
    unloaded = [image["src"] for image in images if image["width"] == 0]
    assert not unloaded, f"images that did not load: {unloaded}"
    undescribed = [(image["src"], image["alt"]) for image in figures
                   if not is_meaningful_alt(image["alt"], image["src"])]
    assert not undescribed, f"figures without a meaningful alt text: {undescribed}"


# -- Search, gallery, landing page ------------------------------------------

def test_search_finds_the_confusion_matrix_example(page, site_url):
    page.goto(site_url + "search.html?q=confusion")
    hit = page.locator("#search-results a[href*='plot_02_confusion_matrix.html']").first
    hit.wait_for(timeout=20_000)
    assert "confusion matrix" in hit.inner_text().lower()
    assert not page.problems()


def _example_links(page, selector: str) -> set[str]:
    """The examples that the links matching ``selector`` lead to, as part/stem."""
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.href)")
    return {"/".join(urlsplit(href).path.split("/")[-2:]).removesuffix(".html")
            for href in hrefs}


def _unloaded_images(page, selector: str) -> list[str]:
    """The sources of the images matching ``selector`` that did not load."""
    return page.locator(selector).evaluate_all(
        "images => images.filter(img => img.naturalWidth === 0).map(img => img.src)"
    )


def test_gallery_shows_a_thumbnail_per_example(page, site_url):
    page.goto(site_url + "auto_examples/index.html")
    page.evaluate(DESCRIBE_IMAGES)
    assert page.locator(".sphx-glr-thumbcontainer").count() == len(EXAMPLES)
    linked = _example_links(page, ".sphx-glr-thumbcontainer a.reference")
    assert linked == {_example_id(example) for example in EXAMPLES}
    assert not _unloaded_images(page, ".sphx-glr-thumbcontainer img")
    assert not page.problems()


def test_landing_page_maps_every_example(page, site, site_url):
    page.goto(site_url + "index.html")
    page.evaluate(DESCRIBE_IMAGES)
    # one group per part, in the chapter's order, each holding that part's examples
    groups = page.locator(".chapter-map-part").evaluate_all(
        "parts => parts.map(part => Array.from(part.querySelectorAll('.chapter-map-card a'),"
        " a => new URL(a.href).pathname.split('/').slice(-2, -1)[0]))"
    )
    assert [sorted(set(folders)) for folders in groups] == [
        [part] for part in sorted({example.parent.name for example in EXAMPLES})
    ]
    assert page.locator(".chapter-map-card").count() == len(EXAMPLES)
    linked = _example_links(page, ".chapter-map-card a")
    assert linked == {_example_id(example) for example in EXAMPLES}
    # one thumbnail a card, and its dark twin (shown in dark mode instead)
    assert page.locator(".chapter-map-card img:not(.only-dark)").count() == len(EXAMPLES)
    assert not _unloaded_images(page, ".chapter-map-card img")
    if (site / "draw.html").is_file():
        assert page.locator("article a[href='draw.html']").count() >= 1
    assert not page.problems()


# -- Light and dark --------------------------------------------------------------

def test_theme_switch_changes_the_colours(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url + SHOWCASE)
    assert html_theme(page) == "light"
    choose_theme(page, "dark")
    assert html_theme(page) == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    screenshot(page, "example-dark")
    choose_theme(page, "light")
    assert html_theme(page) == "light"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    assert not page.problems()


#: The file names of the images matching a selector that a reader sees (not hidden by the theme).
SEEN_IMAGES = """selector => Array.from(document.querySelectorAll(selector))
  .filter(img => img.checkVisibility())
  .map(img => img.getAttribute("src").split("/").pop())"""
FIGURES = "img.sphx-glr-single-img, img.sphx-glr-multi-img"


@pytest.mark.parametrize("path, images", [
    (SHOWCASE, FIGURES),
    ("auto_examples/index.html", ".sphx-glr-thumbcontainer img"),
    ("index.html", ".chapter-map-card img"),
])
def test_figures_and_thumbnails_follow_the_theme_switch_without_a_reload(page, site_url, path, images):
    # The dark twin of each figure (docs/sphinxext/digitkit_figures.py) shows in
    # dark mode instead of its light figure; a light-mode reader never fetches it.
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.emulate_media(color_scheme="light")
    page.goto(site_url + path, wait_until="networkidle")
    page.evaluate("window.digitkitSameDocument = true")
    light = page.evaluate(SEEN_IMAGES, images)
    assert light and not any(DARK_TWIN.search(name) for name in light)
    assert not [url for url in fetched if DARK_TWIN.search(url)], "dark twins fetched in light mode"
    choose_theme(page, "dark")
    dark = page.evaluate(SEEN_IMAGES, images)
    assert dark == [dark_path(name) for name in light]
    first_seen = (f"() => Array.from(document.querySelectorAll({images!r}))"
                  ".find(img => img.checkVisibility())")
    page.evaluate(f"({first_seen})().scrollIntoView()")  # a lazy twin loads once in view
    page.wait_for_function(f"() => {{ const img = ({first_seen})(); "
                           "return img.complete && img.naturalWidth > 0; }")
    screenshot(page, f"dark-twins-{Path(path).parent.name or 'landing'}-{Path(path).stem}")
    choose_theme(page, "light")
    assert page.evaluate(SEEN_IMAGES, images) == light
    assert page.evaluate("window.digitkitSameDocument") is True, "the page was loaded again"
    assert not page.problems()


#: A dark twin's file name (docs/sphinxext/digitkit_figures.py), its 2x version included.
DARK_TWIN = re.compile(r"_dark(?:_\d_\d\dx)?\.(?:png|webp)$")


def _is_figure(path: Path) -> bool:
    return re.fullmatch(r"sphx_glr_.+_\d{3}\.(?:png|webp)", path.name) is not None


def test_figures_are_opaque_for_dark_mode(site):
    # A transparent figure would put black axes and labels on a dark page.
    figures = sorted(path for path in (site / "_images").iterdir() if _is_figure(path))
    assert len(figures) >= len(EXAMPLES)
    see_through = []
    for path in figures:
        with Image.open(path) as image:
            if "A" in image.getbands() and image.getchannel("A").getextrema()[0] < 255:
                see_through.append(path.name)
    assert not see_through, f"figures with transparent pixels: {see_through}"


@pytest.mark.parametrize("name, path", [
    ("landing", "index.html"),
    ("gallery", "auto_examples/index.html"),
    ("example-light", SHOWCASE),
    ("api", "api.html"),
])
def test_screenshots(page, site_url, name, path):
    page.emulate_media(color_scheme="light")
    page.goto(site_url + path)
    page.evaluate(DESCRIBE_IMAGES)
    saved = screenshot(page, name)
    with Image.open(saved) as image:
        assert image.width == VIEWPORT["width"] and image.height >= VIEWPORT["height"] // 2
    assert not page.problems()


# -- Accessibility ------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["index.html", "auto_examples/index.html", SHOWCASE, "api.html"])
def test_no_serious_accessibility_violations(page, site_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    assert_no_serious_violations(page, f"{path} in {scheme} mode")


# -- Downloads -----------------------------------------------------------------

def downloads_of(site_url: str, example: Path) -> dict[str, str]:
    """The download URLs that an example's page offers, by suffix."""
    url = site_url + example_path(example)
    status, body = fetch(url)
    assert status == 200, url
    html = body.decode()
    found = {}
    for suffix in (".py", ".ipynb"):
        links = links_in(html, url, f"/{example.stem}{suffix}")
        assert links, f"no {suffix} download on {example_path(example)}"
        found[suffix] = links[0]
    return found


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_script_and_notebook_downloads_match_the_example(site_url, example):
    source_code = code_lines(example.read_text())
    links = downloads_of(site_url, example)

    status, script = fetch(links[".py"])
    assert status == 200 and 500 < len(script) < 1_000_000, (status, len(script))
    assert code_lines(script.decode()) == source_code

    status, notebook_bytes = fetch(links[".ipynb"])
    assert status == 200 and 1_000 < len(notebook_bytes) < 5_000_000, (status, len(notebook_bytes))
    notebook = nbformat.reads(notebook_bytes.decode(), as_version=4)
    nbformat.validate(notebook)
    cells = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert code_lines(cells) == source_code


def test_zips_of_all_examples(site_url):
    url = site_url + "auto_examples/index.html"
    html = fetch(url)[1].decode()
    for kind, suffix in (("python", ".py"), ("jupyter", ".ipynb")):
        links = links_in(html, url, f"_{kind}.zip")
        assert links, f"the gallery offers no {kind} zip"
        status, data = fetch(links[0])
        assert status == 200 and len(data) > 5_000, (status, len(data))
        names = {Path(name).name for name in zipfile.ZipFile(io.BytesIO(data)).namelist()}
        missing = [e.stem for e in EXAMPLES if e.stem + suffix not in names]
        assert not missing, f"{kind} zip lacks {missing}"


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment, less whatever could make Python find the source tree."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, **extra}


def test_downloaded_examples_run_in_a_fresh_environment(site_url, tmp_path, mnist_data):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The project as a reader installs it: not editable, from the registry
    # (pip's own cache keeps repeated runs quick).
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        capture_output=True, text=True, env=_clean_env(), timeout=1200,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]

    home = tmp_path / "home"
    home.mkdir()
    env = _clean_env(MPLBACKEND="Agg", DIGITKIT_DATA=str(mnist_data),
                     DIGITKIT_CACHE="off")
    where = subprocess.run([str(python), "-c", "import digitkit; print(digitkit.__file__)"],
                           capture_output=True, text=True, cwd=home, env=env, check=True)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    for example_id in RUNNABLE:
        example = ROOT / "examples" / f"{example_id}.py"
        status, script = fetch(downloads_of(site_url, example)[".py"])
        assert status == 200
        (home / example.name).write_bytes(script)
        run = subprocess.run([str(python), example.name], capture_output=True, text=True,
                             cwd=home, env=env, timeout=600)
        assert run.returncode == 0, f"{example.name} failed:\n{run.stderr[-3000:]}"
        assert run.stdout.strip(), f"{example.name} printed nothing"
