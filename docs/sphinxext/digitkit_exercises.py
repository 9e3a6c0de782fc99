"""Exercise versions of the exercises pages, generated from the one source.

Each part's exercises page (``plot_90_exercises_<part>.py``) holds the
questions and their solutions. From that one source the build makes a
second download, the *exercise* notebook and script
(``exercises_<part>_to_do.ipynb`` / ``.py``), in which every "Solution"
subsection is replaced by a place to write and a check:

- the docstring and the setup are kept; the wrap-up, which sums up the
  answers, is left to the solution download;
- under each question, a starting cell binds every name the check reads to
  ``...`` (``threshold_95 = ...  # your answer``), then a cell runs
  ``checks.check(1, threshold_95=threshold_95, ...)``
  (:class:`digitkit.exercises.ExerciseChecks`): it says right, or what is
  off, and never prints the expected value. Before a line is filled in, the
  notebook runs top to bottom and every check says "not answered yet".

**What is checked** is declared next to each solution, in a block that
sphinx-gallery hides from the page and the solution notebook (the
downloaded solution script keeps it as comments)::

    # sphinx_gallery_start_ignore
    # check exercise 1
    #   threshold_95: rtol 0.8 -- the lowest threshold with at least 95% precision
    #   recall_95: atol 0.25
    #   recall_95 wrong recalls[(precisions >= 0.90).argmax()]
    #       -- your recall is the one at 90% precision, not 95%
    # sphinx_gallery_end_ignore

Each ``NAME`` line is an answer, checked against the value the solution
left under that name, within ``rtol`` (relative) and ``atol`` (absolute)
tolerances, 0 unless given (after ``--``, what the name holds, for the
starting cell); a tolerance is for numbers that move with the
library's version (the page's version note says by how much). Each ``wrong``
line is a typical mistake: the expression, evaluated in the solution's
namespace, gives its value, and an answer equal to it (to a millionth) gets
the message, even inside the tolerance. An exercise without a single right
answer has a ``look: TEXT`` line instead, which the exercise version shows
where a check would be; beside checks, a ``look:`` line says what to look
at beyond the numbers (the "why" of a question). A line indented five spaces or more continues the
one above.

**Expected values come from the build's own run** of the page: while an
exercises page runs (in a sphinx-gallery worker process), the
:func:`record_answers` hook wraps sphinx-gallery's ``execute_code_block``;
after each code block that holds a ``check exercise`` block, the block's
expressions are evaluated in the example's namespace. The values go to the
example's ``exercises`` record (``digitkit_gallery.write_record``: the
answers and the seconds the hook spent) and,
encoded, into the exercise files, which the hook writes next to the
solution downloads before sphinx-gallery zips the gallery (so the
"download all" zips hold them) and added to the example's own zip. Nothing
runs twice: a few expressions per exercise is the whole cost.

The exercise notebook is built with sphinx-gallery's own
``jupyter_notebook`` from the blocks :func:`exercise_blocks` returns, in one
function (:func:`exercise_notebook`), and saved with its ``save_notebook``;
both are looked up on ``sphinx_gallery.notebook`` when called, so a later
step that post-processes the solution notebooks there (Sphinx roles made
Markdown links) reaches these too, or it can wrap :func:`exercise_notebook`
or rewrite the saved files (``<part folder>/exercises/*.ipynb``). The page lists both files beside
sphinx-gallery's downloads (:func:`add_exercise_downloads`).
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
import time
import zipfile
from pathlib import Path

from sphinx_gallery import gen_rst
from sphinx_gallery import notebook as sg_notebook
from sphinx_gallery.py_source_parser import (
    Block,
    remove_config_comments,
    remove_ignore_blocks,
    split_code_and_text_blocks,
)

from digitkit.exercises import _as_plain, _close, encode_answers
from digitkit_gallery import gallery_folders, write_record

EXERCISES_PREFIX = "plot_90_exercises_"
RECORD_KIND = "exercises"

_SPEC_BLOCK = re.compile(
    r"^# sphinx_gallery_start_ignore\n((?:#.*\n)*?)# sphinx_gallery_end_ignore$", re.M)
#: A line indented this many spaces or more after its ``#`` continues the one above.
CONTINUATION = 5
_SPEC_HEAD = re.compile(r"check exercise (\d+)")
_WRONG = re.compile(r"(\w+) wrong (.+?) -- (.+)")
_CHECK = re.compile(r"(\w+)(?::\s*(.*?))?(?:\s+-- (.+))?")
_EXERCISE_HEADING = re.compile(r"^Exercise (\d+): .+\n-{3,}$", re.M)
_SECTION_HEADING = re.compile(r"^\S.*\n-{3,}$", re.M)
_SOLUTION_HEADING = re.compile(r"^Solution\n~{3,}$", re.M)


# -- The declared checks -----------------------------------------------------------

@dataclasses.dataclass
class ExerciseSpec:
    """What the exercise version checks for one exercise (see the module docstring)."""

    number: int
    checks: dict[str, dict] = dataclasses.field(default_factory=dict)  # name -> {rtol, atol}
    wrong: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # name, expr, message
    look: str = ""
    descriptions: dict[str, str] = dataclasses.field(default_factory=dict)  # name -> what it holds


def parse_specs(code: str) -> list[ExerciseSpec]:
    """The ``check exercise`` blocks of a piece of source code, in order.

    Examples
    --------
    >>> code = ("x = 1\\n# sphinx_gallery_start_ignore\\n# check exercise 2\\n#   x: atol 0.5\\n"
    ...         "#   x wrong x + 1 -- off by one\\n# sphinx_gallery_end_ignore\\n")
    >>> spec, = parse_specs(code)
    >>> spec.number, spec.checks, spec.wrong
    (2, {'x': {'rtol': 0.0, 'atol': 0.5}}, [('x', 'x + 1', 'off by one')])
    """
    specs = []
    for block in _SPEC_BLOCK.finditer(code):
        lines = []
        for line in block.group(1).splitlines():
            if line.startswith("#" + " " * CONTINUATION) and lines:
                lines[-1] += " " + line.strip("# ")
            else:
                lines.append(line[1:].strip())
        head = _SPEC_HEAD.fullmatch(lines[0]) if lines else None
        if head is None:
            continue
        spec = ExerciseSpec(int(head.group(1)))
        for line in filter(None, lines[1:]):
            if line.startswith("look:"):
                spec.look = " ".join(filter(None, [spec.look, line[5:].strip()]))
            elif wrong := _WRONG.fullmatch(line):
                spec.wrong.append(wrong.groups())
            elif check := _CHECK.fullmatch(line):
                tolerance = dict(re.findall(r"(rtol|atol)\s+([\d.e+-]+)", check.group(2) or ""))
                spec.checks[check.group(1)] = {key: float(tolerance.get(key, 0.0))
                                               for key in ("rtol", "atol")}
                if check.group(3):
                    spec.descriptions[check.group(1)] = check.group(3)
            else:
                raise ValueError(f"check exercise {spec.number}: cannot read {line!r}")
        unknown = {name for name, _, _ in spec.wrong} - set(spec.checks)
        if unknown:
            raise ValueError(f"check exercise {spec.number}: a mistake for unchecked {unknown}")
        specs.append(spec)
    return specs


def evaluate_spec(spec: ExerciseSpec, namespace: dict) -> dict:
    """The expected answers of one exercise, read from the solution's namespace.

    Returns the exercise's entry of the answers :class:`digitkit.exercises.ExerciseChecks`
    reads. Raises ``ValueError`` when a declared mistake equals the right answer
    (the check could not tell them apart).
    """
    entry = {"checks": {}, "wrong": {}}
    if spec.look:
        entry["look"] = spec.look
    for name, tolerance in spec.checks.items():
        if name not in namespace:
            raise ValueError(f"check exercise {spec.number}: the solution defines no {name!r}")
        entry["checks"][name] = {"value": _as_plain(namespace[name]), **tolerance}
    for name, expression, message in spec.wrong:
        value = _as_plain(eval(expression, namespace))  # noqa: S307 (the page's own source)
        if _close(value, entry["checks"][name]["value"], 1e-6, 0):
            raise ValueError(f"check exercise {spec.number}: the mistake {message!r} "
                             f"gives the right {name}")
        entry["wrong"].setdefault(name, []).append({"value": value, "message": message})
    return entry


# -- Recording while the page runs ---------------------------------------------------

_recording: dict = {}


def record_answers(gallery_conf, fname, when):
    """sphinx-gallery hook: record an exercises page's answers and write its exercise version.

    Before the page runs, wrap sphinx-gallery's ``execute_code_block`` so
    that the ``check exercise`` blocks are evaluated right after the code
    block that holds them; after it ran, write the ``exercises`` record and
    the exercise notebook and script (:func:`write_exercise_files`).
    """
    if not Path(fname).name.startswith(EXERCISES_PREFIX):
        return
    if when == "before":
        _recording.clear()
        _recording.update(answers={}, seconds=0.0, original=gen_rst.execute_code_block)
        original = gen_rst.execute_code_block

        def execute_and_record(compiler, block, example_globals, script_vars, *args, **kwargs):
            output = original(compiler, block, example_globals, script_vars, *args, **kwargs)
            if block.type == "code" and script_vars.get("execute_script"):
                namespace = example_globals or script_vars["fake_main"].__dict__
                _recording["src_file"] = script_vars["src_file"]
                _recording["target_file"] = script_vars["target_file"]
                start = time.perf_counter()
                for spec in parse_specs(block.content):
                    _recording["answers"][str(spec.number)] = evaluate_spec(spec, namespace)
                _recording["seconds"] += time.perf_counter() - start
            return output

        gen_rst.execute_code_block = execute_and_record
        return
    if "original" in _recording:
        gen_rst.execute_code_block = _recording.pop("original")
    if "target_file" not in _recording:
        return  # the page did not run (or failed before its first block)
    start = time.perf_counter()
    answers = _recording["answers"]
    write_exercise_files(Path(_recording["src_file"]), Path(_recording["target_file"]).parent,
                         answers, gallery_conf)
    seconds = _recording["seconds"] + time.perf_counter() - start
    write_record(gallery_conf, fname, RECORD_KIND, {"answers": answers, "seconds": round(seconds, 3)})


def run_and_record(src_file) -> dict:
    """Run an exercises page as the build does, block by block, and return its answers.

    For tests and for trying a new check without a build: the build records
    the answers from its own run instead (:func:`record_answers`).
    """
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    _, blocks = split_code_and_text_blocks(str(src_file))
    namespace, answers = {"__name__": "__main__"}, {}
    for block in blocks:
        if block.type == "code":
            exec(compile(block.content, str(src_file), "exec"), namespace)  # noqa: S102
            for spec in parse_specs(block.content):
                answers[str(spec.number)] = evaluate_spec(spec, namespace)
    plt.close("all")
    return answers


# -- The exercise version ------------------------------------------------------------

def part_name(src_file) -> str:
    """``binary_classifier`` for ``plot_90_exercises_binary_classifier.py``."""
    return Path(src_file).stem.removeprefix(EXERCISES_PREFIX)


def exercise_file_name(src_file, suffix: str) -> str:
    """The exercise download's name: ``exercises_binary_classifier_to_do.ipynb``."""
    return f"exercises_{part_name(src_file)}_to_do{suffix}"


def _clean(code: str) -> str:
    return remove_config_comments(remove_ignore_blocks(code)).strip("\n")


@dataclasses.dataclass
class ExercisesPage:
    """An exercises page read into its parts (blocks as sphinx-gallery splits them)."""

    preamble: list[Block]  # the docstring and the setup
    questions: dict[int, Block]  # each exercise's heading and task
    solutions: dict[int, list[Block]]  # each exercise's solution, text and code
    specs: dict[int, ExerciseSpec]
    closing: list[Block]  # the wrap-up and what follows it

    def solution_code(self, number: int) -> str:
        """The code of an exercise's solution as the page shows it (hidden lines removed)."""
        return "\n\n".join(filter(None, (_clean(block.content) for block in self.solutions[number]
                                         if block.type == "code")))


def read_exercises_page(src_file) -> ExercisesPage:
    """Split an exercises page into its docstring and setup, exercises, solutions and wrap-up."""
    _, blocks = split_code_and_text_blocks(str(src_file))
    page = ExercisesPage([], {}, {}, {}, [])
    current = None  # None: the preamble; an int: in that exercise's solution; "end": wrap-up
    for block in blocks:
        if block.type == "text" and _SECTION_HEADING.search(block.content):
            exercise = _EXERCISE_HEADING.search(block.content)
            if exercise is None and current is not None:
                current = "end"
            elif exercise is not None:
                current = int(exercise.group(1))
                solution = _SOLUTION_HEADING.search(block.content)
                if solution is None:
                    raise ValueError(f"{src_file}: exercise {current} has no Solution heading "
                                     "in its first cell")
                page.questions[current] = Block("text", block.content[:solution.start()].rstrip()
                                                + "\n", block.lineno)
                page.solutions[current] = [Block("text", block.content[solution.end():],
                                                 block.lineno)]
                continue
        if current is None:
            page.preamble.append(block)
        elif current == "end":
            page.closing.append(block)
        else:
            page.solutions[current].append(block)
            if block.type == "code":
                for spec in parse_specs(block.content):
                    if spec.number != current:
                        raise ValueError(f"{src_file}: check exercise {spec.number} "
                                         f"inside exercise {current}'s solution")
                    page.specs[spec.number] = spec
    return page


START_MARK = "# Exercise {}: your code here."
CHECKS_SETUP = """\
Checking your answers
---------------------

This is the exercise version of the page. Under each question, write your
code in the cell that says "your code here", give your results the names
it lists, then run the check below it. A check says whether each answer is
right, and if not what is off; it never prints the answer. The solutions
are in the solution notebook, downloaded from the same page:
``{solution}.ipynb``.
"""


def exercise_blocks(src_file, answers: dict) -> list[Block]:
    """The exercise version of an exercises page, as sphinx-gallery blocks.

    Parameters
    ----------
    src_file : path
        The exercises page's source.
    answers : dict
        The expected answers, by exercise number (a string), as
        :func:`evaluate_spec` makes them.
    """
    page = read_exercises_page(src_file)
    part = part_name(src_file)
    blocks = [Block(b.type, _clean(b.content) + "\n" if b.type == "code" else b.content, b.lineno)
              for b in page.preamble]
    blocks.append(Block("text", CHECKS_SETUP.format(solution=Path(src_file).stem), 0))
    encoded = encode_answers(answers)
    lines = "".join(f'    "{encoded[i:i + 72]}"\n' for i in range(0, len(encoded), 72))
    blocks.append(Block("code", "from digitkit.exercises import ExerciseChecks\n\n"
                        f'checks = ExerciseChecks("{part}", (\n{lines}))\n', 0))
    for number, question in page.questions.items():
        blocks.append(question)
        spec = page.specs.get(number)
        names = list(spec.checks) if spec else []
        start = [START_MARK.format(number)]
        start += [f"{name} = ...  # your answer" + (f": {spec.descriptions[name]}"
                                                   if name in spec.descriptions else "")
                  for name in names]
        blocks.append(Block("code", "\n".join(start) + "\n", 0))
        if names:
            arguments = ", ".join(f"{name}={name}" for name in names)
            blocks.append(Block("code", f"checks.check({number}, {arguments})\n", 0))
            if spec.look:
                blocks.append(Block("text", textwrap.fill(f"Beyond the numbers: {spec.look}", 76)
                                    + "\n", 0))
        else:
            look = spec.look if spec else ""
            text = "This exercise has no single right answer to check. " + (
                look or "Compare what you find with the solution.")
            blocks.append(Block("text", textwrap.fill(text, 76) + "\n", 0))
    blocks.append(Block("text", "The end\n-------\n\nThe solutions and the wrap-up of this part are in\n"
                        f"``{Path(src_file).stem}.ipynb``.\n", 0))
    code_after = [_clean(b.content) for b in page.closing if b.type == "code"]
    if any(code_after):
        blocks.append(Block("code", "\n".join(filter(None, code_after)) + "\n", 0))
    return blocks


def exercise_script(blocks: list[Block]) -> str:
    """The blocks as a sphinx-gallery style script (a docstring, then ``# %%`` cells)."""
    first, *rest = blocks
    parts = [f'"""\n{first.content.strip()}\n"""\n']
    for block in rest:
        if block.type == "text":
            text = "\n".join(f"# {line}".rstrip() for line in block.content.strip().splitlines())
            parts.append(f"# %%\n{text}\n")
        else:
            parts.append(block.content.strip("\n") + "\n")
    return "\n".join(parts)


def exercise_notebook(blocks: list[Block], gallery_conf, target_dir) -> dict:
    """The blocks as a notebook, made by sphinx-gallery's own ``jupyter_notebook``.

    The starting and check cells are tagged (``exercise-N-start``,
    ``exercise-N-check``), so a test can fill in the solutions.
    """
    notebook = sg_notebook.jupyter_notebook(blocks, gallery_conf, target_dir)
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        if start := re.match(r"# Exercise (\d+): your code here\.", source):
            cell["metadata"]["tags"] = [f"exercise-{start.group(1)}-start"]
        elif check := re.match(r"checks\.check\((\d+),", source):
            cell["metadata"]["tags"] = [f"exercise-{check.group(1)}-check"]
    return notebook


#: The exercise files sit in a folder of their own beside the part's pages: sphinx-gallery's
#: recommender takes every ``.py`` file of a part's folder for an example with a thumbnail.
EXERCISE_FOLDER = "exercises"


def write_exercise_files(src_file: Path, target_dir: Path, answers: dict, gallery_conf) -> list[Path]:
    """Write the exercise notebook and script of a page; add them to the page's zip.

    They go to ``<part folder>/exercises/`` in the gallery; the page's own zip
    (``plot_90_exercises_<part>.zip``) is made again with them in it.
    """
    blocks = exercise_blocks(src_file, answers)
    folder = target_dir / EXERCISE_FOLDER
    folder.mkdir(exist_ok=True)
    notebook = folder / exercise_file_name(src_file, ".ipynb")
    script = folder / exercise_file_name(src_file, ".py")
    sg_notebook.save_notebook(exercise_notebook(blocks, gallery_conf, target_dir), notebook)
    script.write_text(exercise_script(blocks), encoding="utf-8")
    solution = target_dir / Path(src_file).name
    files = [path for path in (solution, solution.with_suffix(".ipynb"), script, notebook)
             if path.is_file()]
    partial = solution.with_suffix(".zip.new")
    with zipfile.ZipFile(partial, "w") as archive:
        for path in files:
            # Named as the files lie beside the zip, so digitkit_notebooks can refresh
            # each notebook in it once it reads like its page.
            archive.write(path, path.relative_to(target_dir).as_posix())
    partial.replace(solution.with_suffix(".zip"))
    return [notebook, script]


def add_exercises_to_zips(app):
    """Put every exercise notebook and script in the gallery's "download all" zips.

    sphinx-gallery zips the ``.py`` and ``.ipynb`` files of each part's
    folder (``generate_zipfiles``); the exercise files, one folder down, are
    added under the same path as in the gallery (``<part>/exercises/…``).
    """
    gallery = Path(app.srcdir) / _gallery_dir(app.config)
    for suffix, zip_name in ((".py", f"{gallery.name}_python.zip"),
                             (".ipynb", f"{gallery.name}_jupyter.zip")):
        archive_path = gallery / zip_name
        files = sorted(gallery.glob(f"*/{EXERCISE_FOLDER}/exercises_*_to_do{suffix}"))
        if not archive_path.is_file() or not files:
            continue
        with zipfile.ZipFile(archive_path, "a") as archive:
            present = set(archive.namelist())
            for path in files:
                name = path.relative_to(gallery).as_posix()
                if name not in present:
                    archive.write(path, name)


def _gallery_dir(config) -> str:
    return gallery_folders(config.sphinx_gallery_conf)[1]


# -- The page lists the exercise version ----------------------------------------------

_ZIP_CONTAINER = re.compile(
    r"(?P<indent>[ ]*)\.\. container:: sphx-glr-download sphx-glr-download-zip\n\n"
    r"[ ]*:download:`[^`]*`\n")
DOWNLOAD = """
{0}.. container:: sphx-glr-download sphx-glr-download-jupyter dk-download-exercise

{0}  :download:`Download exercise notebook: {1} <{3}/{1}>`

{0}.. container:: sphx-glr-download sphx-glr-download-python dk-download-exercise

{0}  :download:`Download exercise script: {2} <{3}/{2}>`
"""


def add_exercise_downloads(app, docname, source):
    """List an exercises page's exercise notebook and script beside its other downloads."""
    name = docname.rsplit("/", 1)[-1]
    if not name.startswith(EXERCISES_PREFIX):
        return
    folder = (Path(app.srcdir) / docname).parent / EXERCISE_FOLDER
    if not (folder / exercise_file_name(name, ".ipynb")).is_file():
        return  # not generated in this build (html-noplot)
    text = source[0]
    match = _ZIP_CONTAINER.search(text)
    if match is None:
        return
    extra = DOWNLOAD.format(match.group("indent"), exercise_file_name(name, ".ipynb"),
                            exercise_file_name(name, ".py"), EXERCISE_FOLDER)
    source[0] = text[:match.end()] + extra + text[match.end():]


def setup(app):
    app.connect("source-read", add_exercise_downloads)
    # After sphinx-gallery's generate_gallery_rst (priority 500) wrote the zips.
    app.connect("builder-inited", add_exercises_to_zips, priority=560)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
