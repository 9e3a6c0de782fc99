"""Hooks that sphinx-gallery calls around every example (see ``conf.py``).

They live in a module, not in ``conf.py``, so the configuration holds only
strings: Sphinx can then cache it and skip unchanged pages on a rebuild.
"""

import json
import threading
import time
import warnings
from pathlib import Path

import psutil

#: Per-example measurements are appended here (relative to the docs folder).
MEMORY_LOG = Path("_build") / "example-memory.json"


class _PeakMemory:
    """Sample the resident memory of this process and its children in a thread."""

    def __init__(self, interval=0.05):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._process = psutil.Process()

    def _rss(self):
        total = self._process.memory_info().rss
        for child in self._process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:  # the child ended between listing and reading
                pass
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(self.interval)

    def start(self):
        self.start_time = time.perf_counter()
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()
        return self.peak, time.perf_counter() - self.start_time


_running = {}


def measure_memory(gallery_conf, fname, when):
    """Record each example's peak memory (with its worker processes) and time.

    The numbers go to ``_build/example-memory.json`` for the benchmark script.
    """
    if when == "before":
        _running[fname] = _PeakMemory()
        _running[fname].start()
        return
    sampler = _running.pop(fname, None)
    if sampler is None:
        return
    peak, seconds = sampler.stop()
    log = Path(gallery_conf["src_dir"]) / MEMORY_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    entries = json.loads(log.read_text()) if log.exists() else {}
    entries[Path(fname).name] = {"peak_rss_mib": peak / 2**20, "wall_s": seconds}
    log.write_text(json.dumps(entries, indent=2, sort_keys=True))


def warnings_as_errors(gallery_conf, fname, when):
    """Turn warnings into errors while an example runs; restore them after.

    sphinx-gallery calls this before and after each example
    (``reset_modules_order = "both"``). An example that warns, a deprecation
    included, then raises, and the build fails naming it.
    """
    warnings.resetwarnings()
    if when == "before":
        warnings.simplefilter("error")

