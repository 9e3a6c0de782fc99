"""The threshold explorer's numpy twin, and the scores file the page loads.

:class:`pagedata_threshold.ThresholdExplorer` must give, at every
threshold, the counts of :func:`sklearn.metrics.confusion_matrix` and the
scores of scikit-learn's metrics, ties and extreme thresholds included; the
file written by :func:`~pagedata_threshold.export_scores` must give back
the very scores it was given.
"""

from __future__ import annotations

import base64
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sklearn.metrics import (
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_curve,
)

from pagedata_threshold import JS_GLOBAL, ThresholdExplorer, export_scores, load_scores


def _random_problem(seed, n=500, ties=False):
    rng = np.random.default_rng(seed)
    y_true = rng.random(n) < 0.2
    y_true[:2] = [True, False]
    scores = rng.normal(size=n) + 1.5 * y_true
    if ties:
        scores = np.round(scores, 1)  # many equal scores
    return y_true, scores


# -- the twin against scikit-learn ----------------------------------------------------


@st.composite
def problems(draw):
    """Labels with both classes, scores (often tied), and thresholds to try."""
    n = draw(st.integers(2, 60))
    labels = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    labels[0], labels[-1] = True, False
    tied = draw(st.booleans())
    if tied:
        scores = draw(st.lists(st.integers(-5, 5).map(float), min_size=n, max_size=n))
    else:
        scores = draw(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=n, max_size=n))
    # Thresholds anywhere, on the scores themselves (where ties matter), and beyond them.
    anywhere = draw(st.lists(st.floats(-2e6, 2e6, allow_nan=False), min_size=1, max_size=5))
    on_scores = draw(st.lists(st.sampled_from(scores), min_size=1, max_size=5))
    return np.array(labels), np.array(scores), anywhere + on_scores + [-math.inf, math.inf]


def _at_each_threshold(problem):
    """Yield, for each threshold of a drawn problem, its explorer, the labels and the predictions there."""
    y_true, y_scores, thresholds = problem
    explorer = ThresholdExplorer(y_true, y_scores)
    for threshold in thresholds:
        yield threshold, explorer, y_true, y_scores >= threshold


@settings(max_examples=150, deadline=None)
@given(problems())
def test_counts_equal_sklearn_confusion_matrix_at_any_threshold(problem):
    for threshold, explorer, y_true, y_pred in _at_each_threshold(problem):
        expected = confusion_matrix(y_true, y_pred, labels=[False, True])
        np.testing.assert_array_equal(explorer.confusion_matrix(threshold), expected)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_metrics_equal_sklearn_metrics(problem):
    for threshold, explorer, y_true, y_pred in _at_each_threshold(problem):
        m = explorer.metrics(threshold)
        assert m["threshold"] == threshold
        (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred, labels=[False, True])
        assert (m["tn"], m["fp"], m["fn"], m["tp"]) == (tn, fp, fn, tp)
        if y_pred.any():
            assert m["precision"] == precision_score(y_true, y_pred)
        else:
            assert math.isnan(m["precision"])
        assert m["recall"] == recall_score(y_true, y_pred)
        assert m["f1"] == pytest.approx(f1_score(y_true, y_pred, zero_division=0.0), abs=1e-12)
        assert m["false_positive_rate"] == fp / (fp + tn)


def test_brute_force_at_every_score_and_between(tmp_path):
    y_true, y_scores = _random_problem(1, n=300, ties=True)
    explorer = ThresholdExplorer(y_true, y_scores)
    distinct = np.unique(y_scores)
    between = (distinct[1:] + distinct[:-1]) / 2
    for threshold in np.concatenate([distinct, between, [distinct[0] - 1, distinct[-1] + 1]]):
        expected = confusion_matrix(y_true, y_scores >= threshold, labels=[False, True])
        np.testing.assert_array_equal(explorer.confusion_matrix(threshold), expected)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("target", [0.5, 0.8, 0.9, 0.95])
def test_threshold_for_precision_is_found_as_with_precision_recall_curve(ties, target):
    y_true, y_scores = _random_problem(2, ties=ties)
    precisions, _, thresholds = precision_recall_curve(y_true, y_scores)
    expected = thresholds[(precisions >= target).argmax()]
    explorer = ThresholdExplorer(y_true, y_scores)
    found = explorer.threshold_for_precision(target)
    assert found == expected
    assert found in y_scores
    # It reaches the target, and no lower score does.
    assert explorer.metrics(found)["precision"] >= target
    lower = np.unique(y_scores[y_scores < found])
    assert all(explorer.metrics(t)["precision"] < target for t in lower)


def test_threshold_for_precision_refuses_what_cannot_be_reached():
    explorer = ThresholdExplorer([False, True, False], [3.0, 2.0, 1.0])  # the top score is wrong
    assert explorer.threshold_for_precision(0.5) == 2.0
    with pytest.raises(ValueError, match="no threshold reaches a precision of 0.9"):
        explorer.threshold_for_precision(0.9)
    for bad in (0, 1.5, -0.1, float("nan"), "0.9", True):
        with pytest.raises(ValueError, match="precision must be a number above 0"):
            explorer.threshold_for_precision(bad)


@pytest.mark.parametrize("ties", [False, True])
def test_curves_are_sklearn_curves_in_threshold_order(ties):
    y_true, y_scores = _random_problem(3, ties=ties)
    curves = ThresholdExplorer(y_true, y_scores).curves()
    precisions, recalls, thresholds = precision_recall_curve(y_true, y_scores)
    np.testing.assert_array_equal(curves.thresholds, thresholds[::-1])
    np.testing.assert_array_equal(curves.precision, precisions[:-1][::-1])
    np.testing.assert_array_equal(curves.recall, recalls[:-1][::-1])
    fpr, tpr, roc_thresholds = roc_curve(y_true, y_scores, drop_intermediate=False)
    np.testing.assert_array_equal(curves.thresholds, roc_thresholds[1:])
    np.testing.assert_allclose(curves.false_positive_rate, fpr[1:], rtol=0, atol=1e-15)
    np.testing.assert_allclose(curves.recall, tpr[1:], rtol=0, atol=1e-15)


def test_attributes_and_labels_as_zeros_and_ones():
    explorer = ThresholdExplorer([0, 1, 1, 0, 1], [0.1, 0.9, 0.9, 0.4, 0.3])
    np.testing.assert_array_equal(explorer.thresholds_, [0.9, 0.4, 0.3, 0.1])
    np.testing.assert_array_equal(explorer.true_positives_, [2, 2, 3, 3])
    np.testing.assert_array_equal(explorer.false_positives_, [0, 1, 1, 2])
    assert (explorer.n_positives_, explorer.n_negatives_) == (3, 2)
    # Nothing called positive: precision undefined, recall and F1 zero.
    m = explorer.metrics(1.0)
    assert math.isnan(m["precision"]) and m["recall"] == 0 and m["f1"] == 0
    assert explorer.metrics(-math.inf)["false_positive_rate"] == 1.0


@pytest.mark.parametrize(
    ("y_true", "y_scores", "error", "match"),
    [
        ([True, False], [1.0], ValueError, "same length"),
        ([[True, False]], [[1.0, 2.0]], ValueError, "1-D"),
        ([True, True], [1.0, 2.0], ValueError, "both classes"),
        ([0, 2], [1.0, 2.0], ValueError, "only 0 and 1"),
        (["a", "b"], [1.0, 2.0], TypeError, "y_true must hold booleans"),
        ([True, False], ["x", "y"], TypeError, "y_scores must hold numbers"),
        ([True, False], [1.0, float("nan")], ValueError, "NaN or infinite"),
        ([True, False], [1.0, float("inf")], ValueError, "NaN or infinite"),
    ],
)
def test_bad_input_gets_a_clear_error(y_true, y_scores, error, match):
    with pytest.raises(error, match=match):
        ThresholdExplorer(y_true, y_scores)


def test_bad_thresholds_get_a_clear_error():
    explorer = ThresholdExplorer([True, False], [1.0, 0.0])
    with pytest.raises(ValueError, match="NaN"):
        explorer.metrics(float("nan"))
    with pytest.raises(TypeError, match="threshold must be a number"):
        explorer.confusion_matrix("0")


# -- the file ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".js", ".json"])
def test_round_trip_keeps_every_bit(tmp_path, suffix):
    y_true, y_scores = _random_problem(4, n=1003)  # not a multiple of 8 labels
    y_scores[5] = 3370.0194991439557
    y_scores[6] = np.nextafter(3370.0194991439557, np.inf)
    path = tmp_path / f"scores{suffix}"
    n_bytes = export_scores(y_true, y_scores, path, metadata={"positive": "5"})
    assert n_bytes == path.stat().st_size
    data = load_scores(path)
    assert data.y_true.dtype == bool and data.y_scores.dtype == np.float64
    np.testing.assert_array_equal(data.y_true, y_true)
    assert data.y_scores.tobytes() == y_scores.astype(np.float64).tobytes()
    assert data.metadata == {"positive": "5"}


def test_the_js_file_sets_a_global_and_the_format_is_documented(tmp_path):
    y_true = np.array([True, False, False, True, False, False, False, False, True])
    y_scores = np.arange(9, dtype=float) - 4.5
    export_scores(y_true, y_scores, tmp_path / "scores.js")
    text = (tmp_path / "scores.js").read_text()
    assert text.startswith("// ")
    line = next(line for line in text.splitlines() if line.startswith("window."))
    assert line.startswith(f"window.{JS_GLOBAL} = {{") and line.endswith("};")
    document = json.loads(line[len(f"window.{JS_GLOBAL} = "):-1])
    assert document["format"] == "digitkit-threshold-scores" and document["version"] == 1
    assert (document["n_samples"], document["n_positives"]) == (9, 3)
    # Little-endian float64; labels packed eight to a byte, first sample in the highest bit.
    scores = np.frombuffer(base64.b64decode(document["scores"]), dtype="<f8")
    np.testing.assert_array_equal(scores, y_scores)
    assert list(base64.b64decode(document["labels"])) == [0b10010000, 0b10000000]


def test_the_file_is_about_eleven_bytes_per_sample(tmp_path):
    y_true, y_scores = _random_problem(5, n=8000)
    n_bytes = export_scores(y_true, y_scores, tmp_path / "scores.js")
    assert 10.5 * 8000 < n_bytes < 11.5 * 8000


def test_export_refuses_bad_metadata(tmp_path):
    with pytest.raises(TypeError, match="metadata must be a dict"):
        export_scores([True, False], [1.0, 0.0], tmp_path / "s.js", metadata=["x"])
    with pytest.raises(TypeError, match="serialisable as JSON"):
        export_scores([True, False], [1.0, 0.0], tmp_path / "s.js", metadata={"x": object()})
    with pytest.raises(ValueError, match="both classes"):
        export_scores([True, True], [1.0, 0.0], tmp_path / "s.js")


def _document(tmp_path):
    export_scores([True, False, True], [1.0, 2.0, 3.0], tmp_path / "s.json")
    return json.loads((tmp_path / "s.json").read_text())


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.update(format="other"), "does not declare the format"),
        (lambda d: d.update(version=2), "format version 2"),
        (lambda d: d.pop("scores"), "has no 'scores'"),
        (lambda d: d.update(scores="not base64!"), "scores file"),
        (lambda d: d.update(n_samples=4), "bytes of scores"),
        (lambda d: d.update(labels=base64.b64encode(b"\x00\x00").decode()), "bytes of labels"),
        (lambda d: d.update(n_positives=1), "declares 1 positives"),
        (lambda d: d.update(scores=base64.b64encode(
            np.array([1.0, np.nan, 3.0]).tobytes()).decode()), "NaN or infinite"),
    ],
)
def test_load_refuses_a_broken_file(tmp_path, change, match):
    document = _document(tmp_path)
    change(document)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ValueError, match=match):
        load_scores(path)


def test_load_refuses_a_script_that_sets_nothing(tmp_path):
    path = tmp_path / "scores.js"
    path.write_text("window.SOMETHING_ELSE = {};\n")
    with pytest.raises(ValueError, match=f"does not assign window.{JS_GLOBAL}"):
        load_scores(path)
    path.write_text(f"window.{JS_GLOBAL} = {{not json}};\n")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_scores(path)
    with pytest.raises(FileNotFoundError):
        load_scores(tmp_path / "missing.js")
