"""Helpers for tests that build the site (or a small gallery) in a temp folder, or read it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("_build", "auto_examples", "generated", "gen_modules", "sg_execution_times.rst")


def copy_docs(work: Path) -> Path:
    """Copy ``docs/`` without generated files into ``work``; return the copy."""
    shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    return work / "docs"


def run_sphinx(docs: Path, out: Path, **kwargs) -> subprocess.CompletedProcess:
    """Build ``docs``, with a small gallery of a few examples, into ``out``; warnings are errors.

    Links to the examples and parts left out of the small gallery (from the
    interactive pages, or a part's "read first") cannot resolve there, so
    those warnings alone (``ref.ref``) are silenced; the full build, which
    has every example, keeps them as errors.
    """
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-D", "suppress_warnings=ref.ref",
         "-b", "html", str(docs), str(out)],
        cwd=docs, **kwargs,
    )


def printed_output(page: Path) -> str:
    """All the text an example printed, as shown on its page."""
    text = page.read_text()
    blocks = re.findall(r'<div class="sphx-glr-script-out[^"]*">.*?<pre>(.*?)</pre>', text, re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)


def squeeze(text: str) -> str:
    """``text`` with every run of whitespace made one space, to compare printed lines."""
    return " ".join(text.split())


def exercises_source(part: str) -> Path:
    """``examples/03_binary_classifier/plot_90_exercises_binary_classifier.py`` for a part."""
    return ROOT / "examples" / part / f"plot_90_exercises_{part.split('_', 1)[1]}.py"


def lines_not_printed(site: Path, example_id: str, expected: list[str]) -> list[str]:
    """Which of the ``expected`` lines the page of ``example_id`` ("part/stem") does not print."""
    folder, stem = example_id.split("/")
    output = squeeze(printed_output(site / "auto_examples" / folder / f"{stem}.html"))
    return [line for line in expected if squeeze(line) not in output]
