#!/usr/bin/env python3
"""Run every gallery example on the newest releases of the libraries.

A reader who downloads an example from the site runs it with whatever
releases pip gives them today, not with the ones the site was built with.
This command does what such a reader would do and reports, per example,
whether it still runs cleanly and whether it still prints what its page
shows.

It creates (or reuses) a virtual environment, installs the project into it
(not editable, with its ``frame`` extra) with ``pip install --upgrade
--upgrade-strategy eager``, so pip picks the newest releases that the
project's own requirements allow, and prints the versions it got. Then it
runs each selected ``examples/<part>/plot_*.py`` with that environment's
Python, by absolute path, from an empty temporary folder, with
``MPLBACKEND=Agg`` and without ``PYTHONPATH`` or ``VIRTUAL_ENV``.
``DIGITKIT_DATA`` passes through; ``DIGITKIT_CACHE`` is set to a folder that
starts empty and is shared by the examples of this run only, so no result
computed earlier with other releases is loaded.

Each example gets a status:

- ``ok``: exit code 0 and nothing on stderr;
- ``warned``: exit code 0, but stderr is not empty (a reader sees those
  lines, so they are shown);
- ``failed``: non-zero exit code or timeout (the last lines of stderr are
  shown).

What the example printed on stdout is compared with the output shown on its
page, read from the gallery's generated ``<part>/<stem>.rst``. Lines are
compared after expanding tabs and stripping trailing whitespace; blank lines
are left out, because the generated reST does not keep the blank lines at
the end of a cell's output.

Usage
-----
From the repository root (``DIGITKIT_DATA`` names the MNIST folder)::

    python .ci/examples_on_newest.py                    # every example
    python .ci/examples_on_newest.py --only "03_*/*"    # one part
    python .ci/examples_on_newest.py --json .ci/examples-on-newest.json  # all, recorded
    python .ci/examples_on_newest.py --max-seconds 60 \
        --times-from .ci/examples-on-newest.json        # those a reader runs in under a minute
    python .ci/examples_on_newest.py --constraints oldest.txt --venv .venvs/oldest

``--max-seconds`` keeps the examples that took less than that: as measured
by an earlier run of this command when ``--times-from`` names its ``--json``
file (the repository keeps the last full run in
``.ci/examples-on-newest.json``, which the tests use), else in the last site
build, read from the gallery's ``<part>/sg_execution_times.rst`` files
(``docs/auto_examples`` by default, see ``--gallery``). The build's times
are shorter wherever the build shared a result between examples.

``--constraints FILE`` passes ``-c FILE`` to pip, for example to pin the
oldest supported releases; constraints can only narrow what the project's
requirements allow. Run with ``--help`` for every
option.

Exit status: 0 if every example is ``ok``, 1 if any ``warned`` or
``failed``, 2 if the environment could not be installed or nothing could be
selected.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTIONS = ("scikit-learn", "numpy", "scipy", "matplotlib", "pandas")
PIP_TAIL_LINES = 20
STDERR_TAIL_LINES = 15

# A row of sphinx-gallery's per-part table: the example's file name, then its
# time (mm:ss.sss) as the next item of the same row.
_TIMES_ROW = re.compile(r"^\s*\* - :ref:`[^`]+` \(``(?P<file>[^`]+)``\)\s*$")
_TIMES_VALUE = re.compile(r"^\s*- (?P<minutes>\d+):(?P<seconds>\d+(?:\.\d+)?)\s*$")
_OUTPUT_CLASS = ".. rst-class:: sphx-glr-script-out"
_OUTPUT_BLOCK = re.compile(r"^(?P<indent>\s*)\.\. code-block:: none\s*$")
_OUTPUT_INDENT = " " * 4


@dataclass
class Result:
    """What running one example gave.

    Attributes
    ----------
    example : str
        ``part/stem``, for example ``01_small_digits/plot_01_svc_digits``.
    status : str
        ``ok``, ``warned`` or ``failed``.
    seconds : float
        Wall time of the run.
    returncode : int or None
        The exit code, None after a timeout.
    stderr : str
        Everything the example wrote to stderr.
    differing : list of str or None
        The printed lines that differ from the page (``- page: ...`` and
        ``+ here: ...``), None when there is no built page to compare with.
    """

    example: str
    status: str
    seconds: float
    returncode: int | None
    stderr: str
    differing: list[str] | None = None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line.

    Parameters
    ----------
    argv : list of str or None
        The arguments, None for ``sys.argv[1:]``.

    Returns
    -------
    args : argparse.Namespace
        The options, with paths as :class:`pathlib.Path`.
    """
    parser = argparse.ArgumentParser(
        description="Run every gallery example in a virtual environment with "
        "the newest releases of the libraries, and report per example.")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venvs" / "newest",
                        help="virtual environment to create or reuse (default: %(default)s)")
    parser.add_argument("--fresh", action="store_true",
                        help="recreate the virtual environment from scratch")
    parser.add_argument("--constraints", type=Path, metavar="FILE",
                        help="pip constraints file (-c FILE), e.g. the oldest supported releases")
    parser.add_argument("--only", action="append", default=[], metavar="PATTERN",
                        help='run only examples whose "part/stem" matches (fnmatch, '
                        'e.g. "03_*/*"); repeatable')
    parser.add_argument("--max-seconds", type=float, metavar="S",
                        help="run only examples that took less than S seconds, in the run "
                        "named by --times-from, else in the last build")
    parser.add_argument("--times-from", type=Path, metavar="FILE",
                        help="the --json file of an earlier run: its times choose the examples "
                        "for --max-seconds (a reader's times, not the build's shared ones)")
    parser.add_argument("--gallery", type=Path, default=ROOT / "docs" / "auto_examples",
                        help="the generated gallery of the last build (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=1200, metavar="S",
                        help="seconds before an example is stopped (default: %(default)s)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    return parser.parse_args(argv)


def ensure_venv(folder: Path, fresh: bool) -> Path:
    """Create the virtual environment unless it exists (or always, if ``fresh``).

    Parameters
    ----------
    folder : pathlib.Path
        Where the environment lives.
    fresh : bool
        Delete and recreate it even if it exists.

    Returns
    -------
    python : pathlib.Path
        Its Python interpreter.
    """
    python = folder / "bin" / "python"
    if fresh or not python.is_file():
        print(f"creating virtual environment {folder}", flush=True)
        venv.EnvBuilder(clear=True, with_pip=True).create(folder)
    return python


#: What a source distribution of the project holds: all pip needs to install it.
PROJECT_FILES = ("pyproject.toml", "README.md", "digitkit")


def copy_project(target: Path) -> Path:
    """Copy the project's installable files (:data:`PROJECT_FILES`) into ``target``.

    Installing from a clean copy, as from a downloaded release, keeps
    setuptools' ``build/`` folder of the working tree out of it: a module
    deleted from the tree but left there would otherwise be installed too.
    """
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    return target


def install_command(python: Path, constraints: Path | None, project: Path = ROOT) -> list[str]:
    """Return the pip command that installs the project with the newest releases.

    Parameters
    ----------
    python : pathlib.Path
        The environment's interpreter.
    constraints : pathlib.Path or None
        A pip constraints file, or None for no constraints.
    project : pathlib.Path, default=ROOT
        The folder to install from (a clean copy, see :func:`copy_project`).

    Returns
    -------
    command : list of str
    """
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check",
               "--upgrade", "--upgrade-strategy", "eager", f"{project}[frame]"]
    if constraints is not None:
        command += ["-c", str(constraints.resolve())]
    return command


def install(python: Path, constraints: Path | None) -> bool:
    """Install the project quietly; on failure print pip's last lines.

    Parameters
    ----------
    python : pathlib.Path
        The environment's interpreter.
    constraints : pathlib.Path or None
        A pip constraints file, or None.

    Returns
    -------
    installed : bool
        Whether pip succeeded.
    """
    print("installing the project and the newest releases of its requirements", flush=True)
    with tempfile.TemporaryDirectory(prefix="digitkit-project-") as folder:
        project = copy_project(Path(folder))
        result = subprocess.run(install_command(python, constraints, project),
                                check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
    if result.returncode != 0:
        print("\n".join(result.stdout.splitlines()[-PIP_TAIL_LINES:]))
        print(f"error: pip failed with exit code {result.returncode}")
    return result.returncode == 0


def installed_versions(python: Path) -> dict[str, str]:
    """Return the versions of Python and of the main libraries in the environment.

    Parameters
    ----------
    python : pathlib.Path
        The environment's interpreter.

    Returns
    -------
    versions : dict
        ``{"python": "3.11.7", "scikit-learn": "1.7.2", ...}``.
    """
    code = (
        "import json, platform\n"
        "from importlib.metadata import version\n"
        f"names = {list(DISTRIBUTIONS)!r}\n"
        "print(json.dumps({'python': platform.python_version(),\n"
        "                  **{name: version(name) for name in names}}))\n"
    )
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def format_versions(versions: dict[str, str]) -> str:
    """Return the versions as one line: ``python 3.11.7, scikit-learn 1.7.2, ...``."""
    return ", ".join(f"{name} {version}" for name, version in versions.items())


def example_name(script: Path) -> str:
    """Return an example's name, ``part/stem``, from its path."""
    return f"{script.parent.name}/{script.stem}"


def parse_execution_times(text: str, part: str) -> dict[str, float]:
    """Read the examples' times from one part's ``sg_execution_times.rst``.

    Parameters
    ----------
    text : str
        The file's content, as sphinx-gallery writes it: a list-table whose
        rows are ``* - :ref:`...` (``plot_x.py``)``, then ``- mm:ss.sss``
        and the memory.
    part : str
        The part's folder name, e.g. ``03_binary_classifier``.

    Returns
    -------
    seconds : dict
        ``{"part/stem": seconds}`` for each row.
    """
    times, current = {}, None
    for line in text.splitlines():
        row = _TIMES_ROW.match(line)
        value = _TIMES_VALUE.match(line)
        if row:
            current = f"{part}/{Path(row['file']).stem}"
        elif value and current is not None:
            times[current] = 60 * int(value["minutes"]) + float(value["seconds"])
            current = None
    return times


def read_execution_times(gallery: Path) -> dict[str, float]:
    """Read the times of the last build from every part of ``gallery``.

    Parameters
    ----------
    gallery : pathlib.Path
        The generated gallery folder (``docs/auto_examples``).

    Returns
    -------
    seconds : dict
        ``{"part/stem": seconds}``; empty if the gallery has no times.
    """
    times = {}
    for path in sorted(gallery.glob("*/sg_execution_times.rst")):
        times.update(parse_execution_times(path.read_text(encoding="utf-8"), path.parent.name))
    return times


def read_run_times(path: Path) -> dict[str, float]:
    """Read the examples' times from the ``--json`` file of an earlier run.

    Parameters
    ----------
    path : pathlib.Path
        A file written by ``--json``.

    Returns
    -------
    seconds : dict
        ``{"part/stem": seconds}`` of the examples that ran ``ok`` there.
    """
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    return {result["example"]: result["seconds"] for result in results if result["status"] == "ok"}


def select_examples(scripts: list[Path], patterns: list[str],
                    times: dict[str, float] | None, max_seconds: float | None) -> list[Path]:
    """Keep the examples that match a pattern and ran fast enough in the last build.

    Parameters
    ----------
    scripts : list of pathlib.Path
        Every example, in order.
    patterns : list of str
        fnmatch patterns against ``part/stem``; empty keeps every example.
    times : dict or None
        ``{"part/stem": seconds}`` of the last build; only used with ``max_seconds``.
    max_seconds : float or None
        Keep only examples with a recorded time under this; None keeps all.

    Returns
    -------
    selected : list of pathlib.Path
    """
    selected = []
    for script in scripts:
        name = example_name(script)
        if patterns and not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
            continue
        if max_seconds is not None and not times.get(name, float("inf")) < max_seconds:
            continue
        selected.append(script)
    return selected


def parse_page_output(text: str) -> list[str]:
    """Return the printed output shown on a page, from its generated reST.

    sphinx-gallery writes each cell's captured output as a ``.. code-block::
    none`` directive right after ``.. rst-class:: sphx-glr-script-out``, the
    output indented by four spaces.

    Parameters
    ----------
    text : str
        The content of ``<gallery>/<part>/<stem>.rst``.

    Returns
    -------
    lines : list of str
        The output lines of every cell, in order, without the indentation.
    """
    lines, output = text.splitlines(), []
    for index, line in enumerate(lines):
        if line.strip() == _OUTPUT_CLASS:
            output += _output_block(lines, index + 1)
    return output


def _output_block(lines: list[str], start: int) -> list[str]:
    """Return the content of the ``code-block:: none`` that follows ``lines[start:]``.

    Parameters
    ----------
    lines : list of str
        The page's reST lines.
    start : int
        Index of the line after ``.. rst-class:: sphx-glr-script-out``.

    Returns
    -------
    content : list of str
        The block's lines without their indentation; empty if the next
        directive is not a ``code-block:: none`` (a traceback, say).
    """
    following = [index for index in range(start, len(lines)) if lines[index].strip()]
    block = _OUTPUT_BLOCK.match(lines[following[0]]) if following else None
    if not block:
        return []
    content = []
    for line in lines[following[0] + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= len(block["indent"]):
            break
        content.append(line.removeprefix(_OUTPUT_INDENT))
    return content


def comparable(lines: list[str]) -> list[str]:
    """Return the lines with tabs expanded and trailing whitespace stripped, blank ones left out."""
    stripped = (line.expandtabs().rstrip() for line in lines)
    return [line for line in stripped if line]


def diff_printed(page: list[str], here: list[str]) -> list[str]:
    """List the printed lines that differ between the page and this run.

    Parameters
    ----------
    page : list of str
        The lines shown on the built page.
    here : list of str
        The lines the example printed now.

    Returns
    -------
    differing : list of str
        ``- page: <line>`` for each line only on the page and ``+ here:
        <line>`` for each line only printed now, in order; empty when they
        agree (see :func:`comparable` for what is ignored).
    """
    page, here = comparable(page), comparable(here)
    differing = []
    matcher = difflib.SequenceMatcher(None, page, here, autojunk=False)
    for tag, page_start, page_end, here_start, here_end in matcher.get_opcodes():
        if tag != "equal":
            differing += [f"- page: {line}" for line in page[page_start:page_end]]
            differing += [f"+ here: {line}" for line in here[here_start:here_end]]
    return differing


def compare_with_page(gallery: Path, name: str, stdout: str) -> list[str] | None:
    """Compare what an example printed with its built page.

    Parameters
    ----------
    gallery : pathlib.Path
        The generated gallery folder.
    name : str
        The example, ``part/stem``.
    stdout : str
        What it printed.

    Returns
    -------
    differing : list of str or None
        As :func:`diff_printed`; None when the page's reST is missing.
    """
    page = gallery / f"{name}.rst"
    if not page.is_file():
        return None
    return diff_printed(parse_page_output(page.read_text(encoding="utf-8")), stdout.splitlines())


def example_environment(cache: Path) -> dict[str, str]:
    """Return the environment an example runs in.

    Parameters
    ----------
    cache : pathlib.Path
        The digitkit cache folder of this run.

    Returns
    -------
    env : dict
        This process's environment without ``PYTHONPATH`` and ``VIRTUAL_ENV``,
        with ``MPLBACKEND=Agg`` and ``DIGITKIT_CACHE`` set to ``cache``.
    """
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["MPLBACKEND"] = "Agg"
    env["DIGITKIT_CACHE"] = str(cache)
    return env


def status_of(returncode: int | None, stderr: str) -> str:
    """Return ``failed`` (non-zero exit or timeout), ``warned`` (stderr not empty) or ``ok``."""
    if returncode != 0:
        return "failed"
    return "warned" if stderr.strip() else "ok"


def run_example(python: Path, script: Path, env: dict[str, str], timeout: float,
                gallery: Path) -> Result:
    """Run one example from an empty temporary folder and compare its output.

    Parameters
    ----------
    python : pathlib.Path
        The environment's interpreter.
    script : pathlib.Path
        The example, by absolute path.
    env : dict
        Its environment (see :func:`example_environment`).
    timeout : float
        Seconds before it is stopped and counted as failed.
    gallery : pathlib.Path
        The generated gallery folder, for the page to compare with.

    Returns
    -------
    result : Result
    """
    name = example_name(script)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="example-") as cwd:
        returncode, stdout, stderr = run_script(python, script, cwd, env, timeout)
    seconds = time.perf_counter() - start
    return Result(name, status_of(returncode, stderr), seconds, returncode, stderr,
                  compare_with_page(gallery, name, stdout))


def run_script(python: Path, script: Path, cwd: str, env: dict[str, str],
               timeout: float) -> tuple[int | None, str, str]:
    """Run ``script`` in its own process group; kill the whole group on timeout.

    Killing the group also stops worker processes the example started
    (joblib's), which would otherwise keep the output pipes open.

    Returns
    -------
    returncode : int or None
        None after a timeout.
    stdout, stderr : str
        What it wrote (stderr ends with a note after a timeout).
    """
    with subprocess.Popen([str(python), str(script)], cwd=cwd, env=env, text=True,
                          errors="replace", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            return None, stdout, stderr + f"\n(stopped after the {timeout:g} s timeout)\n"
    return process.returncode, stdout, stderr


def differing_cell(result: Result) -> str:
    """Return the table's ``lines differing`` cell: a count, or ``no page``."""
    return "no page" if result.differing is None else str(len(result.differing))


def format_table(results: list[Result]) -> str:
    """Return the summary table: example | status | seconds | lines differing."""
    header = ("example", "status", "seconds", "lines differing")
    rows = [header] + [(r.example, r.status, f"{r.seconds:.1f}", differing_cell(r))
                       for r in results]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def format_details(result: Result) -> str:
    """Return what went wrong with one example, or "" if nothing did.

    Shows all of stderr for a ``warned`` example, its last lines for a
    ``failed`` one, the printed lines that differ from the page, or that
    there is no page to compare with.
    """
    details = []
    stderr = result.stderr.rstrip().splitlines()
    if result.status == "failed":
        code = "timeout" if result.returncode is None else f"exit code {result.returncode}"
        details.append(f"  failed ({code}); last lines of stderr:")
        details += [f"    {line}" for line in stderr[-STDERR_TAIL_LINES:]]
    elif result.status == "warned":
        details.append("  stderr (a reader sees these lines):")
        details += [f"    {line}" for line in stderr]
    if result.differing is None:
        details.append("  no built page to compare with")
    elif result.differing:
        details.append("  printed lines that differ from the page:")
        details += [f"    {line}" for line in result.differing]
    return "\n".join([f"{result.example}:"] + details) if details else ""


def write_json(path: Path, versions: dict[str, str], results: list[Result]) -> None:
    """Write the versions and the results to ``path`` as JSON."""
    data = {"versions": versions, "results": [asdict(result) for result in results]}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def choose_examples(args: argparse.Namespace) -> list[Path] | None:
    """Return the examples to run, or None (after saying why) if there are none."""
    times = None
    if args.max_seconds is not None and args.times_from is not None:
        times = read_run_times(args.times_from)
        if not times:
            print(f"error: {args.times_from} records no example that ran ok")
            return None
    elif args.max_seconds is not None:
        times = read_execution_times(args.gallery)
        if not times:
            print(f"error: --max-seconds needs the last build's times, but {args.gallery} "
                  "has no */sg_execution_times.rst with any")
            return None
    scripts = sorted((ROOT / "examples").glob("*/plot_*.py"))
    selected = select_examples(scripts, args.only, times, args.max_seconds)
    if not selected:
        print("error: no example matches the selection")
        return None
    return selected


def run_all(python: Path, selected: list[Path], args: argparse.Namespace) -> list[Result]:
    """Run the selected examples in order, printing a line as each starts and ends."""
    results = []
    with tempfile.TemporaryDirectory(prefix="digitkit-cache-") as cache:
        env = example_environment(Path(cache))
        for number, script in enumerate(selected, start=1):
            counter = f"[{number}/{len(selected)}]"
            print(f"{counter} running {example_name(script)}", flush=True)
            result = run_example(python, script, env, args.timeout, args.gallery)
            print(f"{counter} {result.status} in {result.seconds:.1f} s, "
                  f"lines differing: {differing_cell(result)}", flush=True)
            results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    """Install, run the selected examples, report; return the exit status."""
    args = parse_args(argv)
    args.gallery = args.gallery.resolve()
    selected = choose_examples(args)
    if selected is None:
        return 2
    python = ensure_venv(args.venv.resolve(), args.fresh)
    if not install(python, args.constraints):
        return 2
    versions = installed_versions(python)
    print(format_versions(versions), flush=True)
    results = run_all(python, selected, args)
    print()
    print(format_table(results))
    details = [text for text in map(format_details, results) if text]
    if details:
        print()
        print("\n\n".join(details))
    if args.json is not None:
        write_json(args.json, versions, results)
    return 1 if any(result.status != "ok" for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
