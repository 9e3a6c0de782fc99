"""Hooks that sphinx-gallery calls around every example (see ``conf.py``).

They live in a module, not in ``conf.py``, so the configuration holds only
strings: Sphinx can then cache it and skip unchanged pages on a rebuild.
The examples run in sphinx-gallery's worker processes (its ``parallel``),
so every hook works within the process that runs the example, and what
they record goes to files (:func:`write_record`). As a Sphinx extension,
the module runs the examples of all parts in one pool, longest first, just
before sphinx-gallery goes through them part by part
(:func:`run_examples_longest_first`), and stops those workers once the
gallery is written (:func:`stop_gallery_workers`).
"""

import ctypes
import dataclasses
import gc
import json
import math
import os
import threading
import time
import warnings
from pathlib import Path

import psutil


def gallery_folders(conf) -> tuple[str, str]:
    """The examples folder and the generated gallery's folder, relative to the docs.

    ``conf`` is sphinx-gallery's configuration (``sphinx_gallery_conf``, or
    the ``gallery_conf`` a hook gets); where it lists several galleries, the
    first. The digitkit site has one.
    """
    conf = conf or {}

    def first(value, default):
        if not value:
            return default
        return value if isinstance(value, str) else value[0]

    return first(conf.get("examples_dirs"), "../examples"), first(conf.get("gallery_dirs"), "auto_examples")


#: Per-example records, one JSON file per example and kind (relative to the docs folder):
#: ``_build/example-records/<kind>/<example file name>.json``. One file each, written
#: whole and atomically, so examples that run side by side never lose each other's.
RECORDS = Path("_build") / "example-records"


def write_record(gallery_conf, fname, kind: str, data: dict) -> Path:
    """Write what was measured or logged of one example (``kind``: "memory", "memo", ...)."""
    folder = Path(gallery_conf["src_dir"]) / RECORDS / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{Path(fname).name}.json"
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    partial.write_text(json.dumps(data, indent=2, sort_keys=True))
    partial.replace(path)
    return path


def read_records(docs_dir, kind: str) -> dict[str, dict]:
    """Every record of one kind, by example file name (``plot_01_first_look.py``)."""
    folder = Path(docs_dir) / RECORDS / kind
    return {path.name.removesuffix(".json"): json.loads(path.read_text())
            for path in sorted(folder.glob("*.json"))}


class ProcessTreeSampler:
    """Sample the memory and CPU time of this process and its children in a thread.

    Memory is the proportional set size (PSS) summed over the process tree:
    pages shared between processes (a memory-mapped array that joblib hands to
    its workers, the Python libraries) count once in total, not once per
    process as a plain RSS sum would. CPU time is summed per process from the
    first to the last time it was seen, so worker processes that start and
    stop during the example are counted.
    """

    def __init__(self, process=None, interval=0.25):
        self.interval = interval
        self.peak = 0
        self._cpu_first = {}
        self._cpu_last = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._process = process or psutil.Process()

    def _sample(self):
        total = 0
        try:
            processes = [self._process, *self._process.children(recursive=True)]
        except psutil.Error:  # the root process has ended
            return
        for process in processes:
            try:
                with process.oneshot():
                    total += process.memory_full_info().pss
                    times = process.cpu_times()
            except psutil.Error:  # the child ended between listing and reading
                continue
            cpu = times.user + times.system
            self._cpu_first.setdefault(process.pid, cpu)
            self._cpu_last[process.pid] = cpu
        self.peak = max(self.peak, total)

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            time.sleep(self.interval)

    def start(self):
        self.start_time = time.perf_counter()
        self._sample()
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join()
        self._sample()
        cpu = sum(self._cpu_last[pid] - self._cpu_first[pid] for pid in self._cpu_last)
        return self.peak, time.perf_counter() - self.start_time, cpu


_running = {}


def _give_back_free_memory():
    """Return to the system what earlier examples of this worker process freed.

    A worker runs several examples one after the other; Python's allocator
    keeps memory that was freed, and the next example's peak would count it.
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        pass


def measure_memory(gallery_conf, fname, when):
    """Record each example's peak memory and CPU time (with its worker processes) and wall time.

    The numbers go to the example's ``memory`` record (:func:`write_record`)
    for the benchmark script.
    """
    if when == "before":
        _give_back_free_memory()
        _running[fname] = ProcessTreeSampler()
        _running[fname].start()
        return
    sampler = _running.pop(fname, None)
    if sampler is None:
        return
    peak, seconds, cpu_seconds = sampler.stop()
    write_record(gallery_conf, fname, "memory",
                 {"peak_pss_mib": peak / 2**20, "wall_s": seconds, "cpu_s": cpu_seconds})


def warnings_as_errors(gallery_conf, fname, when):
    """Turn warnings into errors while an example runs; restore them after.

    sphinx-gallery calls this before and after each example
    (``reset_modules_order = "both"``). An example that warns, a deprecation
    included, then raises, and the build fails naming it.
    """
    warnings.resetwarnings()
    if when == "before":
        warnings.simplefilter("error")



_thread_config = []


def joblib_threads(gallery_conf, fname, when):
    """Run joblib's parallel work in threads, not processes, while an example runs.

    The work the examples spread over cores with ``n_jobs`` (SGD fits,
    nearest-neighbour searches, forests, cross-validation folds) runs in
    compiled code that releases Python's GIL, so threads use both cores as
    worker processes would, and the results are identical. Threads share the
    training data; each worker process needs its own copy of the data and of
    scikit-learn, which took the 5-detector examples past 2 GiB. A reader
    running an example at home gets joblib's default, processes.
    """
    from joblib import parallel_config

    if when == "before":
        _thread_config.append(parallel_config(backend="threading"))
    elif _thread_config:
        _thread_config.pop().unregister()


def release_worker_processes(gallery_conf, fname, when):
    """Stop joblib's idle worker processes once an example is done.

    joblib keeps its process pool alive for five minutes after the last task,
    so that the next call starts fast. In a build, the next call belongs to
    another example, and the idle workers (each a Python with scikit-learn
    loaded and often a copy of the data) would only add to that example's
    memory.
    """
    if when == "after":
        _shutdown_process_pool()


def _shutdown_process_pool():
    """Stop joblib's reusable process pool of this process, if it has one (none is started)."""
    from joblib.externals.loky import reusable_executor

    if reusable_executor._executor is not None:
        reusable_executor._executor.shutdown(wait=True)


# -- All parts in one pool -------------------------------------------------------------

#: Each example's CPU time in a clean build on the reference machine (2 cores),
#: by file name, written by ``benchmarks/bench_build.py --write-costs``. It only
#: orders the examples (:func:`examples_to_run`); a build with records of its own
#: (an earlier build in the same folder) orders by those instead.
EXAMPLE_COSTS = Path(__file__).resolve().parents[1] / "example-costs.json"


@dataclasses.dataclass(frozen=True)
class PendingExample:
    """An example sphinx-gallery would run: its file name, its part's source and target folders."""

    fname: str
    src_dir: Path
    target_dir: Path
    cost_s: float  # expected CPU seconds; inf when unknown


def expected_costs(docs_dir) -> dict[str, float]:
    """Each example's expected CPU seconds: this folder's last records, else :data:`EXAMPLE_COSTS`."""
    costs = json.loads(EXAMPLE_COSTS.read_text()) if EXAMPLE_COSTS.is_file() else {}
    costs.update({name: record["cpu_s"] for name, record in read_records(docs_dir, "memory").items()
                  if "cpu_s" in record})
    return costs


def examples_to_run(srcdir, gallery_conf) -> list[PendingExample]:
    """The examples of every part that sphinx-gallery will run in this build, longest first.

    An example runs when its file matches ``filename_pattern``, the gallery is
    plotted, and its text differs from the copy sphinx-gallery last ran (the
    MD5 sphinx-gallery keeps beside the copy). Unknown costs come first: a
    new example may be long.
    """
    from sphinx_gallery.gen_gallery import get_subsections
    from sphinx_gallery.gen_rst import executable_script
    from sphinx_gallery.utils import get_md5sum

    srcdir = Path(srcdir)
    examples_dir, gallery_dir = gallery_folders(gallery_conf)
    examples_dir, gallery_dir = srcdir / examples_dir, srcdir / gallery_dir
    costs = expected_costs(srcdir)
    pending = []
    for part in ["", *get_subsections(srcdir, examples_dir, gallery_conf)]:
        src_dir, target_dir = examples_dir / part, gallery_dir / part
        for src_file in sorted(src_dir.glob("*.py")):
            if not executable_script(src_file, gallery_conf):
                continue
            ran = target_dir / f"{src_file.name}.md5"
            if ran.is_file() and ran.read_text() == get_md5sum(src_file, mode="t"):
                continue
            pending.append(PendingExample(src_file.name, src_dir, target_dir,
                                          costs.get(src_file.name, math.inf)))
    return sorted(pending, key=lambda example: -example.cost_s)


def _run_example(example: PendingExample, gallery_conf) -> tuple[str, bool, float]:
    """Run one example as sphinx-gallery would (in a worker process): name, passed, seconds."""
    from sphinx_gallery.gen_rst import generate_file_rst

    _, _, (seconds, _), out_vars = generate_file_rst(example.fname, example.target_dir,
                                                     example.src_dir, gallery_conf)
    return example.fname, "formatted_exception" not in out_vars, seconds


#: The examples :func:`run_examples_longest_first` ran and passed: file name -> source path.
_ran_first: dict[str, str] = {}


def run_examples_longest_first(app):
    """Run the examples of every part in one pool of workers, longest first (``builder-inited``).

    sphinx-gallery runs its ``parallel`` workers one part at a time, so each
    part's last example runs alone while the other core idles, and a part
    with one long example (the error analysis, the leaderboard) keeps a core
    idle for minutes. Here every example that is due runs first, in one pool
    of as many workers, the longest first (so the short ones fill the gaps),
    through sphinx-gallery's own ``generate_file_rst`` with every hook: the
    pages, figures, notebooks and records are exactly those sphinx-gallery
    writes. sphinx-gallery then finds each example already run (its MD5 is
    current), and writes the indexes and the computation-times page from the
    times cached beside each example. An example that fails here is not
    marked as run, so sphinx-gallery runs it again and reports its error.
    """
    from joblib import Parallel, delayed
    from sphinx.util import logging
    from sphinx.util.display import status_iterator

    gallery_conf = app.config.sphinx_gallery_conf
    workers = gallery_conf.get("parallel")
    if not workers or workers < 2:
        return
    pending = examples_to_run(app.srcdir, gallery_conf)
    if not pending:
        return
    logger = logging.getLogger(__name__)
    for example in pending:  # as sphinx-gallery's generate_dir_rst does before its pool
        (example.target_dir / "images" / "thumb").mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    results = Parallel(n_jobs=workers, backend="loky", pre_dispatch="n_jobs", batch_size=1,
                       return_as="generator_unordered")(
        delayed(_run_example)(example, gallery_conf) for example in pending)
    sources = {example.fname: os.path.normpath(example.src_dir / example.fname) for example in pending}
    failed = []
    for fname, passed, _seconds in status_iterator(
            results, f"running the {len(pending)} examples due, longest first... ", "darkgreen",
            len(pending), stringify_func=lambda result: f"{result[0]} ({result[2]:.0f} s)"):
        if passed:
            _ran_first[fname] = sources[fname]
        else:
            failed.append(fname)
    logger.info(f"digitkit_gallery: {len(_ran_first)} examples ran in "
                f"{time.perf_counter() - start:.0f} s on {workers} workers"
                + (f"; {', '.join(failed)} failed and run again in sphinx-gallery's pass" if failed else ""))


def count_examples_ran_first(app):
    """Tell sphinx-gallery's summary that the examples run first passed, not that they were skipped.

    It counts an example whose MD5 is current as not run ("stale"); those run
    by :func:`run_examples_longest_first` in this build are passing.
    """
    gallery_conf = app.config.sphinx_gallery_conf
    stale = gallery_conf["stale_examples"]
    for target_file in list(stale):
        source = _ran_first.get(Path(target_file).name)
        if source is not None:
            stale.remove(target_file)
            gallery_conf["passing_examples"].append(source)
    _ran_first.clear()


def stop_gallery_workers(app):
    """Stop the worker processes that ran the examples, once the gallery is written.

    sphinx-gallery runs the examples in joblib's reusable process pool, which
    keeps its workers (and what the last examples left in them) for five
    minutes after the last task; the rest of the build needs none of them.
    """
    _shutdown_process_pool()


def setup(app):
    # Before sphinx-gallery's generate_gallery_rst (default priority 500) goes part by part.
    app.connect("builder-inited", run_examples_longest_first, priority=450)
    # After it wrote the gallery.
    app.connect("builder-inited", count_examples_ran_first, priority=540)
    app.connect("builder-inited", stop_gallery_workers, priority=550)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
