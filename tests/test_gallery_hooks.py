"""The hooks sphinx-gallery runs around every example (docs/sphinxext/digitkit_gallery.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import warnings

import psutil
import pytest
from joblib import Parallel, delayed
from joblib.parallel import get_active_backend
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

from sitebuild import ROOT, gallery_of_parts, printed_output, run_sphinx

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
import digitkit_gallery  # noqa: E402

EXAMPLE = "/examples/plot_00_example.py"


def _backend_name():
    return type(get_active_backend()[0]).__name__


def test_joblib_uses_threads_only_while_an_example_runs():
    assert _backend_name() == "LokyBackend"
    digitkit_gallery.joblib_threads({}, EXAMPLE, "before")
    try:
        assert _backend_name() == "ThreadingBackend"
        assert Parallel(n_jobs=2)(delayed(abs)(-i) for i in range(4)) == [0, 1, 2, 3]
    finally:
        digitkit_gallery.joblib_threads({}, EXAMPLE, "after")
    assert _backend_name() == "LokyBackend"


def test_an_after_without_a_before_changes_nothing():
    digitkit_gallery.joblib_threads({}, EXAMPLE, "after")
    assert _backend_name() == "LokyBackend"


def test_warnings_are_errors_only_while_an_example_runs():
    with warnings.catch_warnings():
        digitkit_gallery.warnings_as_errors({}, EXAMPLE, "before")
        with pytest.raises(DeprecationWarning):
            warnings.warn("old", DeprecationWarning, stacklevel=1)
        digitkit_gallery.warnings_as_errors({}, EXAMPLE, "after")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.warn("old", DeprecationWarning, stacklevel=1)
        assert len(caught) == 1


def _loky_workers():
    """joblib's running worker processes (its small resource-tracker processes stay, by design).

    A child that has exited but is not yet reaped (a zombie, from this or an
    earlier test) has no command line any more, and is no running worker.
    """
    workers = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "LokyProcess" in " ".join(child.cmdline()):
                workers.append(child)
        except (psutil.ZombieProcess, psutil.NoSuchProcess):
            continue
    return workers


def test_idle_worker_processes_are_stopped_after_an_example():
    Parallel(n_jobs=2, backend="loky")(delayed(abs)(-i) for i in range(4))
    assert _loky_workers(), "loky should have left its idle workers running"
    digitkit_gallery.release_worker_processes({}, EXAMPLE, "after")
    deadline = time.monotonic() + 10
    while _loky_workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _loky_workers() == []


def test_sampler_counts_cpu_time_of_child_processes():
    sampler = digitkit_gallery.ProcessTreeSampler(interval=0.05)
    sampler.start()
    burn = ("import time\nend = time.process_time() + 0.6\n"
            "while time.process_time() < end: pass\ntime.sleep(0.3)")
    subprocess.run([sys.executable, "-c", burn], check=True)
    peak, wall, cpu = sampler.stop()
    assert cpu >= 0.4  # the child's busy loop, seen while it ran
    assert wall >= 0.6
    assert peak > 10 * 2**20  # at least this Python's own pages


def test_each_example_gets_a_memory_record(tmp_path):
    conf = {"src_dir": str(tmp_path)}
    for name in ("plot_01_a.py", "plot_02_b.py"):
        digitkit_gallery.measure_memory(conf, f"/examples/{name}", "before")
        time.sleep(0.1)
        digitkit_gallery.measure_memory(conf, f"/examples/{name}", "after")
    log = digitkit_gallery.read_records(tmp_path, "memory")
    assert sorted(log) == ["plot_01_a.py", "plot_02_b.py"]
    for entry in log.values():
        assert entry["wall_s"] >= 0.1
        assert entry["peak_pss_mib"] > 10
        assert entry["cpu_s"] >= 0


# -- All parts in one pool, longest first --------------------------------------------------

def _tree(tmp_path):
    """A docs folder and a gallery of two parts, with sphinx-gallery's configuration."""
    docs, examples = tmp_path / "docs", tmp_path / "examples"
    for part, names in {"01_a": ["plot_short.py", "plot_new.py", "helper.py"],
                        "02_b": ["plot_long.py", "plot_ran.py"]}.items():
        (examples / part).mkdir(parents=True)
        (examples / part / "GALLERY_HEADER.rst").write_text(f"{part}\n----\n")
        for name in names:
            (examples / part / name).write_text(f"print({name!r})\n")
    (examples / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    docs.mkdir()
    conf = {**DEFAULT_GALLERY_CONF, "examples_dirs": "../examples", "gallery_dirs": "auto_examples",
            "filename_pattern": "/plot_", "plot_gallery": True, "src_dir": str(docs),
            "source_suffix": {".rst": "restructuredtext"}}
    return docs, conf


def test_the_examples_due_in_every_part_come_longest_first(tmp_path, monkeypatch):
    from sphinx_gallery.utils import get_md5sum

    docs, conf = _tree(tmp_path)
    table = tmp_path / "example-costs.json"
    table.write_text('{"plot_short.py": 1.0, "plot_long.py": 50.0, "plot_ran.py": 99.0}')
    monkeypatch.setattr(digitkit_gallery, "EXAMPLE_COSTS", table)
    # plot_ran.py ran in an earlier build and has not changed since: not due.
    ran = docs / "auto_examples" / "02_b" / "plot_ran.py.md5"
    ran.parent.mkdir(parents=True)
    ran.write_text(get_md5sum(tmp_path / "examples" / "02_b" / "plot_ran.py", mode="t"))

    due = digitkit_gallery.examples_to_run(docs, conf)
    # A new example's cost is unknown: it may be long, so it comes first; helper.py is not an example.
    assert [example.fname for example in due] == ["plot_new.py", "plot_long.py", "plot_short.py"]
    assert {example.fname: example.target_dir.relative_to(docs).as_posix() for example in due} == {
        "plot_new.py": "auto_examples/01_a", "plot_long.py": "auto_examples/02_b",
        "plot_short.py": "auto_examples/01_a"}

    # This folder's own records of an earlier build come before the committed table.
    digitkit_gallery.write_record(conf, "/x/plot_short.py", "memory", {"cpu_s": 80.0})
    assert [example.fname for example in digitkit_gallery.examples_to_run(docs, conf)] == [
        "plot_new.py", "plot_short.py", "plot_long.py"]
    # Nothing runs when the gallery is not plotted (html-noplot).
    assert digitkit_gallery.examples_to_run(docs, {**conf, "plot_gallery": False}) == []


def test_the_example_costs_name_every_example():
    """The committed order knows every example, so a clean build puts none first by mistake."""
    costs = json.loads(digitkit_gallery.EXAMPLE_COSTS.read_text())
    examples = sorted(path.name for path in (ROOT / "examples").rglob("plot_*.py"))
    assert sorted(costs) == examples
    assert list(costs.values()) == sorted(costs.values(), reverse=True)


SLEEPER = '''"""
Sleeps in part {part}
=====================

It notes when it ran.
"""
import time
from pathlib import Path

start = time.time()
time.sleep(3)
Path(r"{log}").write_text(f"{{start}} {{time.time()}}")
print("slept")
'''


@pytest.mark.docs
def test_examples_of_different_parts_run_side_by_side(tmp_path):
    """sphinx-gallery alone would run part 02 only once part 01 is done."""
    logs = {part: tmp_path / f"{part}.times" for part in ("01_a", "02_b")}
    docs = gallery_of_parts(tmp_path, {part: {f"plot_{part}.py": SLEEPER.format(part=part, log=log)}
                                       for part, log in logs.items()})
    result = run_sphinx(docs, tmp_path / "html", capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    (a_start, a_end), (b_start, b_end) = (map(float, log.read_text().split()) for log in logs.values())
    assert a_start < b_end and b_start < a_end, "the two parts' examples did not overlap"
    assert "running the 2 examples due, longest first" in result.stdout
    assert "successfully executed 2 out of 2 files" in result.stdout
    assert "excluding 0 files that had previously been run" in result.stdout
    assert printed_output(tmp_path / "html" / "auto_examples" / "02_b" / "plot_02_b.html").strip() == "slept"

    again = run_sphinx(docs, tmp_path / "html", capture_output=True, text=True)
    assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
    assert "examples due" not in again.stdout
    assert "excluding 2 files that had previously been run" in again.stdout
