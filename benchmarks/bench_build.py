"""Benchmark the site build and the data load; print a table, write JSON.

Measures, on a copy of the repository in a temporary folder (so the working
tree is untouched):

* a clean build of the whole site: wall time, CPU time (user + system of the
  build and all its children) and peak memory (PSS summed over the build's
  process tree, sampled every 0.5 s: shared pages count once);
* each example's wall time, CPU time and peak memory, with its worker
  processes (recorded by ``docs/sphinxext/digitkit_gallery.py``);
* a rebuild with nothing changed, and a rebuild after a prose-only edit of
  one example (by default the heaviest, the error analysis), which runs that
  example again with the build's memo in place (each repeated
  ``--rebuilds`` times);
* ``fetch_mnist()`` from the local cache (median of several calls).

Usage::

    DIGITKIT_DATA=/path/to/mnist python benchmarks/bench_build.py \\
        [--repeat N] [--rebuilds N] [--out FILE] [--append] [--rst FILE]

``--append`` adds the new clean builds to those already in ``--out``, so a
series can be measured in several sittings. ``--write-costs`` writes each
example's median CPU seconds to ``docs/example-costs.json``, the order in
which a clean build runs the examples (longest first; see
``docs/sphinxext/digitkit_gallery.py``).

Run it several times (``--repeat``) and quote medians: machines are noisy.
This is a measurement, not a test; nothing here asserts a time. ``--rst``
writes the table for the developers page (``docs/benchmark-results.rst``).
"""

from __future__ import annotations

import argparse
import datetime
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

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
from digitkit_gallery import EXAMPLE_COSTS, ProcessTreeSampler, read_records  # noqa: E402

GENERATED = ("_build", "auto_examples", "generated", "gen_modules", "sg_execution_times.rst")


def timed_build(docs: Path, html: Path) -> dict:
    """Run one sphinx build in a child process; return wall, CPU and peak PSS."""
    before = os.times()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(docs), str(html)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=docs,
    )
    sampler = ProcessTreeSampler(psutil.Process(process.pid), interval=0.5)
    sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - start
    peak, _, _ = sampler.stop()
    after = os.times()
    if process.returncode != 0:
        sys.exit(f"build failed:\n{output[-5000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall_s": wall, "cpu_s": cpu, "peak_pss_mib": peak / 2**20}


def example_times(html: Path) -> dict[str, float]:
    """Per-example times from sphinx-gallery's computation-times page."""
    page = (html / "sg_execution_times.html").read_text()
    times = {}
    for name, minutes, seconds in re.findall(
        r"(plot_[\w]+\.py)</span>.*?<td><p>(\d+):(\d+\.\d+)</p></td>", page, re.S
    ):
        times[name] = int(minutes) * 60 + float(seconds)
    return times


def data_load_seconds(n_calls: int = 5) -> dict[str, float]:
    """``fetch_mnist()`` with the files already on disk: first call in a fresh process, and repeats."""
    code = (
        "import json, statistics, time\nfrom digitkit.datasets import fetch_mnist\n"
        "s = time.perf_counter(); fetch_mnist(); first = time.perf_counter() - s\nt = []\n"
        f"for _ in range({n_calls}):\n"
        "    s = time.perf_counter(); fetch_mnist(); t.append(time.perf_counter() - s)\n"
        "print(json.dumps({'first': first, 'again': statistics.median(t)}))"
    )
    return json.loads(subprocess.run([sys.executable, "-c", code], check=True,
                                     capture_output=True, text=True).stdout)


def edit_prose(example: Path, i: int) -> None:
    """Change a sentence of ``example``'s first text cell, as a typo fix would."""
    text = example.read_text()
    marker = "# %%\n"
    if marker not in text:
        sys.exit(f"{example} has no '# %%' cell to edit")
    example.write_text(text.replace(marker, f"{marker}# Edited by the benchmark ({i}).\n#\n", 1))


def run_once(example_to_touch: str, rebuilds: int) -> dict:
    """One clean build, then ``rebuilds`` no-op and prose-edit rebuilds each."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns(*GENERATED))
        shutil.copytree(ROOT / "examples", work / "examples")
        docs, html = work / "docs", work / "docs" / "_build" / "html"
        print("clean build ...", flush=True)
        clean = timed_build(docs, html)
        print(f"  {clean['wall_s']:.0f} s", flush=True)
        memory = read_records(docs, "memory")
        examples = {name: {**memory.get(name, {}), "sg_s": seconds}
                    for name, seconds in example_times(html).items()}
        noop, touched_runs = [], []
        touched = next((work / "examples").rglob(example_to_touch))
        for i in range(rebuilds):
            noop.append(timed_build(docs, html))
            edit_prose(touched, i)
            touched_runs.append(timed_build(docs, html))
            print(f"  prose edit of {example_to_touch}: {touched_runs[-1]['wall_s']:.1f} s", flush=True)
        every = {}
        if rebuilds:
            # Every example's prose edited at once: each runs again with the memo in
            # place; its time in that rebuild is what a prose edit of it alone costs,
            # plus the no-op rebuild's overhead (an upper bound: examples share the cores).
            for i, source in enumerate(sorted((work / "examples").rglob("plot_*.py"))):
                edit_prose(source, rebuilds + i)
            every = {"build": timed_build(docs, html),
                     "examples": {name: record["wall_s"] for name, record in
                                  read_records(docs, "memory").items()}}
            print(f"  prose edit of every example: {every['build']['wall_s']:.1f} s", flush=True)
    return {"clean": clean, "examples": examples, "rebuild_nothing_changed": noop,
            "rebuild_one_example_touched": touched_runs, "rebuild_every_example_touched": every,
            "fetch_mnist_cached_s": data_load_seconds()}


def machine() -> dict:
    """What the numbers were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    import numpy

    import sklearn
    return {"cpu": model, "cores": os.cpu_count(), "ram_gib": round(psutil.virtual_memory().total / 2**30),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "scikit-learn": sklearn.__version__, "date": datetime.date.today().isoformat()}


def summarise(runs: list[dict], touch: str) -> tuple[list[tuple], list[tuple]]:
    """Median rows for the build table and the per-example table."""
    def med(values):
        return statistics.median(values)

    builds = []
    for label, key in [("clean build", "clean"), ("rebuild, nothing changed", "rebuild_nothing_changed"),
                       (f"rebuild, prose of {touch} edited", "rebuild_one_example_touched")]:
        samples = [sample for run in runs for sample in ([run[key]] if key == "clean" else run[key])]
        if not samples:  # --rebuilds 0
            continue
        builds.append((label, len(samples), med(s["wall_s"] for s in samples),
                       med(s["cpu_s"] for s in samples), med(s["peak_pss_mib"] for s in samples)))
    builds.append(("fetch_mnist(), first call in a process", len(runs),
                   med(run["fetch_mnist_cached_s"]["first"] for run in runs), None, None))
    builds.append(("fetch_mnist(), again in the same process", len(runs),
                   med(run["fetch_mnist_cached_s"]["again"] for run in runs), None, None))
    every = [run["rebuild_every_example_touched"] for run in runs if run.get("rebuild_every_example_touched")]
    if every:
        builds.append(("rebuild, prose of every example edited", len(every),
                       med(e["build"]["wall_s"] for e in every), med(e["build"]["cpu_s"] for e in every),
                       med(e["build"]["peak_pss_mib"] for e in every)))
    noop_wall = next((row[2] for row in builds if row[0] == "rebuild, nothing changed"), 0.0)
    examples = []
    for name in runs[0]["examples"]:
        entries = [run["examples"][name] for run in runs]
        wall = med(e["sg_s"] for e in entries)
        cpu = med(e.get("cpu_s", float("nan")) for e in entries)
        edited = [e["examples"][name] for e in every if name in e["examples"]]
        examples.append((name, wall, cpu, cpu / wall if wall else float("nan"),
                         med(e.get("peak_pss_mib", float("nan")) for e in entries),
                         noop_wall + med(edited) if edited else float("nan")))
    examples.sort(key=lambda row: -row[1])
    return builds, examples


def floor_ratio(runs: list[dict], cores: int) -> float:
    """Median clean-build wall time over its floor, CPU seconds / cores (1.0: every core busy throughout)."""
    return statistics.median(run["clean"]["wall_s"] / (run["clean"]["cpu_s"] / cores) for run in runs)


def text_table(builds, examples) -> str:
    lines = [f"{'what':<44}{'n':>3}{'wall s':>10}{'cpu s':>10}{'peak MiB':>10}"]
    for label, n, wall, cpu, peak in builds:
        cpu_text = f"{cpu:>10.1f}" if cpu is not None else f"{'':>10}"
        peak_text = f"{peak:>10.0f}" if peak is not None else f"{'':>10}"
        lines.append(f"{label:<44}{n:>3}{wall:>10.2f}{cpu_text}{peak_text}")
    lines += ["", f"{'example':<44}{'wall s':>10}{'cpu s':>10}{'cores':>7}{'peak MiB':>10}"
                  f"{'prose edit s':>14}"]
    for name, wall, cpu, used, peak, edit in examples:
        lines.append(f"{name:<44}{wall:>10.1f}{cpu:>10.1f}{used:>7.2f}{peak:>10.0f}{edit:>14.1f}")
    total_wall = sum(row[1] for row in examples)
    total_cpu = sum(row[2] for row in examples)
    lines.append(f"{'all examples':<44}{total_wall:>10.1f}{total_cpu:>10.1f}")
    return "\n".join(lines)


def rst_tables(builds, examples, info, n_runs, ratio) -> str:
    def table(header, rows):
        widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
        rule = "  ".join("=" * w for w in widths)

        def fmt(row):
            return "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        return "\n".join([rule, fmt(header), rule, *map(fmt, rows), rule])

    build_rows = [(label, f"{wall:.2f}", "" if cpu is None else f"{cpu:.0f}",
                   "" if peak is None else f"{peak:.0f}") for label, _, wall, cpu, peak in builds]
    example_rows = [(f"``{name}``", f"{wall:.1f}", f"{cpu:.0f}", f"{used:.2f}", f"{peak:.0f}",
                     "" if edit != edit else f"{edit:.0f}")
                    for name, wall, cpu, used, peak, edit in examples]
    return "\n".join([
        ".. This file is written by benchmarks/bench_build.py --rst; do not edit by hand.",
        "",
        f"Measured on {info['date']}: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM; "
        f"Python {info['python']}, NumPy {info['numpy']}, scikit-learn {info['scikit-learn']}. "
        f"Medians of {n_runs} clean build(s); rebuild rows are medians over all their repetitions.",
        "",
        table(("what", "wall (s)", "CPU (s)", "peak memory (MiB)"), build_rows),
        "",
        f"The clean build's wall time is {ratio:.2f} times its floor (CPU seconds / {info['cores']} cores). "
        "A prose edit of an example rebuilds in about the no-op rebuild's time plus the "
        "example's own time when every example's prose was edited at once (with the memo in "
        "place; an upper bound, as examples then share the cores).",
        "",
        table(("example", "wall (s)", "CPU (s)", "cores used", "peak memory (MiB)", "prose edit (s)"),
              example_rows),
        "",
    ])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="clean builds to run (medians reported)")
    parser.add_argument("--rebuilds", type=int, default=3, help="no-op and touched rebuilds per clean build")
    parser.add_argument("--touch", default="plot_02_error_analysis.py",
                        help="example whose prose is edited for the partial rebuild")
    parser.add_argument("--out", default="benchmarks/results.json", help="where to write the JSON")
    parser.add_argument("--rst", help="also write the tables as reStructuredText here")
    parser.add_argument("--write-costs", action="store_true",
                        help=f"write each example's median CPU seconds to {EXAMPLE_COSTS.relative_to(ROOT)}")
    parser.add_argument("--append", action="store_true",
                        help="keep the runs already in --out and report medians over all of them")
    args = parser.parse_args()
    if not os.environ.get("DIGITKIT_DATA"):
        sys.exit("set DIGITKIT_DATA to the folder with the MNIST files")

    info = machine()
    runs = []
    if args.append and Path(args.out).exists():
        earlier = json.loads(Path(args.out).read_text())
        if earlier["machine"]["cpu"] != info["cpu"] or earlier["machine"]["cores"] != info["cores"]:
            sys.exit(f"{args.out} was measured on another machine ({earlier['machine']}); "
                     "use another --out")
        runs = earlier["runs"]
        print(f"{len(runs)} earlier clean build(s) from {args.out}")
    for _ in range(args.repeat):
        runs.append(run_once(args.touch, args.rebuilds))
        # Written after every run, so an interrupted series keeps what it measured.
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps({"machine": info, "runs": runs}, indent=2))
    builds, examples = summarise(runs, args.touch)
    print(f"\n{info['cpu']}, {info['cores']} cores, Python {info['python']}; "
          f"{len(runs)} clean build(s), medians\n")
    print(text_table(builds, examples))
    ratio = floor_ratio(runs, info["cores"])
    print(f"\nclean build: wall time / (CPU seconds / {info['cores']} cores) = {ratio:.2f}")
    print(f"wrote {args.out}")
    if args.rst:
        Path(args.rst).write_text(rst_tables(builds, examples, info, len(runs), ratio))
        print(f"wrote {args.rst}")
    if args.write_costs:
        write_costs({name: cpu for name, _, cpu, *_ in examples})
        print(f"wrote {EXAMPLE_COSTS}")


def write_costs(costs: dict[str, float]) -> None:
    """Write the examples' CPU seconds, largest first, as the build's order (``EXAMPLE_COSTS``)."""
    ordered = dict(sorted(((name, round(cpu, 1)) for name, cpu in costs.items() if cpu == cpu),
                          key=lambda item: -item[1]))
    EXAMPLE_COSTS.write_text(json.dumps(ordered, indent=1) + "\n")


if __name__ == "__main__":
    main()
