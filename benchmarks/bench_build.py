"""Benchmark the site build and the data load; print a table, write JSON.

Measures, on a copy of the repository in a temporary folder (so the working
tree is untouched):

* a clean build of the whole site: wall time, CPU time (user + system of the
  build and its children) and peak resident memory of the largest process;
* each example's time, as sphinx-gallery recorded it, and its peak memory
  (with its worker processes; recorded by ``docs/sphinxext/digitkit_gallery.py``);
* a rebuild with nothing changed, and a rebuild after touching one example;
* ``fetch_mnist()`` from the local cache (median of several calls).

Usage::

    DIGITKIT_DATA=/path/to/mnist python benchmarks/bench_build.py [--repeat N] [--out FILE]

Run it several times (or with ``--repeat``) and quote medians: machines are
noisy. This is a measurement, not a test; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _timed_build(docs: Path, html: Path) -> dict:
    """Run one sphinx build in a child process; return wall, CPU and peak RSS."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(docs / "time.txt"),
         sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(docs), str(html)],
        capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    peak_kib = int((docs / "time.txt").read_text().split()[-1])
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mib": peak_kib / 1024}


def _example_times(html: Path) -> dict[str, float]:
    """Per-example times from sphinx-gallery's computation-times page."""
    page = (html / "sg_execution_times.html").read_text()
    times = {}
    for name, minutes, seconds in re.findall(
        r"(plot_[\w]+\.py)</span>.*?<td><p>(\d+):(\d+\.\d+)</p></td>", page, re.S
    ):
        times[name] = int(minutes) * 60 + float(seconds)
    return times


def _data_load_seconds(n_calls: int = 5) -> float:
    code = (
        "import time; from digitkit.datasets import fetch_mnist; fetch_mnist();"
        f"t=[];\nfor _ in range({n_calls}):\n s=time.perf_counter(); fetch_mnist(); t.append(time.perf_counter()-s)\n"
        "import statistics; print(statistics.median(t))"
    )
    return float(subprocess.run([sys.executable, "-c", code], check=True,
                                capture_output=True, text=True).stdout)


def run_once(example_to_touch: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns(
            "_build", "auto_examples", "generated", "gen_modules", "sg_execution_times.rst"))
        shutil.copytree(ROOT / "examples", work / "examples")
        docs, html = work / "docs", work / "docs" / "_build" / "html"
        clean = _timed_build(docs, html)
        examples = _example_times(html)
        memory = json.loads((docs / "_build" / "example-memory.json").read_text())
        noop = _timed_build(docs, html)
        touched = next((work / "examples").rglob(example_to_touch))
        touched.write_text(touched.read_text() + "\n# touched by the benchmark\n")
        one = _timed_build(docs, html)
    return {"clean": clean, "examples": examples, "example_memory": memory, "rebuild_nothing_changed": noop,
            "rebuild_one_example_touched": one, "fetch_mnist_cached_s": _data_load_seconds()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="clean builds to run (median reported)")
    parser.add_argument("--touch", default="plot_01_svc_digits.py", help="example to touch for the partial rebuild")
    parser.add_argument("--out", default="benchmarks/results.json", help="where to write the JSON")
    args = parser.parse_args()
    if not os.environ.get("DIGITKIT_DATA"):
        sys.exit("set DIGITKIT_DATA to the folder with the MNIST files")

    runs = [run_once(args.touch) for _ in range(args.repeat)]

    def median(path):
        values = [run for run in runs]
        for key in path:
            values = [value[key] for value in values]
        return statistics.median(values)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{len(runs)} run(s), medians")
    print(f"{'what':<42}{'wall s':>10}{'cpu s':>10}{'peak MiB':>10}")
    for label, key in [("clean build", "clean"), ("rebuild, nothing changed", "rebuild_nothing_changed"),
                       (f"rebuild, {args.touch} touched", "rebuild_one_example_touched")]:
        print(f"{label:<42}{median([key, 'wall_s']):>10.1f}{median([key, 'cpu_s']):>10.1f}"
              f"{median([key, 'peak_rss_mib']):>10.0f}")
    print(f"{'fetch_mnist() from the cache':<42}{median(['fetch_mnist_cached_s']):>10.2f}")
    print("\nper example (time as sphinx-gallery recorded it; peak memory with worker processes):")
    for name in sorted(runs[0]["examples"], key=lambda n: -runs[0]["examples"][n]):
        seconds = statistics.median(r["examples"][name] for r in runs)
        peak = statistics.median(r["example_memory"][name]["peak_rss_mib"] for r in runs)
        print(f"  {name:<48}{seconds:>8.1f} s{peak:>9.0f} MiB")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"machine": {"cores": os.cpu_count(), "python": platform.python_version()},
                                          "runs": runs}, indent=2))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
