"""Two clean builds print exactly the same results."""

from __future__ import annotations

import os
import shutil

import pytest

from sitebuild import ROOT, copy_docs, run_sphinx
from test_docs_build import printed_output

# Fast examples covering both datasets, the plots and a fitted model.
EXAMPLES = [
    "01_small_digits/plot_01_svc_digits.py",
    "01_small_digits/plot_02_four_step_pattern.py",
    "05_multilabel_multioutput/plot_02_denoising.py",
]

pytestmark = [
    pytest.mark.docs,
    pytest.mark.skipif(not os.environ.get("DIGITKIT_DATA"), reason="needs DIGITKIT_DATA"),
]


def _build_outputs(work):
    docs = copy_docs(work)
    gallery = work / "examples"
    gallery.mkdir()
    (gallery / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    for example in EXAMPLES:
        source = ROOT / "examples" / example
        (gallery / source.parent.name).mkdir(exist_ok=True)
        shutil.copy(source.parent / "GALLERY_HEADER.rst", gallery / source.parent.name)
        shutil.copy(source, gallery / example)
    result = run_sphinx(docs, work / "html", capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return {
        example: printed_output(work / "html" / "auto_examples" / example.replace(".py", ".html"))
        for example in EXAMPLES
    }


def test_two_clean_builds_print_identical_results(tmp_path):
    first = _build_outputs(tmp_path / "first")
    second = _build_outputs(tmp_path / "second")
    for example in EXAMPLES:
        assert first[example].strip(), f"{example} printed nothing"
        assert first[example] == second[example], example
