"""The site build as a test: every example runs, with warnings as errors.

The build runs once per test session, from scratch, on a copy of ``docs/``
and ``examples/`` in a temporary folder (so the working tree is untouched).
The built site and the build log are kept under ``artifacts/`` for people
and for the browser tests.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*/plot_*.py"))
ARTIFACTS = ROOT / "artifacts"

pytestmark = [
    pytest.mark.docs,
    pytest.mark.skipif(
        not os.environ.get("DIGITKIT_DATA"),
        reason="set DIGITKIT_DATA to a folder with the MNIST files to build the site",
    ),
]


def _example_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Build the site from scratch; return the HTML folder."""
    work = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "docs", work / "docs",
                    ignore=shutil.ignore_patterns("_build", "auto_examples", "generated", "gen_modules"))
    shutil.copytree(ROOT / "examples", work / "examples")
    out = work / "docs" / "_build" / "html"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "docs-build.log"
    with open(log_path, "w") as log:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html",
             str(work / "docs"), str(out)],
            stdout=log, stderr=subprocess.STDOUT, cwd=work / "docs",
        )
    log_text = log_path.read_text()
    assert result.returncode == 0, f"sphinx build failed; see {log_path}:\n{log_text[-6000:]}"
    shutil.rmtree(ARTIFACTS / "site", ignore_errors=True)
    shutil.copytree(out, ARTIFACTS / "site")
    return out


def example_page(site: Path, example: Path) -> Path:
    return site / "auto_examples" / example.parent.name / f"{example.stem}.html"


def printed_output(page: Path) -> str:
    """All the text an example printed, as shown on its page."""
    text = page.read_text()
    blocks = re.findall(r'<div class="sphx-glr-script-out[^"]*">.*?<pre>(.*?)</pre>', text, re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)


def test_landing_and_reference_pages(site):
    for page in ["index.html", "auto_examples/index.html", "api.html", "developers.html",
                 "sg_execution_times.html", "search.html",
                 "generated/digitkit.datasets.fetch_mnist.html"]:
        assert (site / page).is_file(), page


def test_gallery_index_links_every_example(site):
    index = (site / "auto_examples" / "index.html").read_text()
    for example in EXAMPLES:
        assert f"{example.parent.name}/{example.stem}.html" in index, example.name


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_example_page_has_figures_output_and_downloads(site, example):
    page = example_page(site, example)
    text = page.read_text()
    images = re.findall(r'<img [^>]*src="([^"]*sphx_glr_[^"]*\.png)"', text)
    assert images, f"{page.name} shows no figure"
    for src in images:
        assert (page.parent / src).resolve().is_file(), src
    assert printed_output(page).strip(), f"{page.name} prints nothing"
    for suffix in (".py", ".ipynb"):
        links = re.findall(rf'href="([^"]*{re.escape(example.stem + suffix)})"', text)
        assert links, f"no {suffix} download on {page.name}"
        assert (page.parent / html.unescape(links[0])).resolve().is_file()
    assert "Traceback" not in text


def test_zip_downloads_of_all_examples(site):
    zips = sorted(p.name for p in (site / "_downloads").rglob("*.zip"))
    assert any(name.endswith("_python.zip") for name in zips), zips
    assert any(name.endswith("_jupyter.zip") for name in zips), zips


def test_api_pages_link_back_to_examples(site):
    page = (site / "generated" / "digitkit.datasets.fetch_mnist.html").read_text()
    assert "Examples using" in page and "plot_01_first_look.html" in page


def test_computation_times_cover_every_example(site):
    page = (site / "sg_execution_times.html").read_text()
    for example in EXAMPLES:
        assert example.stem in page


# The numbers each example must print: the published results of the chapter.
# Whitespace runs count as one space. A test fails as soon as one example
# stops reproducing them.
PUBLISHED = {
    "01_small_digits/plot_01_svc_digits": [
        "accuracy 0.97 899",
        "accuracy: 0.9689 on 899 test digits",
    ],
    "02_mnist_basics/plot_01_first_look": [
        "data: (70000, 784), target: (70000,)",
        "label of the first digit: 5",
        "digit 5:  5421 training,  892 test",
    ],
}


def _squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("example_id", sorted(PUBLISHED))
def test_published_results_reproduce(site, example_id):
    folder, stem = example_id.split("/")
    output = _squeeze(printed_output(site / "auto_examples" / folder / f"{stem}.html"))
    for expected in PUBLISHED[example_id]:
        assert _squeeze(expected) in output, expected
