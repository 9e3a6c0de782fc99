"""The exercises of MNIST basics, the binary classifier and multiclass parts.

Each of these parts ends with an exercises page whose solutions the build
runs. The first tests read the sources: each page has at least two
exercises, each exercise has exactly one "Solution" sub-section directly
under its heading (the build folds it until the reader asks), and the page
ends with a wrap-up. The last test pins the key numbers each solution prints
on the built page, like the published figures in ``test_docs_build.py``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT
from test_docs_build import _squeeze, printed_output

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
from digitkit_learning import EXERCISES_PREFIX, SOLUTION_TITLE  # noqa: E402

PARTS = ["02_mnist_basics", "03_binary_classifier", "04_multiclass"]


def exercises_source(part: str) -> Path:
    """``examples/03_binary_classifier/plot_90_exercises_binary_classifier.py`` for a part."""
    return ROOT / "examples" / part / f"{EXERCISES_PREFIX}_{part.split('_', 1)[1]}.py"


# The key numbers each solution prints, from a standalone run (every random
# state is fixed). Whitespace runs count as one space.
PINNED = {
    "02_mnist_basics/plot_90_exercises_mnist_basics": [
        # Exercise 1: the score to beat.
        "most common training digit: 1",
        "its share: 11.24% of the training set, 11.35% of the test set",
        "most_frequent: test accuracy 0.1135",
        "stratified: test accuracy 0.1001",
        "uniform: test accuracy 0.1022",
        "expected accuracy of stratified guessing: 0.1003",
        # Exercise 2: pixels that never see ink.
        "pixels blank in every training digit: 67 of 784",
        "test digits with ink on one of them: 1",
        "pixels blank in all 70,000 digits: 65",
        # Exercise 3: the nearest average digit.
        "nearest-average test accuracy: 0.8203",
        "digit 5: 68.6% recognised",
        "least recognised digit: 5",
    ],
    "03_binary_classifier/plot_90_exercises_binary_classifier": [
        # Exercise 1: a 7-detector at 95% precision.
        "7s among the first 20,000 digits: 2093 (10.5%)",
        "90% precision: threshold 37634.72, precision 0.9002, recall 0.7969",
        "95% precision: threshold 83844.66, precision 0.9502, recall 0.5647",
        # Exercise 2: ROC AUC and average precision, skewed and balanced.
        "all digits: 10.5% 7s, ROC AUC 0.9863, average precision 0.9192",
        "balanced: 50.0% 7s, ROC AUC 0.9866, average precision 0.9863",
        "balanced, threshold 83844.66: precision 0.9924, recall 0.5647",
    ],
    "04_multiclass/plot_90_exercises_multiclass": [
        # Exercise 1: the SVC's confusion matrix, read four ways (an SVC since
        # issue #22: part 4 teaches it, while nearest neighbours come later).
        "cross-validated accuracy: 0.9552",
        "row diagonal equals recall_score: True",
        "column diagonal equals precision_score: True",
        "digit 2: recall 94.9%, precision 93.9%",
        "digit 8: recall 92.1%, precision 95.9%",
        "lowest recall: 8, lowest precision: 2",
        "errors: 448, largest cell: 24 4s taken for 9s",
        "most common wrong answers: [2, 9] (14%, 13% of the errors)",
        # Exercise 2: one-versus-one against one-versus-rest.
        "one-versus-one accuracy: 0.9560",
        "one-versus-rest accuracy: 0.9560",
        "same answer: 97.30% of the digits",
        "training digits per duel: 400 on average, at most 444",
        "pairs of training digits: 7.2 million in the duels, 40.0 million in the detectors",
        "support vectors, one-versus-one: 1232",
        "support vectors, one-versus-rest: 3102",
    ],
}

HEADING_UNDERLINE = re.compile(r"# ([-~=])\1{2,}")


def headings(source: str) -> list[tuple[str, str, int, int]]:
    """The reST headings of an example's text: ``(underline character, title, cell, line)``.

    Cells are counted by their ``# %%`` separators (0 is the docstring).
    """
    found, cell = [], 0
    lines = source.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("# %%"):
            cell += 1
        elif HEADING_UNDERLINE.fullmatch(line) and number and lines[number - 1].startswith("# "):
            title = lines[number - 1][2:]
            assert len(line) >= len(lines[number - 1]), f"underline shorter than {title!r}"
            found.append((line[2], title, cell, number))
    return found


def test_headings_are_read_with_their_cells():
    source = ('"""Doc"""\n# %%\n# Setup\n# -----\nx = 1\n# %%\n# Exercise 1: a\n# -------------\n#\n'
              "# The task.\n#\n# Solution\n# ~~~~~~~~\nx = 2\n")
    assert headings(source) == [("-", "Setup", 1, 3), ("-", "Exercise 1: a", 2, 7),
                                ("~", "Solution", 2, 12)]
    with pytest.raises(AssertionError, match="underline shorter"):
        headings("# %%\n# A long title\n# ---\n")


@pytest.mark.parametrize("part", PARTS)
def test_exercises_page_has_exercises_each_with_one_solution(part):
    path = exercises_source(part)
    assert path.is_file(), f"{part} has no exercises page {path.name}"
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    title = ast.get_docstring(ast.parse(source)).splitlines()[0]
    assert title.startswith("Exercises: "), title

    found = headings(source)
    sections = [(title, cell, line) for char, title, cell, line in found if char == "-"]
    names = [title for title, _, _ in sections]
    assert names[0] == "Setup" and names[-1] == "Wrap-up", names
    exercises = names[1:-1]
    assert len(exercises) >= 2, f"{path.name}: {len(exercises)} exercises"
    for number, name in enumerate(exercises, 1):
        assert re.fullmatch(rf"Exercise {number}: \S.*", name), name

    for (name, cell, start), (_, _, end) in zip(sections[1:-1], sections[2:], strict=True):
        subsections = [(title, sub_cell, line) for char, title, sub_cell, line in found
                       if char == "~" and start < line < end]
        assert [title for title, _, _ in subsections] == [SOLUTION_TITLE], (name, subsections)
        _, solution_cell, solution_line = subsections[0]
        assert solution_cell == cell, f"{name}: the solution must open in the exercise's cell"
        task = "\n".join(lines[start + 1:solution_line - 1])
        assert ":ref:`" in task, f"{name}: link the task to the example that showed the idea"
        code = [line for line in lines[solution_line + 1:end - 1]
                if line.strip() and not line.startswith("#")]
        assert code, f"{name}: the solution runs no code"
    assert not [heading for heading in found if heading[0] == "~" and heading[3] < sections[1][2]]

    wrap_up = "\n".join(lines[sections[-1][2] + 1:])
    points = re.findall(r"^# - ", wrap_up, flags=re.M)
    assert 3 <= len(points) <= 4, f"{path.name}: the wrap-up lists {len(points)} points"
    assert wrap_up.count(":ref:`") >= 3, f"{path.name}: link the wrap-up to the examples"
    assert re.search(r"^# sphinx_gallery_thumbnail_number = \d+$", source, flags=re.M)


def test_every_exercises_page_of_these_parts_is_pinned():
    assert sorted(PINNED) == sorted(f"{part}/{exercises_source(part).stem}" for part in PARTS)


@pytest.mark.parametrize("example_id", sorted(PINNED))
def test_solutions_print_their_pinned_numbers(site, example_id):
    folder, stem = example_id.split("/")
    output = _squeeze(printed_output(site / "auto_examples" / folder / f"{stem}.html"))
    for expected in PINNED[example_id]:
        assert _squeeze(expected) in output, expected
