"""The exercise version of each exercises page, and the checks it runs.

From each page's source the build makes an exercise notebook and script:
the solutions replaced by starting cells and checks
(``docs/sphinxext/digitkit_exercises.py``, :mod:`digitkit.exercises`).
These tests prove that

- the checks say right, say what is off, name typical mistakes, and never
  print an expected value;
- every exercise of every page declares a check (or what to look at), each
  checked answer with at least one typical mistake or a tolerance the test
  steps out of;
- for the fast parts (``FAST_PARTS``), the exercise notebook runs top to
  bottom before a line is filled in, and with the solution's own lines
  written into its blanks every check says right; every check accepts the
  solution's answer and rejects each declared mistake (the docs tests do
  the same for every part, with the notebooks the full build made).
"""

from __future__ import annotations

import json
import re
import zipfile

import digitkit_exercises  # noqa: I001 (the build's module, from docs/sphinxext)
import pytest
from exercise_runs import (
    FAST_PARTS,
    answers_in_notebook,
    check_messages,
    fill_in_solutions,
    make_exercise_files,
    read_notebook,
    run_notebook,
    tagged_cells,
)

from digitkit.exercises import ExerciseChecks, decode_answers, encode_answers
from sitebuild import ROOT, exercises_source

PARTS = sorted(path.parent.name for path in (ROOT / "examples").glob("*/plot_90_exercises_*.py"))


# -- The checks ------------------------------------------------------------------

ANSWERS = {
    "1": {"checks": {"threshold": {"value": 83844.66, "rtol": 0.8, "atol": 0.0},
                     "recall": {"value": 0.5647, "rtol": 0.0, "atol": 0.25}},
          "wrong": {"recall": [{"value": 0.7969, "message": "the recall at 90% precision"}]}},
    "2": {"checks": {"auc": {"value": {"all": 0.9863, "balanced": 0.9866}, "atol": 0.005},
                     "shape": {"value": [60000, 784]}, "digit": {"value": 5}}},
}


@pytest.fixture
def checks():
    return ExerciseChecks("binary_classifier", encode_answers(ANSWERS))


def test_right_answers_and_answers_within_the_tolerance_are_right(checks):
    verdicts = checks.verdicts(1, threshold=83844.66, recall=0.5647)
    assert verdicts == {"threshold": (True, "right"), "recall": (True, "right")}
    # the newest scikit-learn's numbers (the page's version note) pass too
    assert all(right for right, _ in checks.verdicts(1, threshold=19920.50, recall=0.7907).values())


def test_a_typical_mistake_is_named_even_inside_the_tolerance(checks):
    assert checks.verdicts(1, threshold=83844.66, recall=0.7969)["recall"] == (
        False, "not right: the recall at 90% precision")


def test_what_is_off_is_said_without_the_answer(checks, capsys):
    checks.check(1, threshold=10.0, recall=0.95)
    checks.check(2, auc={"all": 0.5, "balanced": 0.9866}, shape=(784, 60000), digit=3.0)
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "exercise 1, threshold: not right: too small.",
        "exercise 1, recall: not right: too large.",
        "exercise 2, auc: not right: 'all': too small.",
        "exercise 2, shape: not right: 2 of the 2 values are off.",
        "exercise 2, digit: not right: too small.",
    ]
    for value in ("83844", "0.5647", "0.9863", "60000"):
        assert value not in out


def test_answers_not_written_yet_and_odd_types_are_said_plainly(checks):
    verdicts = checks.verdicts(2, auc=..., shape=[60000], digit="five")
    assert verdicts["auc"] == (False, "not answered yet (it is still ...)")
    assert verdicts["shape"] == (False, "not right: expected 2 values, got 1")
    assert verdicts["digit"] == (False, "not right: expected a number, got a str")
    assert checks.verdicts(2, auc={"all": 1}, shape=None, digit=object())["auc"][1] == (
        "not right: expected the keys ['all', 'balanced'], got ['all']")


def test_bad_calls_get_clear_errors(checks):
    with pytest.raises(ValueError, match="no checked exercise 3"):
        checks.check(3, x=1)
    with pytest.raises(TypeError, match="does not check recal"):
        checks.check(1, recal=0.5)
    with pytest.raises(TypeError, match="encoded string"):
        ExerciseChecks("binary_classifier", ANSWERS)
    with pytest.raises(ValueError, match="download the notebook again"):
        ExerciseChecks("binary_classifier", "not the answers")


def test_answers_travel_encoded_not_in_plain_sight():
    text = encode_answers(ANSWERS)
    assert "0.5647" not in text and "recall" not in text
    assert decode_answers(text) == ANSWERS


# -- The declared checks of every page -----------------------------------------------

def test_a_check_block_is_read_and_bad_ones_are_refused():
    code = ("# sphinx_gallery_start_ignore\n# check exercise 1\n#   look: the curve's shape\n"
            "# sphinx_gallery_end_ignore\n")
    spec, = digitkit_exercises.parse_specs(code)
    assert (spec.number, spec.checks, spec.look) == (1, {}, "the curve's shape")
    for bad in ("#   x y z!\n", "#   y wrong 1 -- unchecked\n"):
        with pytest.raises(ValueError, match="check exercise 1"):
            digitkit_exercises.parse_specs(code.replace("#   look: the curve's shape\n", bad))


def test_an_exercise_without_a_single_answer_says_what_to_look_at(tmp_path):
    source = tmp_path / "plot_90_exercises_demo.py"
    source.write_text(
        '"""\nExercises: demo\n===============\n\nIntro.\n"""\n\n# %%\n# Setup\n# -----\nx = 1\n\n'
        "# %%\n# Exercise 1: Look\n# ----------------\n#\n# What do you see?\n#\n"
        "# Solution\n# ~~~~~~~~\n#\n# This.\ny = x + 1\n# sphinx_gallery_start_ignore\n"
        "# check exercise 1\n#   look: Look at whether the curve\n#       bends.\n"
        "# sphinx_gallery_end_ignore\n\n"
        "# %%\n# Wrap-up\n# -------\n#\n# - y is 2.\n")
    script = digitkit_exercises.exercise_script(digitkit_exercises.exercise_blocks(source, {}))
    text = " ".join(line.lstrip("# ") for line in script.splitlines())
    assert "This exercise has no single right answer to check. Look at whether the curve bends." in text
    assert "y = x + 1" not in script and "y is 2" not in script and "x = 1" in script


def test_a_mistake_equal_to_the_answer_fails_the_build():
    spec, = digitkit_exercises.parse_specs(
        "# sphinx_gallery_start_ignore\n# check exercise 1\n#   x\n#   x wrong y -- same\n"
        "# sphinx_gallery_end_ignore\n")
    assert digitkit_exercises.evaluate_spec(spec, {"x": 1, "y": 2})["wrong"]["x"][0]["value"] == 2
    with pytest.raises(ValueError, match="gives the right x"):
        digitkit_exercises.evaluate_spec(spec, {"x": 1, "y": 1.0})


@pytest.mark.parametrize("part", PARTS)
def test_every_exercise_declares_a_check_in_its_solution(part):
    page = digitkit_exercises.read_exercises_page(exercises_source(part))
    assert page.questions and sorted(page.specs) == sorted(page.questions), part
    for number, spec in page.specs.items():
        assert spec.checks or spec.look, (part, number)
        assert "Solution" not in page.questions[number].content
        code = page.solution_code(number)
        assert "sphinx_gallery" not in code
        for name in spec.checks:  # the solution binds every checked name: filling it in passes
            assert re.search(rf"^\s*(?:\w+, )*{name}(?:, \w+)* =|^\s*{name}\[", code, re.M), (
                part, number, name)


@pytest.mark.parametrize("part", PARTS)
def test_the_exercise_version_keeps_the_setup_and_drops_solutions_and_wrap_up(part):
    source = exercises_source(part)
    blocks = digitkit_exercises.exercise_blocks(source, {})
    script = digitkit_exercises.exercise_script(blocks)
    page = digitkit_exercises.read_exercises_page(source)
    compile(script, "exercise.py", "exec")
    assert "# Setup\n# -----" in script and "Wrap-up" not in script and "Solution" not in script
    assert "sphinx_gallery" not in script
    for number, spec in page.specs.items():
        for name in spec.checks:
            assert re.search(rf"^{name} = \.\.\.  # your answer", script, re.M), (part, name)
        # no line of a solution's code comes through (setup lines may repeat in it)
        setup = "\n".join(block.content for block in page.preamble)
        for line in page.solution_code(number).splitlines():
            if len(line) > 30 and line not in setup:
                assert line not in script, (part, number, line)


# -- The fast parts, run ---------------------------------------------------------------

@pytest.fixture(scope="module", params=FAST_PARTS)
def fast_part(request, tmp_path_factory, mnist_data):
    folder = tmp_path_factory.mktemp(request.param)
    return (request.param, folder, *make_exercise_files(request.param, folder))


def test_every_check_accepts_the_solution_and_rejects_each_mistake(fast_part):
    _, _, answers, page, notebook, _ = fast_part
    assert_checks_accept_and_reject(answers, page)


def assert_checks_accept_and_reject(answers, page):
    checks = ExerciseChecks("part", encode_answers(answers))
    assert sorted(answers, key=int) == [str(number) for number in page.specs]
    for number, entry in answers.items():
        solution = {name: check["value"] for name, check in entry["checks"].items()}
        assert all(right for right, _ in checks.verdicts(int(number), **solution).values())
        for name, check in entry["checks"].items():
            mistakes = entry["wrong"].get(name, [])
            for mistake in mistakes:
                right, message = checks.verdicts(int(number), **{**solution, name: mistake["value"]})[name]
                assert not right and message == f"not right: {mistake['message']}", (number, name)
            if not mistakes:  # a value just outside the tolerance
                value = check["value"]
                off = value + 1 + 2 * check.get("atol", 0) + 2 * check.get("rtol", 0) * abs(value)
                assert not checks.verdicts(int(number), **{**solution, name: off})[name][0]


def test_the_newest_scikit_learn_numbers_of_the_version_note_pass_too(fast_part):
    """The 7-detector's numbers move with scikit-learn's version; the page's note gives 1.9.1's."""
    part, _, answers, *_ = fast_part
    if part != "03_binary_classifier":
        pytest.skip("only the binary classifier's exercises carry such a note among the fast parts")
    note = " ".join(line.strip("# ") for line in exercises_source(part).read_text().splitlines())
    found = re.search(r"prints a threshold of ([\d.]+) and a recall of ([\d.]+) at 95% precision.*?"
                      r"ROC AUC ([\d.]+) and ([\d.]+), average precision ([\d.]+) and ([\d.]+)", note)
    threshold, recall, auc_all, auc_balanced, ap_all, ap_balanced = map(float, found.groups())
    checks = ExerciseChecks(part, encode_answers(answers))
    assert all(right for right, _ in checks.verdicts(1, threshold_95=threshold, recall_95=recall).values())
    verdicts = checks.verdicts(2, roc_auc={"all digits": auc_all, "balanced": auc_balanced},
                               average_precision={"all digits": ap_all, "balanced": ap_balanced})
    assert all(right for right, _ in verdicts.values()), verdicts


def test_the_blank_notebook_runs_and_the_filled_in_one_passes_every_check(fast_part):
    part, folder, answers, page, notebook_path, script = fast_part
    notebook = read_notebook(notebook_path)
    assert sorted(tagged_cells(notebook, "start")) == sorted(page.questions)
    blank = check_messages(run_notebook(notebook, folder))
    assert sorted(blank) == sorted(int(number) for number in answers)
    assert all(line.endswith("not answered yet (it is still ...).") for lines in blank.values()
               for line in lines), blank
    filled = check_messages(run_notebook(fill_in_solutions(notebook, page), folder))
    expected = {int(number): [f"exercise {number}, {name}: right." for name in entry["checks"]]
                for number, entry in answers.items()}
    assert filled == expected


def test_the_blank_script_runs(fast_part):
    import subprocess
    import sys

    part, folder, _, _, _, script = fast_part
    result = subprocess.run([sys.executable, str(script)], cwd=folder, capture_output=True, text=True,
                            env={**__import__("os").environ, "MPLBACKEND": "agg",
                                 "PYTHONPATH": str(ROOT)}, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "not answered yet" in result.stdout


# -- The built site ----------------------------------------------------------------------

@pytest.mark.parametrize("part", PARTS)
def test_the_site_lists_and_zips_each_exercise_version_which_runs(site, part, tmp_path):
    page = site / "auto_examples" / part / f"{exercises_source(part).stem}.html"
    html = page.read_text()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    name = digitkit_exercises.exercise_file_name(exercises_source(part), "")
    assert f"Download exercise notebook: {name}.ipynb" in text
    assert f"Download exercise script: {name}.py" in text
    links = re.findall(rf'href="([^"]*{re.escape(name)}\.ipynb)"', html)
    notebook = json.loads((page.parent / links[0]).read_text())
    for zip_name, suffix in (("auto_examples_jupyter.zip", ".ipynb"), ("auto_examples_python.zip", ".py")):
        zips = list(site.glob(f"_downloads/*/{zip_name}"))
        with zipfile.ZipFile(zips[0]) as archive:
            assert f"{part}/{digitkit_exercises.EXERCISE_FOLDER}/{name}{suffix}" in archive.namelist()
    source_page = digitkit_exercises.read_exercises_page(exercises_source(part))
    assert_checks_accept_and_reject(answers_in_notebook(notebook), source_page)
    blank = check_messages(run_notebook(notebook, tmp_path))
    assert all(line.endswith("not answered yet (it is still ...).") for lines in blank.values()
               for line in lines)
    filled = check_messages(run_notebook(fill_in_solutions(notebook, source_page), tmp_path))
    assert filled and all(line.endswith(": right.") for lines in filled.values() for line in lines), filled
