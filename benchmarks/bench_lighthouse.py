"""Score the built site's pages with Lighthouse, as a reader on a phone meets them; print a table.

Serves a built site with gzip (the ``serve`` package from npm, as a static
host would), runs Lighthouse 12 with its default mobile preset (a mid-range
phone on a slow 4G network, simulated) in Debian's Chromium on each page, and
prints, per page: the four category scores, largest contentful paint,
cumulative layout shift, total blocking time and the bytes transferred; then
what the largest paint was and where its time went (Lighthouse's phases),
and the range of LCP over the runs, which is wide on a busy machine.

Usage::

    npm install --prefix ~/.cache/digitkit-bench lighthouse@12 serve
    python benchmarks/bench_lighthouse.py docs/_build/html \\
        [--npm-prefix ~/.cache/digitkit-bench] [--examples all] [--out FILE] [--rst FILE]

By default the pages are the landing page, the gallery index, the three
interactive pages and three example pages; ``--examples all`` scores every
example page and keeps the three slowest to paint in the table. A
measurement, not a test: Lighthouse's simulated timings move by a tenth from
one run to the next, so ``--runs`` (default 3) takes the median of each.
``--rst`` writes the table for the developers page
(``docs/lighthouse-results.rst``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run")
FIXED_PAGES = ["index.html", "auto_examples/index.html", "draw.html", "threshold-explorer.html",
               "error-browser.html"]
DEFAULT_EXAMPLES = ["auto_examples/04_multiclass/plot_02_error_analysis.html",
                    "auto_examples/07_beyond_the_chapter/plot_05_leaderboard.html",
                    "auto_examples/03_binary_classifier/plot_02_confusion_matrix.html"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tool(prefix: Path | None, name: str) -> str:
    """The path of an npm tool: in ``prefix``'s ``node_modules/.bin``, else on the PATH."""
    if prefix is not None and (prefix / "node_modules" / ".bin" / name).is_file():
        return str(prefix / "node_modules" / ".bin" / name)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: npm install --prefix ~/.cache/digitkit-bench lighthouse@12 serve, "
                 "then pass --npm-prefix ~/.cache/digitkit-bench")
    return found


def score_page(lighthouse: str, url: str) -> dict:
    """One Lighthouse run on ``url``: scores (0-100) and the metrics of the table."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([lighthouse, url, "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--output=json",
                        f"--output-path={report}"], check=True, capture_output=True,
                       env={**os.environ, "CHROME_PATH": CHROMIUM})
        result = json.loads(report.read_text())
    audits = result["audits"]
    return {
        **{name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES},
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        **lcp_breakdown(audits),
        "failed": sorted(name for name, audit in audits.items()
                         if audit.get("score") is not None and audit["score"] < 0.9
                         and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")),
    }


def lcp_breakdown(audits: dict) -> dict:
    """What the largest paint was (its tag) and where its time went (ms by phase).

    The phases are Lighthouse's: time to first byte, then the delay before
    and the time of its resource's load (both 0 for text), then the render
    delay, which holds what blocks rendering.
    """
    element, phases = "?", {}
    for block in audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", []):
        for item in block.get("items", []):
            if "node" in item:
                element = item["node"].get("snippet", "?").split(">")[0] + ">"
            elif "phase" in item:
                phases[item["phase"]] = item["timing"]
    return {"lcp_element": element, "lcp_phases_ms": phases}


def median_run(lighthouse: str, url: str, runs: int) -> dict:
    results = [score_page(lighthouse, url) for _ in range(runs)]
    numbers = [key for key, value in results[0].items() if isinstance(value, int | float)]
    merged = {key: statistics.median(result[key] for result in results) for key in numbers}
    by_lcp = sorted(results, key=lambda result: result["lcp_s"])
    merged["lcp_s_range"] = [by_lcp[0]["lcp_s"], by_lcp[-1]["lcp_s"]]
    middle = by_lcp[len(results) // 2]
    merged["lcp_element"], merged["lcp_phases_ms"] = middle["lcp_element"], middle["lcp_phases_ms"]
    merged["failed"] = sorted(set().union(*(result["failed"] for result in results)))
    return merged


def text_table(rows: dict[str, dict]) -> str:
    header = (f"{'page':<58}{'perf':>5}{'a11y':>5}{'bp':>5}{'seo':>5}{'LCP s':>7}{'CLS':>7}"
              f"{'TBT ms':>8}{'KiB':>7}")
    lines = [header]
    for page, row in rows.items():
        lines.append(f"{page:<58}{row['performance']:>5.0f}{row['accessibility']:>5.0f}"
                     f"{row['best-practices']:>5.0f}{row['seo']:>5.0f}{row['lcp_s']:>7.1f}"
                     f"{row['cls']:>7.3f}{row['tbt_ms']:>8.0f}{row['kib']:>7.0f}")
    return "\n".join(lines)


def rst_table(rows: dict[str, dict], runs: int, version: str) -> str:
    header = ("page", "performance", "accessibility", "best practices", "SEO", "LCP (s)", "CLS",
              "TBT (ms)", "KiB (gzip)")
    body = [(f"``{page}``", f"{row['performance']:.0f}", f"{row['accessibility']:.0f}",
             f"{row['best-practices']:.0f}", f"{row['seo']:.0f}", f"{row['lcp_s']:.1f}",
             f"{row['cls']:.3f}", f"{row['tbt_ms']:.0f}", f"{row['kib']:.0f}") for page, row in rows.items()]
    widths = [max(len(cell) for cell in column) for column in zip(header, *body, strict=True)]
    rule = "  ".join("=" * width for width in widths)

    def line(cells):
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([
        ".. This file is written by benchmarks/bench_lighthouse.py --rst; do not edit by hand.",
        "",
        f"Measured on {datetime.date.today().isoformat()} with Lighthouse {version} (mobile preset: "
        f"a simulated mid-range phone on slow 4G), Debian's Chromium, the site served with gzip; "
        f"medians of {runs} runs per page.",
        "",
        rule, line(header), rule, *map(line, body), rule, "",
    ])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (docs/_build/html)")
    parser.add_argument("--npm-prefix", type=Path, help="where lighthouse and serve are installed")
    parser.add_argument("--examples", choices=("default", "all"), default="default")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="benchmarks/lighthouse.json")
    parser.add_argument("--rst")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} holds no built site (no index.html)")
    lighthouse, serve = tool(args.npm_prefix, "lighthouse"), tool(args.npm_prefix, "serve")
    version = subprocess.run([lighthouse, "--version"], capture_output=True, text=True).stdout.strip()
    port = free_port()
    # No clean URLs: the pages link to each other as .html files.
    config = Path(tempfile.mkdtemp()) / "serve.json"
    config.write_text(json.dumps({"cleanUrls": False}))
    server = subprocess.Popen([serve, "--no-clipboard", "--config", str(config), "-l", str(port),
                               str(args.site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2)
        examples = DEFAULT_EXAMPLES
        if args.examples == "all":
            examples = sorted(str(path.relative_to(args.site))
                              for path in args.site.glob("auto_examples/*/plot_*.html"))
        rows = {}
        for page in FIXED_PAGES + examples:
            if not (args.site / page).is_file():
                print(f"{page}: not in this build, left out", flush=True)
                continue
            rows[page] = median_run(lighthouse, f"http://127.0.0.1:{port}/{page}", args.runs)
            print(f"{page}: performance {rows[page]['performance']:.0f}, LCP {rows[page]['lcp_s']:.1f} s",
                  flush=True)
    finally:
        server.terminate()
    if args.examples == "all":
        measured = [page for page in examples if page in rows]
        slowest = sorted(measured, key=lambda page: -rows[page]["lcp_s"])[:3]
        rows = {page: row for page, row in rows.items() if page in FIXED_PAGES or page in slowest}
    print(f"\nLighthouse {version}, mobile preset; medians of {args.runs} runs\n")
    print(text_table(rows))
    print("\nThe largest paint of the median run, its phases (ms), and the range of LCP over the runs:")
    for page, row in rows.items():
        phases = ", ".join(f"{phase} {ms:.0f}" for phase, ms in row["lcp_phases_ms"].items())
        low, high = row["lcp_s_range"]
        print(f"{page}: {row['lcp_element']} ({phases}); LCP {low:.1f}-{high:.1f} s")
    for page, row in rows.items():
        if row["failed"]:
            print(f"{page}: audits below 0.9: {', '.join(row['failed'])}")
    Path(args.out).write_text(json.dumps({"lighthouse": version, "runs": args.runs, "pages": rows}, indent=1))
    print(f"wrote {args.out}")
    if args.rst:
        Path(args.rst).write_text(rst_table(rows, args.runs, version))
        print(f"wrote {args.rst}")


if __name__ == "__main__":
    main()
