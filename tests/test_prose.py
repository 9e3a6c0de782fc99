"""The prose checker (docs/sphinxext/digitkit_prose.py): numbers and claims against the output.

The unit tests build a tiny example and its generated page in a temporary
folder; the last test plants a contradiction into a page of the real site and
shows that the checker, which ran clean in the build, reports it.
"""

from __future__ import annotations

import shutil
import sys
import textwrap

import pytest

from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
from digitkit_prose import (  # noqa: E402
    Claim,
    Output,
    check_example,
    check_gallery,
    load_claims_of,
    stated_numbers,
)

SOURCE = '''\
"""
A tiny example
==============

The detector finds more than 60% of the 5s, with a precision of 0.84.
"""

# %%
# Results
# -------
# Its recall is 65.1% and it flags 4,217 digits, about 4,200. We set ``n=123``.
# Scores run from about -150,000 up (see :ref:`sphx_glr_auto_examples_p_plot_other.py`).
recall = compute_recall()
print(f"recall: {recall:.4f}")
'''


def page(*printed: str) -> str:
    """A generated page holding the printed lines, as sphinx-gallery writes it."""
    lines = "\n".join(f"    {line}" for line in printed)
    return f"Title\n\n.. rst-class:: sphx-glr-script-out\n\n .. code-block:: none\n\n{lines}\n\n\n"


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "plot_tiny.py"
    path.write_text(SOURCE)
    return path


def messages(problems):
    return [problem.message for problem in problems]


def test_numbers_printed_at_the_prose_precision_pass(example):
    rst = page("precision: 0.8371", "recall: 0.6512", "flagged: 4,217 of 60,000")
    assert messages(check_example(example, rst, ["lowest score: -151,203.5"])) == []


def test_a_drifted_number_is_reported_at_its_line(example):
    rst = page("precision: 0.8012", "recall: 0.6512", "flagged: 4,217 of 60,000")
    problems = check_example(example, rst, ["lowest score: -151,203.5"])
    assert len(problems) == 1
    assert "0.84" in problems[0].message and problems[0].line == 5


def test_direction_words_must_hold(example):
    rst = page("precision: 0.3371", "recall: 0.5512", "flagged: 4,217 of 60,000")
    problems = check_example(example, rst, ["lowest score: -151,203.5"])
    # Nothing printed is 60% or more (within a factor of two), nor 65.1%, nor 0.84.
    assert sorted(p.split(" (")[0] for p in messages(problems)) == [
        "the prose states 0.84", "the prose states 60%", "the prose states 65.1%"]


def test_a_number_only_on_a_page_not_linked_is_reported(example):
    rst = page("precision: 0.8371", "recall: 0.6512", "flagged: 4,217 of 60,000")
    assert any("150,000" in message for message in messages(check_example(example, rst, [])))


def test_sourced_numbers_pass_and_stale_sources_are_reported(example):
    rst = page("precision: 0.8371", "recall: 0.6512", "flagged: 4,217 of 60,000")
    problems = check_example(example, rst, [], sourced={"150,000": "a paper", "0.9": "gone"})
    assert messages(problems) == ["SOURCED lists '0.9', which the prose no longer states"]


def test_claims_are_checked_against_the_output(example):
    rst = page("precision: 0.8371", "recall: 0.6512", "flagged: 4,217 of 60,000")
    linked = ["lowest score: -151,203.5"]
    true = Claim("plot_tiny.py", "more than 60% of the 5s", lambda out: out.value("recall") > 0.6)
    false = Claim("plot_tiny.py", "with a precision of 0.84", lambda out: out.value("precision") > 0.9)
    gone = Claim("plot_tiny.py", "a sentence nobody wrote", lambda out: True)
    broken = Claim("plot_tiny.py", "Its recall is 65.1%", lambda out: out.value("F1") > 0)
    found = messages(check_example(example, rst, linked, [true, false, gone, broken]))
    assert len(found) == 3
    assert "contradicts" in found[0] and "no longer in the prose" in found[1]
    assert "cannot be checked" in found[2]


def test_a_number_from_a_linked_page_left_out_of_the_build_is_not_reported(tmp_path):
    """A small gallery may lack the page a number comes from; with it, the number is checked."""
    examples, gallery = tmp_path / "examples", tmp_path / "auto_examples"
    (examples / "p").mkdir(parents=True)
    (gallery / "p").mkdir(parents=True)
    (examples / "p" / "plot_tiny.py").write_text(SOURCE)
    (gallery / "p" / "plot_tiny.rst").write_text(
        page("precision: 0.8371", "recall: 0.6512", "flagged: 4,217 of 60,000"))
    assert check_gallery(examples, gallery, tmp_path / "no-claims") == []
    (examples / "p" / "plot_other.py").write_text('"""\nOther\n=====\n"""\nprint(1)\n')
    (gallery / "p" / "plot_other.rst").write_text(page("lowest score: -99,000"))
    problems = check_gallery(examples, gallery, tmp_path / "no-claims")
    assert [problem.message.split(" (")[0] for problem in problems] == ["the prose states 150,000"]


def test_code_literals_versions_and_small_counts_are_not_results():
    prose = [(1, "Use ``gamma=0.001`` with scikit-learn 1.7.2, three folds, 3 folds, 10 classes, "
                 "in 1998, on 60,000 digits of 28x28 pixels.")]
    assert [number.text for number in stated_numbers(prose) if not number.exempt()] == []


def test_a_range_of_percentages_is_two_percentages():
    numbers = stated_numbers([(1, "each fold scores 95-96% and 40–45 % of the rest")])
    assert [(n.text, n.percent) for n in numbers] == [("95", True), ("96%", True),
                                                      ("40", True), ("45 %", True)]


def test_every_claim_and_sourced_number_names_an_example_of_its_part():
    for path in sorted((ROOT / "docs" / "claims").glob("*.py")):
        claims, sourced = load_claims_of(path)
        pages = {example.name for example in (ROOT / "examples" / path.stem).glob("plot_*.py")}
        assert pages, f"{path.name}: no part folder examples/{path.stem}"
        named = {claim.page for claim in claims} | set(sourced)
        assert named <= pages, f"{path.name} names pages not in its part: {sorted(named - pages)}"


def test_output_helpers():
    out = Output("accuracy: 0.9830\nerrors: 1,170 of 10,000 (11.7%)")
    assert out.value("errors", 1) == 10000
    with pytest.raises(LookupError):
        out.line("recall")
    with pytest.raises(LookupError):
        out.value("accuracy", 3)


@pytest.mark.docs
def test_the_built_site_passes_and_a_planted_contradiction_fails(site, tmp_path):
    """The real gallery's prose holds; change one printed number and the checker says where."""
    gallery = site.parents[1] / "auto_examples"
    claims = ROOT / "docs" / "claims"
    assert check_gallery(ROOT / "examples", gallery, claims) == []
    planted = tmp_path / "auto_examples"
    shutil.copytree(gallery, planted, ignore=shutil.ignore_patterns("images", "*.zip", "*.ipynb"))
    page_path = planted / "03_binary_classifier" / "plot_02_confusion_matrix.rst"
    text = page_path.read_text()
    assert "precision: 0.8371" in text
    page_path.write_text(text.replace("0.8371", "0.7012"))  # printed twice: by scikit-learn and by hand
    problems = check_gallery(ROOT / "examples", planted, claims)
    assert problems, "a changed precision went unnoticed"
    assert {problem.source.name for problem in problems} == {"plot_02_confusion_matrix.py"}
    assert any("states 84%" in problem.message for problem in problems), \
        textwrap.shorten(str(messages(problems)), 400)
