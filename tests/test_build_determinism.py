"""Two clean builds print exactly the same results."""

from __future__ import annotations

import os
import shutil

import pytest

from sitebuild import ROOT, copy_docs, printed_output, run_sphinx

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
