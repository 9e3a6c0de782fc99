"""Digit plots: what they draw, and clear errors on bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sklearn.datasets import load_digits  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.linear_model import LogisticRegression, SGDClassifier  # noqa: E402
from sklearn.metrics import precision_recall_curve  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from digitkit.plotting import (  # noqa: E402
    PrecisionRecallThresholdDisplay,
    plot_digit,
    plot_digits,
    tile_images,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_digit_draws_the_reshaped_image_on_the_given_axes():
    image = np.arange(784.0)
    fig, ax = plt.subplots()
    returned = plot_digit(image, ax=ax, title="a title")
    assert returned is ax
    np.testing.assert_array_equal(ax.images[0].get_array(), image.reshape(28, 28))
    assert ax.get_title() == "a title"
    assert not ax.axison


def test_plot_digit_accepts_an_8x8_image():
    ax = plot_digit(np.ones((8, 8)))
    assert ax.images[0].get_array().shape == (8, 8)


def test_without_ax_the_functions_draw_on_the_current_axes():
    fig, (left, right) = plt.subplots(ncols=2)
    plt.sca(left)
    assert plot_digit(np.ones(64)) is left
    assert plot_digits(np.ones((4, 64)), n_cols=2) is left
    assert len(fig.axes) == 2


def test_tile_images_places_images_row_by_row_with_padding():
    images = np.stack([np.full((2, 2), value) for value in (1, 2, 3)])
    mosaic = tile_images(images, n_cols=2, padding=1)
    expected = np.array(
        [
            [1, 1, 0, 2, 2],
            [1, 1, 0, 2, 2],
            [0, 0, 0, 0, 0],
            [3, 3, 0, 0, 0],
            [3, 3, 0, 0, 0],
        ]
    )
    np.testing.assert_array_equal(mosaic, expected)


def test_plot_digits_shows_one_mosaic():
    ax = plot_digits(np.ones((100, 784)), n_cols=10)
    assert len(ax.images) == 1
    assert ax.images[0].get_array().shape == (280, 280)


@pytest.mark.parametrize(
    "images, error, message",
    [
        (np.ones((3, 63)), ValueError, "63 pixels"),
        (np.array([]).reshape(0, 784), ValueError, "empty"),
        (np.full((2, 784), np.nan), ValueError, "NaN"),
        (np.array([["a"] * 4]), TypeError, "numbers"),
        (np.ones((2, 2, 2, 2)), ValueError, "shape"),
    ],
)
def test_bad_images_get_a_clear_error(images, error, message):
    with pytest.raises(error, match=message) as excinfo:
        plot_digits(images)
    assert "images" in str(excinfo.value)


def test_bad_single_image_names_the_argument():
    with pytest.raises(ValueError, match="image must be one image"):
        plot_digit(np.ones((2, 8, 8)))


@pytest.mark.parametrize("n_cols", [0, -1, 2.5])
def test_bad_n_cols(n_cols):
    with pytest.raises(ValueError, match="n_cols"):
        tile_images(np.ones((4, 784)), n_cols=n_cols)


# -- PrecisionRecallThresholdDisplay ----------------------------------------------

Y_TRUE = np.array([0, 0, 1, 0, 1, 1])
Y_SCORE = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])


@pytest.fixture(scope="module")
def five_detector():
    """A binary 5-detector on the 8x8 digits, and held-out digits to score."""
    X, y = load_digits(return_X_y=True)
    model = LogisticRegression(max_iter=2000).fit(X[:1000], y[:1000] == 5)
    return model, X[1000:], y[1000:] == 5


def _curves(display):
    return (display.line_precision_.get_xdata(), display.line_precision_.get_ydata(),
            display.line_recall_.get_ydata())


def test_from_predictions_draws_precision_recall_curve_values():
    precision, recall, thresholds = precision_recall_curve(Y_TRUE, Y_SCORE)
    display = PrecisionRecallThresholdDisplay.from_predictions(Y_TRUE, Y_SCORE)
    np.testing.assert_array_equal(display.precision, precision)
    np.testing.assert_array_equal(display.recall, recall)
    np.testing.assert_array_equal(display.thresholds, thresholds)
    x, y_precision, y_recall = _curves(display)
    # The curves leave out the point precision_recall_curve appends without a threshold.
    np.testing.assert_array_equal(x, thresholds)
    np.testing.assert_array_equal(y_precision, precision[:-1])
    np.testing.assert_array_equal(y_recall, recall[:-1])
    np.testing.assert_array_equal(display.line_recall_.get_xdata(), thresholds)


def test_the_figure_looks_like_the_chapter_figure():
    fig, ax = plt.subplots()
    display = PrecisionRecallThresholdDisplay.from_predictions(
        Y_TRUE, Y_SCORE, ax=ax, threshold=0.75, title="trade-off"
    )
    assert display.ax_ is ax and display.figure_ is fig
    assert display.line_precision_.get_color() == "tab:blue"
    assert display.line_precision_.get_linestyle() == "--"
    assert display.line_recall_.get_color() == "tab:green"
    assert display.line_recall_.get_linestyle() == "-"
    assert ax.get_xlabel() == "decision threshold"
    assert ax.get_ylabel() == "precision / recall"
    assert ax.get_ylim() == (0, 1.02)
    assert ax.get_title() == "trade-off"
    assert all(line.get_visible() for line in ax.xaxis.get_gridlines())
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["precision", "recall",
                                                          "threshold = 0.75"]
    assert legend.get_title().get_text() == ""


def test_the_chosen_threshold_is_marked_where_the_curves_select_it():
    # thresholds are [-2, -1, -0.5, 0.5, 1, 2]; 0.75 falls to the listed threshold 1.0,
    # where precision is 1 (two positives flagged, both right) and recall 2/3.
    display = PrecisionRecallThresholdDisplay.from_predictions(Y_TRUE, Y_SCORE, threshold=0.75)
    line, dots = display.marker_
    np.testing.assert_array_equal(line.get_xdata(), [0.75, 0.75])
    np.testing.assert_array_equal(dots.get_xdata(), [1.0, 1.0])
    np.testing.assert_allclose(dots.get_ydata(), [1.0, 2 / 3])
    assert line.get_label() == "threshold = 0.75"
    assert line in display.ax_.get_lines() and dots in display.ax_.get_lines()


def test_a_large_threshold_is_labelled_with_thousands_separators():
    display = PrecisionRecallThresholdDisplay.from_predictions(
        Y_TRUE, Y_SCORE * 5000, threshold=3370.4
    )
    assert display.marker_[0].get_label() == "threshold = 3,370"


def test_without_a_threshold_there_is_no_marker():
    display = PrecisionRecallThresholdDisplay.from_predictions(Y_TRUE, Y_SCORE)
    assert display.marker_ is None
    assert len(display.ax_.get_lines()) == 2


def test_without_ax_a_new_figure_is_made():
    fig, ax = plt.subplots()
    display = PrecisionRecallThresholdDisplay.from_predictions(Y_TRUE, Y_SCORE)
    assert display.ax_ is not ax and display.figure_ is not fig
    assert not ax.get_lines()


def test_the_constructor_takes_the_arrays_in_precision_recall_curve_order():
    precision, recall, thresholds = precision_recall_curve(Y_TRUE, Y_SCORE)
    display = PrecisionRecallThresholdDisplay(
        precision=precision, recall=recall, thresholds=thresholds, estimator_name="SGD",
        pos_label=1,
    )
    fig, ax = plt.subplots()
    assert display.plot(ax) is display
    assert display.ax_ is ax
    np.testing.assert_array_equal(display.line_recall_.get_ydata(), recall[:-1])
    assert ax.get_legend().get_title().get_text() == "SGD"
    assert ax.get_ylabel() == "precision / recall (positive label: 1)"
    # name= overrides estimator_name.
    display.plot(name="other")
    assert display.ax_.get_legend().get_title().get_text() == "other"


def test_the_constructor_accepts_curves_as_long_as_the_thresholds():
    display = PrecisionRecallThresholdDisplay(
        precision=[0.5, 0.6, 0.7], recall=[0.9, 0.5, 0.1], thresholds=[0, 1, 2]
    ).plot()
    np.testing.assert_array_equal(display.line_precision_.get_ydata(), [0.5, 0.6, 0.7])


def test_matplotlib_keywords_reach_both_curves_and_override_the_defaults():
    display = PrecisionRecallThresholdDisplay.from_predictions(
        Y_TRUE, Y_SCORE, lw=3, alpha=0.5
    )
    for line in (display.line_precision_, display.line_recall_):
        assert line.get_linewidth() == 3 and line.get_alpha() == 0.5
    display = PrecisionRecallThresholdDisplay.from_predictions(Y_TRUE, Y_SCORE, ls=":")
    assert display.line_precision_.get_linestyle() == ":"


def test_from_predictions_with_string_labels_and_pos_label():
    labels = np.where(Y_TRUE == 1, "five", "other")
    display = PrecisionRecallThresholdDisplay.from_predictions(labels, Y_SCORE,
                                                               pos_label="five")
    reference = PrecisionRecallThresholdDisplay.from_predictions(Y_TRUE, Y_SCORE)
    np.testing.assert_array_equal(display.precision, reference.precision)
    assert display.pos_label == "five"
    assert display.ax_.get_ylabel() == "precision / recall (positive label: five)"


def test_sample_weight_and_drop_intermediate_reach_precision_recall_curve():
    weights = np.array([1, 2, 1, 3, 1, 1])
    display = PrecisionRecallThresholdDisplay.from_predictions(
        Y_TRUE, Y_SCORE, sample_weight=weights, drop_intermediate=True
    )
    expected = precision_recall_curve(Y_TRUE, Y_SCORE, sample_weight=weights,
                                      drop_intermediate=True)
    for got, want in zip((display.precision, display.recall, display.thresholds), expected,
                         strict=True):
        np.testing.assert_array_equal(got, want)


def test_from_estimator_equals_from_predictions_on_the_decision_function(five_detector):
    model, X, y = five_detector
    display = PrecisionRecallThresholdDisplay.from_estimator(model, X, y, threshold=0.0)
    reference = PrecisionRecallThresholdDisplay.from_predictions(
        y, model.decision_function(X), threshold=0.0
    )
    for got, want in zip(_curves(display), _curves(reference), strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(display.marker_[1].get_ydata(),
                                  reference.marker_[1].get_ydata())
    assert display.estimator_name == "LogisticRegression"
    assert display.ax_.get_legend().get_title().get_text() == "LogisticRegression"
    assert display.ax_.get_ylabel() == "precision / recall"


def test_from_estimator_uses_predict_proba_when_asked_or_when_it_is_all_there_is(five_detector):
    model, X, y = five_detector
    display = PrecisionRecallThresholdDisplay.from_estimator(
        model, X, y, response_method="predict_proba", name="logistic"
    )
    reference = PrecisionRecallThresholdDisplay.from_predictions(y, model.predict_proba(X)[:, 1])
    np.testing.assert_array_equal(display.thresholds, reference.thresholds)
    assert display.ax_.get_legend().get_title().get_text() == "logistic"

    knn = KNeighborsClassifier().fit(X, y)  # no decision_function
    display = PrecisionRecallThresholdDisplay.from_estimator(knn, X, y)
    expected = precision_recall_curve(y, knn.predict_proba(X)[:, 1])
    np.testing.assert_array_equal(display.thresholds, expected[2])


def test_from_estimator_with_the_first_class_as_positive(five_detector):
    model, X, y = five_detector
    display = PrecisionRecallThresholdDisplay.from_estimator(model, X, y, pos_label=False)
    reference = PrecisionRecallThresholdDisplay.from_predictions(
        y, -model.decision_function(X), pos_label=False
    )
    np.testing.assert_array_equal(display.thresholds, reference.thresholds)
    np.testing.assert_array_equal(display.precision, reference.precision)
    assert display.ax_.get_ylabel() == "precision / recall (positive label: False)"
    proba = PrecisionRecallThresholdDisplay.from_estimator(
        model, X, y, pos_label=False, response_method="predict_proba"
    )
    expected = precision_recall_curve(y, model.predict_proba(X)[:, 0], pos_label=False)
    np.testing.assert_array_equal(proba.thresholds, expected[2])


def test_from_estimator_accepts_a_pipeline_and_respects_ax(five_detector):
    _, X, y = five_detector
    pipeline = make_pipeline(StandardScaler(), LinearSVC()).fit(X, y)
    fig, ax = plt.subplots()
    display = PrecisionRecallThresholdDisplay.from_estimator(pipeline, X, y, ax=ax)
    assert display.ax_ is ax and display.figure_ is fig
    assert display.estimator_name == "Pipeline"
    expected = precision_recall_curve(y, pipeline.decision_function(X))
    np.testing.assert_array_equal(display.thresholds, expected[2])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"precision": [0.5, 0.6]}, ValueError, "precision must have as many values"),
        ({"recall": [0.1] * 6}, ValueError, "recall must have as many values"),
        ({"precision": [0.5, 1.5, 0.7, 0.8]}, ValueError, "precision must lie between 0 and 1"),
        ({"recall": [np.nan, 0.5, 0.1, 0.0]}, ValueError, "recall contains NaN"),
        ({"thresholds": [0.0, 2.0, 1.0]}, ValueError, "thresholds must be in increasing order"),
        ({"thresholds": [[0.0, 1.0, 2.0]]}, ValueError, "thresholds must be a non-empty 1-D"),
        ({"thresholds": []}, ValueError, "thresholds must be a non-empty 1-D"),
        ({"thresholds": ["a", "b", "c"]}, TypeError, "thresholds must be a 1-D array of numbers"),
    ],
)
def test_plot_rejects_bad_curves(kwargs, error, message):
    arguments = {"thresholds": [0.0, 1.0, 2.0], "precision": [0.5, 0.6, 0.7, 1.0],
                 "recall": [0.9, 0.5, 0.1, 0.0]}
    arguments.update(kwargs)
    display = PrecisionRecallThresholdDisplay(**arguments)
    with pytest.raises(error, match=message):
        display.plot()


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"threshold": 5.0}, ValueError, "threshold must be a finite number no larger"),
        ({"threshold": np.inf}, ValueError, "threshold must be a finite number"),
        ({"threshold": "1"}, TypeError, "threshold must be a number"),
        ({"threshold": True}, TypeError, "threshold must be a number"),
        ({"label": "curves"}, TypeError, "label"),
    ],
)
def test_plot_rejects_bad_options_before_drawing(kwargs, error, message):
    display = PrecisionRecallThresholdDisplay(
        precision=[0.5, 0.6, 0.7, 1.0], recall=[0.9, 0.5, 0.1, 0.0], thresholds=[0.0, 1.0, 2.0]
    )
    fig, ax = plt.subplots()
    with pytest.raises(error, match=message):
        display.plot(ax, **kwargs)
    assert not ax.get_lines()


@pytest.mark.parametrize(
    "y_true, y_score, kwargs, error, message",
    [
        ([0, 1, 2, 1, 0, 2], Y_SCORE, {}, ValueError, "y_true must hold the labels of two"),
        (Y_TRUE, Y_SCORE[:5], {}, ValueError, "y_true and y_score must have the same length"),
        (Y_TRUE, np.c_[Y_SCORE, Y_SCORE], {}, ValueError, "y_score must be a non-empty 1-D"),
        (Y_TRUE, [np.nan] * 6, {}, ValueError, "y_score contains NaN"),
        (Y_TRUE, ["a"] * 6, {}, TypeError, "y_score must be a 1-D array of numbers"),
        (Y_TRUE, Y_SCORE, {"sample_weight": [1, 2]}, ValueError, "sample_weight must have"),
        (Y_TRUE, Y_SCORE, {"pos_label": 5}, ValueError, "pos_label=5 is not one of the labels"),
        (["a", "b", "a", "b", "a", "b"], Y_SCORE, {}, ValueError, "pos_label"),
    ],
)
def test_from_predictions_rejects_bad_input(y_true, y_score, kwargs, error, message):
    with pytest.raises(error, match=message):
        PrecisionRecallThresholdDisplay.from_predictions(y_true, y_score, **kwargs)


def test_from_estimator_rejects_bad_estimators(five_detector):
    model, X, y = five_detector
    with pytest.raises(TypeError, match="estimator must be a fitted binary classifier"):
        PrecisionRecallThresholdDisplay.from_estimator(StandardScaler().fit(X), X, y)
    with pytest.raises(NotFittedError):
        PrecisionRecallThresholdDisplay.from_estimator(LogisticRegression(), X, y)
    digits = np.arange(len(X)) % 3
    multiclass = LogisticRegression(max_iter=2000).fit(X, digits)
    with pytest.raises(ValueError, match="binary classifier; it has 3 classes"):
        PrecisionRecallThresholdDisplay.from_estimator(multiclass, X, digits)
    with pytest.raises(ValueError, match="pos_label=5 is not one of the estimator's classes"):
        PrecisionRecallThresholdDisplay.from_estimator(model, X, y, pos_label=5)
    with pytest.raises(ValueError, match="response_method must be one of"):
        PrecisionRecallThresholdDisplay.from_estimator(model, X, y, response_method="predict")
    hinge = SGDClassifier(random_state=0).fit(X, y)  # no predict_proba with the hinge loss
    with pytest.raises(ValueError, match="needs a predict_proba method"):
        PrecisionRecallThresholdDisplay.from_estimator(hinge, X, y,
                                                       response_method="predict_proba")
    with pytest.raises(ValueError, match="y must hold the labels of two classes"):
        PrecisionRecallThresholdDisplay.from_estimator(model, X, digits)


def test_plot_never_shows(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("plt.show() was called")

    monkeypatch.setattr(plt, "show", fail)
    PrecisionRecallThresholdDisplay.from_predictions(Y_TRUE, Y_SCORE, threshold=0.75)
    plot_digit(np.ones(64))
    plot_digits(np.ones((4, 64)))
