"""Helpers for the tests of the exercise versions: make them, run them, fill in the solutions."""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from sitebuild import ROOT, exercises_source

#: The parts whose exercises run in a few seconds: the unit tests run their
#: exercise versions (the docs tests run every part's, from the built site).
FAST_PARTS = ("02_mnist_basics", "03_binary_classifier", "08_draw_a_digit")


def gallery_conf() -> dict:
    """sphinx-gallery's configuration with the defaults the notebooks need."""
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

    return {**copy.deepcopy(DEFAULT_GALLERY_CONF), "pypandoc": False}


def make_exercise_files(part: str, folder: Path):
    """Run a part's exercises page as the build does; write its exercise version into ``folder``.

    Returns ``(answers, page, notebook, script)``: the recorded answers, the
    page read into its parts, and the paths of the two files.
    """
    import digitkit_exercises as exercises

    source = exercises_source(part)
    answers = exercises.run_and_record(source)
    notebook, script = exercises.write_exercise_files(source, folder, answers, gallery_conf())
    return answers, exercises.read_exercises_page(source), notebook, script


def run_notebook(notebook: dict, folder: Path, timeout: int = 600) -> dict:
    """Run a notebook top to bottom in a fresh kernel (cwd ``folder``); an error raises."""
    notebook = nbformat.reads(json.dumps(notebook), as_version=4)  # sources as one string
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env_path]))
    try:
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}})
        client.execute()
    finally:
        os.environ["PYTHONPATH"] = env_path
    return notebook


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text())


def tagged_cells(notebook: dict, kind: str) -> dict[int, dict]:
    """The cells tagged ``exercise-N-<kind>`` (``start`` or ``check``), by exercise number."""
    cells = {}
    for cell in notebook["cells"]:
        for tag in cell.get("metadata", {}).get("tags", []):
            if found := re.fullmatch(rf"exercise-(\d+)-{kind}", tag):
                cells[int(found.group(1))] = cell
    return cells


def fill_in_solutions(notebook: dict, page) -> dict:
    """The notebook with each starting cell replaced by its exercise's solution code."""
    filled = copy.deepcopy(notebook)
    for number, cell in tagged_cells(filled, "start").items():
        cell["source"] = page.solution_code(number)
    return filled


def check_messages(notebook: dict) -> dict[int, list[str]]:
    """What each check cell of a run notebook printed, line by line."""
    messages = {}
    for number, cell in tagged_cells(notebook, "check").items():
        text = "".join("".join(output.get("text", "")) for output in cell.get("outputs", [])
                       if output.get("output_type") == "stream")
        messages[number] = text.splitlines()
    return messages


def answers_in_notebook(notebook: dict) -> dict:
    """The expected answers an exercise notebook carries (decoded from its checks cell)."""
    from digitkit.exercises import decode_answers

    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if "ExerciseChecks(" in source:
            return decode_answers("".join(re.findall(r'^\s+"([A-Za-z0-9+/=]+)"$', source, re.M)))
    raise AssertionError("the notebook creates no ExerciseChecks")
