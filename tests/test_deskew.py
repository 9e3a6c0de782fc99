"""Deskewing digits: known shears undone, centring, a naive oracle, bad input."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from digitkit.deskew import deskew, estimate_skew

# The machine may be busy: a slow example is not a failure.
relaxed = settings(deadline=None, max_examples=100)


def naive_deskew(image):
    """Deskew one 2-D image pixel by pixel, straight from the definition: the oracle."""
    height, width = image.shape
    ink = image.astype(float)
    mass = ink.sum()
    if mass == 0:
        return ink
    rows, cols = np.mgrid[:height, :width]
    row_c, col_c = (rows * ink).sum() / mass, (cols * ink).sum() / mass
    var_rows = ((rows - row_c) ** 2 * ink).sum() / mass
    cov = ((rows - row_c) * (cols - col_c) * ink).sum() / mass
    slope = cov / var_rows if var_rows > 1e-9 else 0.0

    def pixel(values, row, col):
        inside = 0 <= row < height and 0 <= col < width
        return values[row, col] if inside else 0.0

    def blend(values, row, col, along_rows):
        # Linear interpolation between the two nearest pixels along one axis.
        position = row if along_rows else col
        below = math.floor(position)
        weight = position - below
        if along_rows:
            first, second = pixel(values, below, col), pixel(values, below + 1, col)
        else:
            first, second = pixel(values, row, below), pixel(values, row, below + 1)
        return (1 - weight) * first + weight * second

    # Slide each row sideways (undoing the slant, centring the columns) ...
    sheared = np.zeros_like(ink)
    for row in range(height):
        offset = slope * (row - row_c) + col_c - (width - 1) / 2
        for col in range(width):
            sheared[row, col] = blend(ink, row, col + offset, along_rows=False)
    # ... then move the whole image up or down to centre the rows.
    out = np.zeros_like(ink)
    offset = row_c - (height - 1) / 2
    for row in range(height):
        for col in range(width):
            out[row, col] = blend(sheared, row + offset, col, along_rows=True)
    return out


def centre_of_mass(image):
    """(row, column) centre of mass of one 2-D image."""
    rows, cols = np.mgrid[: image.shape[0], : image.shape[1]]
    mass = image.sum()
    return (rows * image).sum() / mass, (cols * image).sum() / mass


def sheared_bar(size, slope, *, width=3, half_height=5):
    """A vertical bar centred in a ``size`` x ``size`` image, every row moved by
    ``slope * (row - centre)`` whole pixels; ``size`` odd, so the centre is a pixel."""
    centre = (size - 1) // 2
    upright = np.zeros((size, size))
    upright[centre - half_height : centre + half_height + 1,
            centre - width // 2 : centre + width // 2 + 1] = 1.0
    sheared = np.zeros_like(upright)
    for row in range(size):
        sheared[row] = np.roll(upright[row], slope * (row - centre))
    return upright, sheared


# -- known shears ----------------------------------------------------------------


@pytest.mark.parametrize("slope", [-2, -1, 1, 2])
def test_a_bar_sheared_by_whole_pixels_stands_upright_again(slope):
    upright, sheared = sheared_bar(27, slope)
    assert not np.array_equal(sheared, upright)
    # Every row moves back by whole pixels and the centre of mass is on the
    # centre pixel already: no interpolation, the upright bar exactly.
    np.testing.assert_allclose(deskew(sheared[np.newaxis])[0], upright, atol=1e-12)


@pytest.mark.parametrize("slope", [-2, -1, 1, 2])
def test_the_slant_of_a_sheared_bar_is_measured_with_its_sign(slope):
    # Row r moves right by slope * (r - centre): going down, the ink moves
    # right, so the bar leans left ("\" for slope > 0) and its slant is -slope.
    _, sheared = sheared_bar(27, slope)
    np.testing.assert_allclose(estimate_skew(sheared[np.newaxis]), [-slope])


def test_a_stroke_leaning_right_has_a_positive_slant():
    stroke = np.zeros((1, 9, 9))
    for row in range(9):
        stroke[0, row, 8 - row] = 1.0  # "/"
    np.testing.assert_allclose(estimate_skew(stroke), [1.0])


def test_a_fractional_shear_on_mnist_sized_images_is_undone():
    # A bar 4 pixels wide and 20 high, centred at (13.5, 13.5), each row
    # moved right by 0.3 pixel per row down (linear interpolation).
    rows, cols = np.mgrid[:28, :28]
    upright = ((np.abs(cols - 13.5) < 2) & (np.abs(rows - 13.5) < 10)).astype(float)
    shift = 0.3 * (rows - 13.5)
    # Ink of width 4 starting at 11.5 + shift, rasterised by coverage.
    left = 11.5 + shift
    coverage = np.clip(np.minimum(cols + 0.5, left + 4) - np.maximum(cols - 0.5, left), 0, 1)
    sheared = coverage * (np.abs(rows - 13.5) < 10)
    assert estimate_skew(sheared[np.newaxis])[0] == pytest.approx(-0.3, abs=1e-9)
    straight = deskew(sheared[np.newaxis])[0]
    assert abs(estimate_skew(straight[np.newaxis])[0]) < 1e-9
    # Each row holds the same ink as the upright bar, centred on column 13.5.
    np.testing.assert_allclose(straight.sum(axis=1), upright.sum(axis=1), atol=1e-9)
    inked = upright.sum(axis=1) > 0
    row_centres = (straight * cols).sum(axis=1)[inked] / straight.sum(axis=1)[inked]
    np.testing.assert_allclose(row_centres, 13.5, atol=1e-9)
    assert np.abs(straight - upright).sum() < 0.25 * upright.sum()


# -- centring and upright digits ----------------------------------------------------


def test_the_centre_of_mass_moves_to_the_centre_of_the_image():
    image = np.zeros((28, 28))
    image[3:9, 17:21] = 200.0  # a blob up and to the right
    image[5, 19] = 255.0
    moved = deskew(image.reshape(1, 784)).reshape(28, 28)
    assert moved.sum() == pytest.approx(image.sum())
    np.testing.assert_allclose(centre_of_mass(moved), (13.5, 13.5), atol=1e-9)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.uint8])
def test_an_upright_symmetric_centred_digit_is_left_unchanged(dtype):
    # A "0": an elliptic ring, symmetric about both middle lines of the image,
    # so its centre of mass is the image centre and its covariance is zero.
    rows, cols = np.mgrid[:28, :28]
    radius = np.hypot((rows - 13.5) / 9, (cols - 13.5) / 6)
    zero = np.clip(255 * (1 - np.abs(radius - 1) * 4), 0, 255).astype(dtype)
    assert estimate_skew(zero[np.newaxis])[0] == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(deskew(zero[np.newaxis])[0], zero, atol=1e-6)


def test_extreme_slants_push_ink_out_of_the_frame_without_errors():
    # A heavy dot and a faint one a row below at the far side: the measured
    # slope is about 27 columns per row. A trace of ink at the bottom barely
    # changes it, but its row slides about 700 pixels, far past the border.
    image = np.zeros((1, 28, 28))
    image[0, 0, 0] = 255.0
    image[0, 1, 27] = 1.0
    image[0, 27, 3] = 1e-5
    assert estimate_skew(image)[0] < -20
    result = deskew(image)
    assert np.isfinite(result).all() and result.min() >= 0
    assert result.sum() == pytest.approx(256.0, abs=1e-9)  # the trace is gone
    np.testing.assert_allclose(result[0], naive_deskew(image[0]), atol=1e-9)


def test_blank_images_stay_blank_and_a_single_row_is_only_centred():
    images = np.zeros((2, 7, 7))
    images[1, 1, 0:3] = 1.0  # ink on row 1 only, columns 0-2
    result = deskew(images)
    np.testing.assert_array_equal(result[0], 0)
    expected = np.zeros((7, 7))
    expected[3, 2:5] = 1.0  # moved to the middle row and the middle columns
    np.testing.assert_allclose(result[1], expected, atol=1e-12)
    np.testing.assert_array_equal(estimate_skew(images), [0.0, 0.0])


# -- layout, dtypes, batches -------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.float32, np.float64, np.bool_])
@pytest.mark.parametrize("shape", [(5, 784), (5, 28, 28), (3, 64), (2, 6, 9)])
def test_shape_and_dtype_are_kept_and_the_input_is_left_alone(dtype, shape):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 2 if dtype is np.bool_ else 256, size=shape).astype(dtype)
    before = images.copy()
    result = deskew(images)
    assert result.shape == images.shape
    assert result.dtype == images.dtype
    np.testing.assert_array_equal(images, before)
    assert not np.shares_memory(result, images)


def test_integer_images_are_the_rounded_float_result():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(20, 784)).astype(np.uint8)
    np.testing.assert_array_equal(
        deskew(images), np.rint(deskew(images.astype(np.float64))).astype(np.uint8)
    )


def test_a_batch_gives_the_same_result_as_one_image_at_a_time():
    # 300 images span three internal blocks; each image must not depend on
    # which others share its block.
    rng = np.random.default_rng(2)
    images = rng.random((300, 28, 28)) * (rng.random((300, 28, 28)) < 0.2)
    batch = deskew(images)
    for index in [0, 1, 127, 128, 129, 255, 256, 299]:
        np.testing.assert_allclose(batch[index], deskew(images[index : index + 1])[0],
                                   rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(estimate_skew(images)[[5, 200]],
                               [estimate_skew(images[5:6])[0], estimate_skew(images[200:201])[0]])


def test_flat_rows_and_images_give_the_same_result():
    rng = np.random.default_rng(3)
    images = rng.random((4, 28, 28))
    np.testing.assert_allclose(deskew(images.reshape(4, 784)), deskew(images).reshape(4, 784))


def test_nested_lists_are_accepted():
    result = deskew([[[0, 0, 0], [1, 0, 0], [0, 0, 0]]])
    np.testing.assert_array_equal(result, [[[0, 0, 0], [0, 1, 0], [0, 0, 0]]])


def test_deskew_works_inside_a_pipeline_and_survives_clone_and_pickle():
    rng = np.random.default_rng(4)
    images = rng.random((6, 64))
    model = make_pipeline(FunctionTransformer(deskew))
    copy = pickle.loads(pickle.dumps(clone(model)))
    np.testing.assert_allclose(copy.fit_transform(images), deskew(images))


# -- properties ----------------------------------------------------------------------


@st.composite
def small_images(draw):
    """A few images of random size with ink in an inner box (so little leaves the frame)."""
    height, width = draw(st.integers(4, 12)), draw(st.integers(4, 12))
    n_images = draw(st.integers(1, 3))
    images = np.zeros((n_images, height, width))
    top, left = draw(st.integers(1, height // 2)), draw(st.integers(1, width // 2))
    bottom = draw(st.integers(top + 1, height - 1))
    right = draw(st.integers(left + 1, width - 1))
    images[:, top:bottom, left:right] = draw(
        hnp.arrays(np.uint8, (n_images, bottom - top, right - left),
                   elements=st.integers(0, 255))
    )
    return images


@relaxed
@given(small_images())
def test_vectorised_deskewing_matches_the_pixel_by_pixel_definition(images):
    result = deskew(images)
    for image, deskewed in zip(images, result, strict=True):
        np.testing.assert_allclose(deskewed, naive_deskew(image), rtol=1e-9, atol=1e-9)


@relaxed
@given(small_images())
def test_when_no_ink_leaves_the_frame_the_digit_is_centred_and_upright(images):
    result = deskew(images)
    for image, deskewed in zip(images, result, strict=True):
        mass = image.sum()
        assume(mass > 1e-3 and abs(deskewed.sum() - mass) < 1e-9 * mass)
        height, width = image.shape
        np.testing.assert_allclose(centre_of_mass(deskewed),
                                   ((height - 1) / 2, (width - 1) / 2), atol=1e-6)
        assert abs(estimate_skew(deskewed[np.newaxis])[0]) < 1e-6


# -- bad input -------------------------------------------------------------------------


BAD_IMAGES = [
    pytest.param(np.ones((3, 63)), ValueError, "63 pixels", id="63-pixels"),
    pytest.param(np.empty((0, 784)), ValueError, "empty", id="empty"),
    pytest.param(np.full((2, 784), np.nan), ValueError, "NaN", id="nan"),
    pytest.param(np.full((2, 784), np.inf), ValueError, "infinite", id="inf"),
    pytest.param(np.array([["a"] * 4]), TypeError, "numbers", id="strings"),
    pytest.param(np.ones(784), ValueError, "shape", id="one-flat-image"),
    pytest.param(np.ones((2, 2, 2, 2)), ValueError, "shape", id="4-d"),
    pytest.param([[1, 2], [3]], TypeError, "numeric array", id="ragged"),
    pytest.param(np.full((2, 784), -1.0), ValueError, "negative", id="negative"),
    pytest.param(np.full((2, 4), -3, dtype=np.int8), ValueError, "negative", id="negative-int"),
]


@pytest.mark.parametrize("function", [deskew, estimate_skew])
@pytest.mark.parametrize("images, error, message", BAD_IMAGES)
def test_bad_images_are_rejected_naming_images(function, images, error, message):
    with pytest.raises(error, match=message) as excinfo:
        function(images)
    assert str(excinfo.value).startswith("images")
