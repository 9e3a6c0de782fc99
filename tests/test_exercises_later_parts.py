"""The exercises of the multilabel, better accuracy, beyond the chapter and browser parts.

The same checks as ``test_exercises_early_parts.py``, imported from there,
for the last four parts of the gallery: the sources have at least two
exercises, each with one "Solution" sub-section opening in its cell, and a
wrap-up; the built pages print the key numbers of every solution, pinned
below from a standalone run.
"""

from __future__ import annotations

import re

import pytest
from test_exercises_early_parts import exercises_source
from test_exercises_early_parts import (
    test_exercises_page_has_exercises_each_with_one_solution as check_exercises_page,
)

from test_docs_build import _squeeze, printed_output

PARTS = ["05_multilabel_multioutput", "06_better_accuracy", "07_beyond_the_chapter",
         "08_draw_a_digit"]

# The key numbers each solution prints, from a standalone run (every random
# state is fixed). Whitespace runs count as one space.
PINNED = {
    "05_multilabel_multioutput/plot_90_exercises_multilabel_multioutput": [
        # Exercise 1: a loop, and 5 or more.
        "share of test digits with a loop: 39.2%, 5 or more: 48.6%",
        "multilabel KNN, F1 per label: loop 0.9638, 5 or more 0.9652",
        "through the predicted digit, F1 per label: loop 0.9630, 5 or more 0.9628",
        "test digits where the two routes answer differently: 68",
        # Exercise 2: denoising, classifier against regressor.
        "noise 0 to 99: mean squared error noisy input 3,278, classifier 2,045, regressor 909",
        "noise 0 to 199: mean squared error noisy input 13,211, classifier 2,259, regressor 988",
    ],
    "06_better_accuracy/plot_90_exercises_better_accuracy": [
        # Exercise 1: rotations instead of shifts.
        "grey levels of the rotated copies: 0 to 255",
        "digits alone: test error 8.52% (426 of 5000 digits)",
        "4 shifted copies: test error 7.22% (361 of 5000 digits)",
        "4 rotated copies: test error 6.92% (346 of 5000 digits)",
        # Exercise 2: the validation curve of n_neighbors.
        "n_neighbors= 1: training accuracy 1.0000, validation accuracy 0.9107",
        "n_neighbors= 2: training accuracy 0.9547, validation accuracy 0.8927",
        "n_neighbors= 6: training accuracy 0.9322, validation accuracy 0.9070",
        "n_neighbors=20: training accuracy 0.8937, validation accuracy 0.8767",
        "best number of neighbours: 1",
    ],
    "07_beyond_the_chapter/plot_90_exercises_beyond_the_chapter": [
        # Exercise 1: 95% of the variance.
        "components for 95% of the variance: 154 as written, 85 deskewed",
        "chosen by validation, 50 components: test accuracy 0.9865",
        "95% of the variance, 85 components: test accuracy 0.9870",
        # Exercise 2: deskewing in front of SGD (scikit-learn 1.7, as the page says).
        "SGD on 10,000 digits as written: test accuracy 0.8957",
        "SGD on 10,000 digits deskewed: test accuracy 0.9351",
        "misclassified test digits: 1043 -> 649",
    ],
    "08_draw_a_digit/plot_90_exercises_draw_a_digit": [
        # Exercise 1: smaller networks.
        " 8 hidden units: 9.4 KB, test accuracy of the exported model 0.8998",
        "32 hidden units: 35.4 KB, test accuracy of the exported model 0.9420",
        "64 hidden units: 70.1 KB, test accuracy of the exported model 0.9527",
        # Exercise 2: the numpy twin against predict_proba.
        # float32 arithmetic: its last digits depend on the BLAS threads, so
        # the difference itself is checked below, to its order of magnitude.
        "float32 weights: largest difference in probability",
        "int8 weights: largest difference in probability 1.3e-02, predictions changed: 7",
    ],
}


@pytest.mark.parametrize("part", PARTS)
def test_exercises_page_has_exercises_each_with_one_solution(part):
    check_exercises_page(part)


def test_every_exercises_page_of_these_parts_is_pinned():
    assert sorted(PINNED) == sorted(f"{part}/{exercises_source(part).stem}" for part in PARTS)


@pytest.mark.parametrize("example_id", sorted(PINNED))
def test_solutions_print_their_pinned_numbers(site, example_id):
    folder, stem = example_id.split("/")
    output = _squeeze(printed_output(site / "auto_examples" / folder / f"{stem}.html"))
    for expected in PINNED[example_id]:
        assert _squeeze(expected) in output, expected


def test_the_float32_twin_agrees_to_a_millionth(site):
    page = site / "auto_examples" / "08_draw_a_digit" / "plot_90_exercises_draw_a_digit.html"
    found = re.search(r"float32 weights: largest difference in probability ([\d.e+-]+), "
                      r"predictions changed: (\d+)", printed_output(page))
    assert found, "the draw exercises no longer print the float32 comparison"
    assert float(found.group(1)) < 1e-6 and found.group(2) == "0"
