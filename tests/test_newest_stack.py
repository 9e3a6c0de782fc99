"""The quick examples, run as a reader would, on the newest releases.

``.ci/examples_on_newest.py`` installs the project in a fresh virtual
environment with the newest releases its requirements allow and runs every
example that took under a minute in the last full run of the script
(``.ci/examples-on-newest.json``), from an empty folder. Each must run
cleanly: exit code 0 and nothing on stderr, so no deprecation or other
warning a reader would see.
Differences from the printed output on the built page are reported by the
script, not failed on: newer releases may change the last digits.

Needs PyPI (skipped, with one line, when it cannot be reached) and the MNIST
files (the ``mnist_data`` fixture, passed on as ``DIGITKIT_DATA``); uses the
``site`` fixture for the pages to compare with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "examples_on_newest.py"
#: The last full run's results: its times (a reader's, on the newest releases)
#: choose the examples that take under a minute.
TIMES = ROOT / ".ci" / "examples-on-newest.json"
MAX_SECONDS = 60
MIN_SELECTED = 5
PYPI_PROBE = "https://pypi.org/simple/six/"

pytestmark = [pytest.mark.newest, pytest.mark.docs]


def pypi_unreachable() -> str | None:
    """Return why https://pypi.org cannot be reached, or None if it can.

    Asks PyPI itself, not pip: pip may also read local indexes, which would
    answer offline with releases that are not the newest.
    """
    try:
        with urllib.request.urlopen(PYPI_PROBE, timeout=10):
            return None
    except OSError as error:  # URLError, timeouts and HTTP errors are OSErrors
        return f"{PYPI_PROBE}: {error}"


def gallery_of(site: Path) -> Path:
    """Return the generated gallery (``auto_examples``) of the build that made ``site``.

    The ``site`` fixture builds ``<copy>/docs`` into ``<copy>/docs/_build/html``
    and sphinx-gallery writes the gallery to ``<copy>/docs/auto_examples``;
    ``make -C docs html`` does the same in the working tree. A site copied
    elsewhere (``DIGITKIT_SITE=artifacts/site``) falls back to the working
    tree's ``docs/auto_examples``.
    """
    for gallery in (site.parent.parent / "auto_examples", ROOT / "docs" / "auto_examples"):
        if any(gallery.glob("*/sg_execution_times.rst")):
            return gallery
    pytest.fail(f"no generated gallery with execution times for the site {site}: looked in "
                f"{site.parent.parent / 'auto_examples'} and {ROOT / 'docs' / 'auto_examples'}")


def test_quick_examples_run_cleanly_on_the_newest_releases(request, tmp_path_factory, mnist_data):
    reason = pypi_unreachable()
    if reason:
        pytest.skip(f"PyPI cannot be reached ({reason}): cannot install the newest releases")
    gallery = gallery_of(request.getfixturevalue("site"))
    work = tmp_path_factory.mktemp("newest")
    report = work / "results.json"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--max-seconds", str(MAX_SECONDS), "--times-from",
         str(TIMES), "--gallery", str(gallery), "--venv", str(work / "venv"), "--json", str(report)],
        check=False, capture_output=True, text=True,
        env={**os.environ, "DIGITKIT_DATA": str(mnist_data)},
    )
    output = f"{run.stdout}\n{run.stderr}".strip()
    assert report.is_file(), f"the script wrote no results (exit code {run.returncode}):\n{output}"
    results = json.loads(report.read_text())["results"]
    assert len(results) >= MIN_SELECTED, (
        f"only {len(results)} examples took under {MAX_SECONDS} s in {TIMES.name}:\n{output}")
    not_ok = {result["example"]: result["status"] for result in results if result["status"] != "ok"}
    assert not not_ok, f"not ok on the newest releases: {not_ok}\n{output}"
    assert run.returncode == 0, output
