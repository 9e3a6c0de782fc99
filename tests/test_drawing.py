"""Turning pen strokes into MNIST-like images: scale, centring, pen width, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from digitkit.drawing import BOX_SIZE, IMAGE_SIZE, STROKE_WIDTH, strokes_to_image


def _mass_centre(image):
    coordinates = np.arange(IMAGE_SIZE) + 0.5
    total = image.sum()
    return (image.sum(axis=0) @ coordinates / total, image.sum(axis=1) @ coordinates / total)


def _ink_box(image, threshold=0.05):
    rows, cols = np.nonzero(image > threshold)
    return rows.max() - rows.min() + 1, cols.max() - cols.min() + 1


def test_a_drawing_is_centred_by_mass_and_scaled_to_the_box():
    t = np.linspace(0, 2 * np.pi, 50)
    strokes = [np.c_[300 + 40 * np.cos(t), 90 + 70 * np.sin(t)]]  # a tall 0, off-centre
    image = strokes_to_image(strokes)
    assert image.shape == (IMAGE_SIZE, IMAGE_SIZE)
    assert image.min() == 0 and image.max() == 1
    assert np.any((image > 0) & (image < 1)), "edges should have grey levels"
    np.testing.assert_allclose(_mass_centre(image), (14, 14), atol=0.05)
    height, width = _ink_box(image)
    assert height == BOX_SIZE and width < height


def test_the_size_and_place_of_a_drawing_do_not_matter():
    seven = [np.array([[0.0, 0], [10, 0], [4, 15]])]
    big_elsewhere = [s * 17 + [400, 250] for s in seven]
    np.testing.assert_allclose(strokes_to_image(seven), strokes_to_image(big_elsewhere),
                               atol=1e-9)


def test_a_vertical_stroke_is_a_thin_centred_bar():
    image = strokes_to_image([[(50, 10), (50, 200)]])
    height, width = _ink_box(image)
    assert height == BOX_SIZE
    assert width <= np.ceil(STROKE_WIDTH) + 1
    np.testing.assert_allclose(_mass_centre(image), (14, 14), atol=0.05)


def test_a_thicker_pen_puts_more_ink_in_the_same_box():
    stroke = [[(0, 0), (0, 100)], [(0, 50), (60, 50)]]
    thin = strokes_to_image(stroke, stroke_width=2)
    thick = strokes_to_image(stroke, stroke_width=4)
    assert thick.sum() > 1.5 * thin.sum()
    assert _ink_box(thin)[0] == _ink_box(thick)[0] == BOX_SIZE


def test_dots_empty_strokes_and_a_single_array():
    assert strokes_to_image([]).sum() == 0
    assert strokes_to_image([[], []]).sum() == 0
    dot = strokes_to_image([[(5, 5)]])
    assert 0 < dot.sum() < 10
    np.testing.assert_allclose(_mass_centre(dot), (14, 14), atol=0.05)
    line = np.array([[0.0, 0], [0, 10]])
    np.testing.assert_array_equal(strokes_to_image(line), strokes_to_image([line]))


@pytest.mark.parametrize(
    "strokes, error, match",
    [
        ([[(0, 0, 0), (1, 1, 1)]], ValueError, "shape"),
        ([[(0, np.nan), (1, 1)]], ValueError, "NaN"),
        ([[("a", "b")]], TypeError, "stroke 0"),
        (5, TypeError, "list of strokes"),
    ],
)
def test_strokes_to_image_rejects_bad_strokes(strokes, error, match):
    with pytest.raises(error, match=match):
        strokes_to_image(strokes)


@pytest.mark.parametrize("width", [0, -1, 20, "3"])
def test_strokes_to_image_rejects_bad_pen_widths(width):
    with pytest.raises(ValueError, match="stroke_width"):
        strokes_to_image([[(0, 0), (1, 1)]], stroke_width=width)
