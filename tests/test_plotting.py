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
