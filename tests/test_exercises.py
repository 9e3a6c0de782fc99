"""The exercises pages that close every part from MNIST basics on.

The first tests read the sources: each page has at least two exercises, each
exercise has exactly one "Solution" sub-section directly under its heading
(the build folds it until the reader asks), and the page ends with the
part's quiz and a wrap-up. The last ones check, on the built site, that every solution prints
the key numbers pinned in ``pinned.py``.
"""

from __future__ import annotations

import ast
import re
import sys

import pytest

from pinned import EXERCISE_ANSWERS
from sitebuild import ROOT, exercises_source, lines_not_printed, printed_output

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
from digitkit_quiz import QUIZ_TITLE  # noqa: E402

from digitkit_learning import SOLUTION_TITLE  # noqa: E402

PARTS = sorted(path.parent.name for path in (ROOT / "examples").glob("*/plot_90_exercises_*.py"))
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
    # The part's quiz sits between the last exercise and the wrap-up (tests/test_quiz.py).
    assert names.index(QUIZ_TITLE) == len(names) - 2, f"{path.name}: the quiz right before the wrap-up"
    del sections[-2], names[-2]
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


def test_every_exercises_page_is_pinned():
    assert PARTS[0] == "02_mnist_basics" and len(PARTS) >= 7, PARTS
    assert sorted(EXERCISE_ANSWERS) == sorted(f"{part}/{exercises_source(part).stem}" for part in PARTS)


@pytest.mark.parametrize("example_id", sorted(EXERCISE_ANSWERS))
def test_solutions_print_their_pinned_numbers(site, example_id):
    assert lines_not_printed(site, example_id, EXERCISE_ANSWERS[example_id]) == []


def test_the_float32_twin_agrees_to_float32_rounding(site):
    """A few millionths: float32 keeps about seven digits, and the sums' order moves the last one."""
    page = site / "auto_examples" / "08_draw_a_digit" / "plot_90_exercises_draw_a_digit.html"
    found = re.search(r"float32 weights: largest difference in probability ([\d.e+-]+), "
                      r"predictions changed: (\d+)", printed_output(page))
    assert found, "the draw exercises no longer print the float32 comparison"
    assert float(found.group(1)) < 1e-5 and found.group(2) == "0"
