"""The hooks sphinx-gallery runs around every example (docs/sphinxext/digitkit_gallery.py)."""

from __future__ import annotations

import subprocess
import sys
import time
import warnings

import psutil
import pytest
from joblib import Parallel, delayed
from joblib.parallel import get_active_backend

from sitebuild import ROOT

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
