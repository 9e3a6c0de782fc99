"""Digit plots: what they draw, and clear errors on bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from digitkit.plotting import plot_digit, plot_digits, tile_images  # noqa: E402


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


# -- plot_precision_recall_vs_threshold -------------------------------------------

from sklearn.metrics import precision_recall_curve  # noqa: E402

from digitkit.plotting import plot_precision_recall_vs_threshold  # noqa: E402


@pytest.fixture
def pr_curve():
    y_true = np.array([0, 0, 1, 0, 1, 1])
    y_score = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    return precision_recall_curve(y_true, y_score)


def test_precision_recall_vs_threshold_draws_both_curves_without_the_extra_point(pr_curve):
    precisions, recalls, thresholds = pr_curve
    fig, ax = plt.subplots()
    returned = plot_precision_recall_vs_threshold(thresholds, precisions, recalls, ax=ax,
                                                  title="trade-off")
    assert returned is ax
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines["precision"].get_xdata(), thresholds)
    np.testing.assert_array_equal(lines["precision"].get_ydata(), precisions[:-1])
    np.testing.assert_array_equal(lines["recall"].get_ydata(), recalls[:-1])
    assert ax.get_xlabel() == "decision threshold"
    assert ax.get_title() == "trade-off"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["precision", "recall"]


def test_precision_recall_vs_threshold_marks_the_chosen_threshold(pr_curve):
    precisions, recalls, thresholds = pr_curve
    # thresholds are [-2, -1, -0.5, 0.5, 1, 2]; 0.75 falls to the listed threshold 1.0,
    # where precision is 1 (two positives flagged, both right) and recall 2/3.
    ax = plot_precision_recall_vs_threshold(thresholds, precisions, recalls, threshold=0.75)
    vline, dots = ax.get_lines()[2:]
    np.testing.assert_array_equal(vline.get_xdata(), [0.75, 0.75])
    np.testing.assert_array_equal(dots.get_xdata(), [1.0, 1.0])
    np.testing.assert_allclose(dots.get_ydata(), [1.0, 2 / 3])
    assert "threshold" in vline.get_label()


def test_precision_recall_vs_threshold_accepts_equal_lengths():
    ax = plot_precision_recall_vs_threshold([0, 1, 2], [0.5, 0.6, 0.7], [0.9, 0.5, 0.1])
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [0.5, 0.6, 0.7])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"precisions": [0.5, 0.6]}, ValueError, "precisions must have as many values"),
        ({"recalls": [0.1] * 6}, ValueError, "recalls must have as many values"),
        ({"precisions": [0.5, 1.5, 0.7, 0.8]}, ValueError, "precisions must lie between 0 and 1"),
        ({"recalls": [np.nan, 0.5, 0.1, 0.0]}, ValueError, "recalls contains NaN"),
        ({"thresholds": [0.0, 2.0, 1.0]}, ValueError, "thresholds must be in increasing order"),
        ({"thresholds": [[0.0, 1.0, 2.0]]}, ValueError, "thresholds must be a non-empty 1-D"),
        ({"thresholds": []}, ValueError, "thresholds must be a non-empty 1-D"),
        ({"thresholds": ["a", "b", "c"]}, TypeError, "thresholds must be a 1-D array of numbers"),
        ({"threshold": 5.0}, ValueError, "threshold must be a finite number no larger"),
        ({"threshold": np.inf}, ValueError, "threshold must be a finite number"),
        ({"threshold": "1"}, TypeError, "threshold must be a number"),
        ({"threshold": True}, TypeError, "threshold must be a number"),
    ],
)
def test_precision_recall_vs_threshold_rejects_bad_input(kwargs, error, message):
    arguments = {"thresholds": [0.0, 1.0, 2.0], "precisions": [0.5, 0.6, 0.7, 1.0],
                 "recalls": [0.9, 0.5, 0.1, 0.0]}
    arguments.update(kwargs)
    thresholds = arguments.pop("thresholds")
    precisions = arguments.pop("precisions")
    recalls = arguments.pop("recalls")
    with pytest.raises(error, match=message):
        plot_precision_recall_vs_threshold(thresholds, precisions, recalls, **arguments)
