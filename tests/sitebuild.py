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


def one_part_gallery(work: Path, examples: dict[str, str]) -> Path:
    """Copy ``docs/`` into ``work`` with a gallery of one part holding ``examples``; return the docs.

    ``examples`` maps file names (``plot_a.py``) to their source.
    """
    return gallery_of_parts(work, {"01_part": examples})


def gallery_of_parts(work: Path, parts: dict[str, dict[str, str]]) -> Path:
    """Copy ``docs/`` into ``work`` with a gallery of ``parts``; return the docs.

    ``parts`` maps part folder names (``01_part``) to their examples, each a
    mapping of file names (``plot_a.py``) to sources.
    """
    docs = copy_docs(work)
    (work / "examples").mkdir()
    (work / "examples" / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    for folder, examples in parts.items():
        part = work / "examples" / folder
        part.mkdir()
        (part / "GALLERY_HEADER.rst").write_text(f"Part {folder}\n{'-' * (5 + len(folder))}\n")
        for name, source in examples.items():
            (part / name).write_text(source)
    return docs


def run_sphinx(docs: Path, out: Path, **kwargs) -> subprocess.CompletedProcess:
    """Build ``docs``, with a small gallery of a few examples, into ``out``; warnings are errors.

    Links to the examples and parts left out of the small gallery (from the
    interactive pages, or a part's "read first") cannot resolve there, so
    those warnings alone (``ref.ref``) are silenced; the full build, which
    has every example, keeps them as errors.
    """
    return subprocess.run(
        # No colour: a CI runner may set FORCE_COLOR, and tests read this output.
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "--no-color",
         "-D", "suppress_warnings=ref.ref", "-b", "html", str(docs), str(out)],
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


#: A measured duration as the examples print it: a number, a space, a unit ("1.6 s", "4.7 min");
#: "5s" (the digit five, plural) has no space and is no duration.
_DURATION = re.compile(r"\d[\d,.]*\s+(?:ms|s|min|minutes?|seconds?)\b")


def results_printed(page: Path) -> list[str]:
    """The lines an example printed, with every measured duration masked.

    What a rebuild must reproduce exactly is the results, not how long they
    took: a duration in a line ("training time: 4 s" becomes "training time:
    <duration>") and the values under a table column headed ``(s)`` (the
    leaderboard's ``fit (s)``, masked with ``#``) are masked; the rest of the
    line is kept. A table's rows are the lines as wide as its header (its
    columns are right-aligned).
    """
    masked, header, columns = [], "", []
    for line in printed_output(page).splitlines():
        if "(s)" in line:
            header = line.rstrip()
            columns = [match.span() for match in re.finditer(r"\S+ \(s\)", header)]
        elif columns and len(line.rstrip()) == len(header):
            for start, end in columns:
                line = line[:start] + "#" * (end - start) + line[end:]
        else:
            columns = []
        masked.append(_DURATION.sub("<duration>", line))
    return masked


def figure_count(page: Path) -> int:
    """How many figures an example's page shows."""
    return len(set(re.findall(r"images/sphx_glr_\w+?_\d{3}\.(?:png|webp)", page.read_text())))
