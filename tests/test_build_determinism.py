"""Builds print exactly the same results: two clean builds, and a rebuild from the memo.

The whole-gallery test rebuilds the real site after a prose edit of every
example, with the build's memo in place (docs/sphinxext/digitkit_memo.py):
every page must print what the clean build printed, durations aside, and
show as many figures.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sitebuild import (
    ROOT,
    copy_docs,
    figure_count,
    printed_output,
    results_printed,
    run_sphinx,
)

# Fast examples covering both datasets, the plots and a fitted model.
EXAMPLES = [
    "01_small_digits/plot_01_svc_digits.py",
    "01_small_digits/plot_02_four_step_pattern.py",
    "05_multilabel_multioutput/plot_02_denoising.py",
]

pytestmark = pytest.mark.docs


def _build_outputs(work, data):
    docs = work / "docs"
    gallery = work / "examples"
    if docs.exists():  # a rebuild: edit the prose of every example, so that each runs again
        for example in EXAMPLES:
            source = gallery / example
            source.write_text(source.read_text().replace("# %%\n", "# %%\n# (edited)\n", 1))
        return _run(docs, work, data)
    copy_docs(work)
    gallery.mkdir()
    (gallery / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    for example in EXAMPLES:
        source = ROOT / "examples" / example
        (gallery / source.parent.name).mkdir(exist_ok=True)
        shutil.copy(source.parent / "GALLERY_HEADER.rst", gallery / source.parent.name)
        shutil.copy(source, gallery / example)
    return _run(docs, work, data)


def _run(docs, work, data):
    result = run_sphinx(docs, work / "html", capture_output=True, text=True,
                        env={**os.environ, "DIGITKIT_DATA": str(data)})
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return {
        example: printed_output(work / "html" / "auto_examples" / example.replace(".py", ".html"))
        for example in EXAMPLES
    }


def test_clean_builds_and_a_memoized_rebuild_print_identical_results(tmp_path, mnist_data):
    """Two clean builds agree, and so does a rebuild that loads the memoized results.

    The rebuild runs every example again after a prose edit, with the
    build's memo of the first run (docs/sphinxext/digitkit_memo.py) in place.
    """
    first = _build_outputs(tmp_path / "first", mnist_data)
    second = _build_outputs(tmp_path / "second", mnist_data)
    memo = tmp_path / "second" / "docs" / "_build" / "cache" / "memo"
    assert any(memo.rglob("*.pickle")), "the build memoized nothing"
    rebuilt = _build_outputs(tmp_path / "second", mnist_data)
    for example in EXAMPLES:
        assert first[example].strip(), f"{example} printed nothing"
        assert first[example] == second[example] == rebuilt[example], example


def _link_or_copy(source, target):
    """Hard-link a file (a memo entry is never changed in place, only replaced); copy if that fails."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def test_a_prose_edit_of_every_example_rebuilds_every_page_the_same_from_the_memo(site, tmp_path):
    """Each example runs again, loading what it can from the memo, and prints what the clean build did.

    Memoized calls replay their results and printed output; what is not
    memoized (the browser model's training, the plots) must be deterministic.
    Each example's time in the rebuild is written to
    ``artifacts/prose-edit-rebuild.json`` (a record, not a check).
    """
    work = site.parents[2]
    if not (work / "docs" / "_build" / "cache" / "memo").is_dir():
        pytest.skip(f"{site} was built elsewhere, without its memo (DIGITKIT_SITE); nothing to reload")
    # Every file the rebuild may rewrite in place is copied; the memo, whose
    # entries are only ever replaced, is linked (1.8 GB).
    shutil.copytree(work / "docs", tmp_path / "docs", symlinks=True,
                    ignore=lambda folder, names: ["cache"] if Path(folder).name == "_build" else [])
    shutil.copytree(work / "docs" / "_build" / "cache", tmp_path / "docs" / "_build" / "cache",
                    copy_function=_link_or_copy)
    shutil.copytree(work / "examples", tmp_path / "examples")
    sources = sorted((tmp_path / "examples").glob("*/plot_*.py"))
    for source in sources:
        text = source.read_text()
        source.write_text(text.replace("# %%\n", "# %%\n# (a prose edit)\n#\n", 1))
    docs = tmp_path / "docs"
    result = run_sphinx(docs, docs / "_build" / "html", capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert f"executed {len(sources)} out of {len(sources)}" in result.stdout, result.stdout[-2000:]

    different = []
    for source in sources:
        page = f"auto_examples/{source.parent.name}/{source.stem}.html"
        clean, rebuilt = site / page, docs / "_build" / "html" / page
        if results_printed(clean) != results_printed(rebuilt):
            different.append(f"{page}: printed output differs")
        if figure_count(clean) != figure_count(rebuilt):
            different.append(f"{page}: {figure_count(clean)} figures, rebuilt {figure_count(rebuilt)}")
    assert not different, "\n".join(different)

    records = {name: json.loads((docs / "_build" / "example-records" / "memo" / f"{name}.json").read_text())
               for name in (source.name for source in sources)}
    assert any("loaded" in call for record in records.values() for call in record["calls"]), \
        "the rebuild loaded nothing from the memo"
    times = {name: json.loads((docs / "_build" / "example-records" / "memory" / f"{name}.json")
                              .read_text())["wall_s"] for name in records}
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "prose-edit-rebuild.json").write_text(json.dumps(times, indent=2, sort_keys=True))
