"""Fixtures shared by the tests.

- ``tiny_mnist``, ``http_server``: tiny MNIST-like files and a local HTTP
  server whose answers each test sets, for the loader's unit tests;
- ``site``, ``site_url``: the whole site, built once per session, and the
  same site served on 127.0.0.1;
- ``browser``, ``page``: Debian's Chromium driven by Playwright, and a fresh
  page that records every console error, page error, failed request and
  request leaving 127.0.0.1 (see ``page`` for the names of its records).

The tests never touch the real data (except those marked ``realdata`` and the
site build) and never leave 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from browsing import CHROMIUM, VIEWPORT, launch_chromium, missing_chromium_message, watch
from digitkit import datasets
from digitkit.cache import CACHE_ENV_VAR
from digitkit_gallery import ProcessTreeSampler
from fakes import TINY_TEST, TINY_TRAIN, MisbehavingHandler, TinyMNIST
from sitebuild import ROOT, copy_docs

ARTIFACTS = ROOT / "artifacts"

@pytest.fixture
def tiny_mnist(tmp_path, monkeypatch):
    """Tiny MNIST files, with digitkit.datasets patched to expect them."""
    tiny = TinyMNIST(tmp_path / "tiny-source")
    monkeypatch.setattr(datasets, "MNIST_FILES", tiny.hashes)
    monkeypatch.setattr(datasets, "N_TRAIN", TINY_TRAIN)
    monkeypatch.setattr(datasets, "N_TEST", TINY_TEST)
    monkeypatch.delenv(datasets.DATA_ENV_VAR, raising=False)
    # Parsed files go to digitkit's cache: keep the tests' out of the user's.
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "digitkit-cache"))
    monkeypatch.setattr(datasets, "_parsed_cache", None)
    return tiny


@pytest.fixture
def http_server():
    """An HTTP server on 127.0.0.1 whose routes each test sets."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), MisbehavingHandler)
    server.routes, server.requests = {}, []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@functools.cache
def _find_mnist() -> tuple[Path | None, str]:
    """The folder of the real MNIST files, found as the examples find it, or why there is none."""
    try:
        datasets.fetch_mnist()  # data_home, DIGITKIT_DATA, ~/scikit_learn_data/mnist, download
    except Exception as error:  # any reason at all: say it in one line
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip(":")
        return None, (f"no MNIST data ({first_line}); connect to the internet so that "
                      f"fetch_mnist() can download it, or set {datasets.DATA_ENV_VAR} to a "
                      "folder holding the four MNIST files")
    return datasets.get_data_home(), ""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark ``docs`` every test that needs the built site, directly or through a fixture."""
    for item in items:
        if "site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.docs)


@pytest.fixture(scope="session")
def mnist_data() -> Path:
    """The folder holding the real MNIST files, as ``fetch_mnist()`` finds (or downloads) them.

    Skipped, with one line saying how to fix it, only when the data cannot
    be had: not in ``DIGITKIT_DATA``, not in the default data home, and no
    download possible.
    """
    folder, reason = _find_mnist()
    if folder is None:
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory, mnist_data):
    """The whole site, built once per session; return its HTML folder.

    The build runs from scratch on a copy of ``docs/`` and ``examples/`` in a
    temporary folder (the working tree is untouched), with warnings as
    errors. The built site and the build log are kept as
    ``artifacts/site`` and ``artifacts/docs-build.log``.

    Skipped only when the MNIST files cannot be had (see ``mnist_data``);
    the build reads them from the folder ``fetch_mnist()`` found. For
    development, set ``DIGITKIT_SITE`` to an HTML folder built
    earlier (``docs/_build/html``, ``artifacts/site``): the fixture then
    returns that folder at once instead of building.
    """
    prebuilt = os.environ.get("DIGITKIT_SITE")
    if prebuilt:
        folder = Path(prebuilt).resolve()
        if not (folder / "index.html").is_file():
            pytest.fail(f"DIGITKIT_SITE={prebuilt} is not a built site: it has no index.html")
        return folder
    work = tmp_path_factory.mktemp("site")
    copy_docs(work)
    shutil.copytree(ROOT / "examples", work / "examples")
    out = work / "docs" / "_build" / "html"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "docs-build.log"
    before, start = os.times(), time.perf_counter()
    with open(log_path, "w") as log:
        build = subprocess.Popen(
            [sys.executable, "-m", "sphinx", "-W", "--keep-going", "--no-color", "-b", "html",
             str(work / "docs"), str(out)],
            stdout=log, stderr=subprocess.STDOUT, cwd=work / "docs",
            env={**os.environ, datasets.DATA_ENV_VAR: str(mnist_data)},
        )
        sampler = ProcessTreeSampler(psutil.Process(build.pid), interval=0.5)
        sampler.start()
        build.wait()
        peak, _, _ = sampler.stop()
    _record_build(before, time.perf_counter() - start, peak)
    result = build
    log_text = log_path.read_text()
    assert result.returncode == 0, f"sphinx build failed; see {log_path}:\n{log_text[-6000:]}"
    shutil.rmtree(ARTIFACTS / "site", ignore_errors=True)
    shutil.copytree(out, ARTIFACTS / "site")
    return out


def _record_build(before, wall, peak):
    """Write the site build's wall time, CPU time and peak memory to ``artifacts/docs-build-times.json``.

    A record of what this run measured (as ``benchmarks/bench_build.py``
    measures a clean build), not a check: times are not asserted.
    """
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    cores = len(os.sched_getaffinity(0))
    (ARTIFACTS / "docs-build-times.json").write_text(json.dumps({
        "wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "cores": cores,
        "wall_over_floor": round(wall / (cpu / cores), 3), "peak_pss_mib": round(peak / 2**20),
    }, indent=2))


class QuietFileHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from a folder without logging every request to stderr."""

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site):
    """Serve ``site`` on 127.0.0.1 (a free port); yield its base URL, ending in "/"."""
    handler = functools.partial(QuietFileHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (``/usr/bin/chromium``), headless, driven by Playwright.

    Fails, rather than skips, when Chromium or Playwright is missing: CI
    installs both, and a browser test that silently did not run proves
    nothing.
    """
    if not CHROMIUM.is_file():
        pytest.fail(missing_chromium_message())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page (own context, 1280x900) that records what goes wrong.

    Besides the usual Playwright ``Page`` API it has these records, all lists
    of strings (see ``browsing.watch``):

    - ``page.console_errors``: messages logged with ``console.error``;
    - ``page.page_errors``: uncaught JavaScript exceptions;
    - ``page.failed_requests``: requests that failed or got HTTP >= 400;
    - ``page.external_requests``: requests to a host other than 127.0.0.1,
      which are aborted and never reach the network;
    - ``page.problems()``: all four, labelled, so a test can write
      ``assert not page.problems()``; ``page.forget_problems()`` clears them.
    """
    context = browser.new_context(viewport=VIEWPORT)
    new_page = context.new_page()
    watch(new_page)
    yield new_page
    context.close()
