"""Shifting digits and augmenting a training set: exact cases, properties, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage

from digitkit.augment import augment_with_shifts, shift_images

DTYPES = [np.uint8, np.int64, np.float32, np.float64]

# The machine may be busy: a slow example is not a failure.
relaxed = settings(deadline=None, max_examples=100)


def naive_shift(images, dx, dy):
    """The obvious pixel-by-pixel shift of an (n, h, w) batch: the test oracle."""
    n_images, height, width = images.shape
    out = np.zeros_like(images)
    for k in range(n_images):
        for row in range(height):
            for col in range(width):
                if 0 <= row - dy < height and 0 <= col - dx < width:
                    out[k, row, col] = images[k, row - dy, col - dx]
    return out


# -- exact small examples ------------------------------------------------------


@pytest.mark.parametrize(
    "dx, dy, expected_row, expected_col",
    [(1, 0, 2, 3), (-1, 0, 2, 1), (0, 1, 3, 2), (0, -1, 1, 2), (2, -2, 0, 4), (0, 0, 2, 2)],
)
def test_a_single_pixel_moves_right_by_dx_and_down_by_dy(dx, dy, expected_row, expected_col):
    images = np.zeros((1, 5, 5), dtype=np.uint8)
    images[0, 2, 2] = 200
    expected = np.zeros((1, 5, 5), dtype=np.uint8)
    expected[0, expected_row, expected_col] = 200
    np.testing.assert_array_equal(shift_images(images, dx, dy), expected)


def test_the_uncovered_border_is_zero_and_the_far_edge_is_dropped():
    image = np.arange(1.0, 10.0).reshape(1, 3, 3)
    np.testing.assert_array_equal(shift_images(image, 1, 0)[0], [[0, 1, 2], [0, 4, 5], [0, 7, 8]])
    np.testing.assert_array_equal(shift_images(image, 0, -1)[0], [[4, 5, 6], [7, 8, 9], [0, 0, 0]])
    np.testing.assert_array_equal(shift_images(image, -2, 2)[0], [[0, 0, 0], [0, 0, 0], [3, 0, 0]])


def test_flat_rows_are_shifted_as_square_images_and_stay_flat():
    flat = np.zeros((2, 784))
    flat[0, 28 * 10 + 5] = 1.0  # row 10, column 5 of the first digit
    flat[1, 28 * 26 + 27] = 1.0  # near the bottom-right corner of the second
    shifted = shift_images(flat, dx=-3, dy=4)
    assert shifted.shape == (2, 784)
    assert shifted[0, 28 * 14 + 2] == 1.0 and shifted[0].sum() == 1.0
    assert shifted[1].sum() == 0.0  # pushed out through the bottom edge


def test_3d_batches_of_non_square_images_keep_their_shape():
    images = np.zeros((3, 4, 6), dtype=np.int64)
    images[:, 0, 0] = [1, 2, 3]
    shifted = shift_images(images, dx=5, dy=3)
    assert shifted.shape == (3, 4, 6)
    np.testing.assert_array_equal(shifted[:, 3, 5], [1, 2, 3])
    assert shifted.sum() == 6


@pytest.mark.parametrize("dtype", DTYPES)
def test_dtype_is_kept_and_the_input_is_left_alone(dtype):
    images = np.full((2, 64), 7, dtype=dtype)
    before = images.copy()
    shifted = shift_images(images, 1, 1)
    assert shifted.dtype == dtype
    np.testing.assert_array_equal(images, before)
    assert not np.shares_memory(shifted, images)


def test_a_zero_shift_returns_an_equal_copy():
    images = np.arange(2 * 784.0).reshape(2, 784)
    shifted = shift_images(images, 0, 0)
    np.testing.assert_array_equal(shifted, images)
    assert shifted is not images


def test_array_likes_and_whole_number_floats_are_accepted():
    nested = [[[0, 1], [0, 0]]]
    np.testing.assert_array_equal(shift_images(nested, -1, 1.0), [[[0, 0], [1, 0]]])


def test_slicing_matches_scipy_ndimage_shift_on_real_sized_digits():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(50, 28, 28)).astype(np.float64)
    for dx, dy in [(-1, 0), (1, 0), (0, 1), (0, -1), (3, -5), (-27, 27)]:
        expected = ndimage.shift(images, (0, dy, dx), order=0, mode="constant", cval=0)
        np.testing.assert_array_equal(shift_images(images, dx, dy), expected)


def test_augment_with_shifts_puts_originals_first_then_one_block_per_shift():
    X = np.arange(3 * 64).reshape(3, 64)
    y = np.array([4, 2, 9])
    X_aug, y_aug = augment_with_shifts(X, y, shifts=[(1, 0), (0, -2)])
    assert X_aug.shape == (9, 64) and X_aug.dtype == X.dtype
    np.testing.assert_array_equal(X_aug[:3], X)
    np.testing.assert_array_equal(X_aug[3:6], shift_images(X, 1, 0))
    np.testing.assert_array_equal(X_aug[6:], shift_images(X, 0, -2))
    np.testing.assert_array_equal(y_aug, [4, 2, 9] * 3)


def test_augment_with_shifts_defaults_to_four_one_pixel_shifts():
    X = np.zeros((1, 3, 3))
    X[0, 1, 1] = 1.0
    X_aug, y_aug = augment_with_shifts(X, ["five"])
    assert X_aug.shape == (5, 3, 3)
    assert y_aug.tolist() == ["five"] * 5
    centres = [tuple(np.argwhere(image)[0]) for image in X_aug]
    assert centres == [(1, 1), (1, 0), (1, 2), (2, 1), (0, 1)]


def test_augment_with_no_shifts_returns_a_copy():
    X, y = np.ones((2, 4)), [0, 1]
    X_aug, y_aug = augment_with_shifts(X, y, shifts=())
    np.testing.assert_array_equal(X_aug, X)
    assert not np.shares_memory(X_aug, X)
    assert y_aug.tolist() == [0, 1]


@pytest.mark.parametrize("flat", [True, False])
def test_a_dtype_gives_exactly_the_augmented_converted_copy(flat):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 256, size=(50, 28, 28)).astype(np.float64)
    X = X.reshape(50, 784) if flat else X
    y = rng.integers(0, 10, size=50)
    X_aug, y_aug = augment_with_shifts(X, y, dtype=np.float32)
    X_expected, y_expected = augment_with_shifts(X.astype(np.float32), y)
    assert X_aug.dtype == np.float32 and X_aug.shape == X_expected.shape
    np.testing.assert_array_equal(X_aug, X_expected)
    np.testing.assert_array_equal(y_aug, y_expected)
    assert augment_with_shifts(X, y, dtype=None)[0].dtype == np.float64
    assert augment_with_shifts(X.astype(np.uint8), y, dtype="float32")[0].dtype == np.float32


def test_a_dtype_needs_no_converted_copy_of_X():
    import tracemalloc

    X = np.random.default_rng(0).integers(0, 256, size=(2000, 784)).astype(np.float64)
    y = np.zeros(2000, dtype=np.int64)
    tracemalloc.start()  # numpy reports its arrays to tracemalloc
    try:
        X_aug, _ = augment_with_shifts(X, y, dtype=np.float32)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The result and the repeated labels, with no float32 copy of X (a fifth of X_aug) beside them.
    assert peak < X_aug.nbytes + X_aug.nbytes / 10


@pytest.mark.parametrize(
    "dtype, message",
    [
        (np.int64, "cannot store images of dtype float64 as int64"),
        (np.uint8, "cannot store images of dtype float64 as uint8"),
        ("U3", "dtype must be a numeric type"),
        ("not a type", "dtype must be a numpy data type"),
    ],
)
def test_a_dtype_that_would_lose_the_values_is_refused(dtype, message):
    with pytest.raises(TypeError, match=message):
        augment_with_shifts(np.ones((3, 784)), np.zeros(3), dtype=dtype)


# -- properties ----------------------------------------------------------------


@st.composite
def batches_with_a_shift(draw):
    """A batch of images (flat or 3-D, any supported dtype) and a valid shift."""
    flat = draw(st.booleans())
    height = draw(st.integers(1, 9))
    width = height if flat else draw(st.integers(1, 9))
    n_images = draw(st.integers(1, 4))
    dtype = draw(st.sampled_from(DTYPES))
    images = draw(hnp.arrays(dtype, (n_images, height, width), elements=st.integers(0, 255)))
    dx = draw(st.integers(-(width - 1), width - 1))
    dy = draw(st.integers(-(height - 1), height - 1))
    if flat:
        images = images.reshape(n_images, height * width)
    return images, dx, dy


@relaxed
@given(batches_with_a_shift())
def test_shifting_keeps_shape_and_dtype_and_matches_the_naive_shift(case):
    images, dx, dy = case
    shifted = shift_images(images, dx, dy)
    assert shifted.shape == images.shape
    assert shifted.dtype == images.dtype
    side = int(round(np.sqrt(images.shape[1]))) if images.ndim == 2 else None
    as_3d = images.reshape(len(images), side, side) if side else images
    np.testing.assert_array_equal(
        shifted.reshape(as_3d.shape), naive_shift(as_3d, dx, dy)
    )


@st.composite
def inked_away_from_the_border(draw):
    """Images whose ink keeps a margin from every edge, and a shift within it."""
    margin = draw(st.integers(0, 4))
    inner_h, inner_w = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    n_images = draw(st.integers(1, 3))
    ink = draw(hnp.arrays(np.uint8, (n_images, inner_h, inner_w), elements=st.integers(0, 255)))
    assume(all(image.any() for image in ink))
    images = np.zeros((n_images, inner_h + 2 * margin, inner_w + 2 * margin), dtype=np.uint8)
    images[:, margin : margin + inner_h, margin : margin + inner_w] = ink
    dx = draw(st.integers(-margin, margin))
    dy = draw(st.integers(-margin, margin))
    return images, dx, dy


def _mass_and_moments(images):
    """Total ink and its first moments along x and y, per image, in exact integers."""
    ink = images.astype(np.int64)
    rows = np.arange(images.shape[1])[:, None]
    cols = np.arange(images.shape[2])[None, :]
    return ink.sum(axis=(1, 2)), (ink * cols).sum(axis=(1, 2)), (ink * rows).sum(axis=(1, 2))


@relaxed
@given(inked_away_from_the_border())
def test_ink_is_kept_and_the_centre_of_mass_moves_by_exactly_dx_dy(case):
    images, dx, dy = case
    mass, moment_x, moment_y = _mass_and_moments(images)
    new_mass, new_moment_x, new_moment_y = _mass_and_moments(shift_images(images, dx, dy))
    np.testing.assert_array_equal(new_mass, mass)
    # Centre of mass = moment / mass; compare moments to stay in exact integers.
    np.testing.assert_array_equal(new_moment_x, moment_x + dx * mass)
    np.testing.assert_array_equal(new_moment_y, moment_y + dy * mass)


@relaxed
@given(inked_away_from_the_border())
def test_shifting_back_restores_images_inked_away_from_the_border(case):
    images, dx, dy = case
    np.testing.assert_array_equal(shift_images(shift_images(images, dx, dy), -dx, -dy), images)


@relaxed
@given(
    batches_with_a_shift(),
    st.lists(st.tuples(st.integers(-1, 1), st.integers(-1, 1)), max_size=5),
)
def test_augmenting_multiplies_the_rows_and_keeps_labels_aligned(case, shifts):
    X, _, _ = case
    assume(X.ndim == 3 or X.shape[1] > 1)
    if X.ndim == 3:
        assume(min(X.shape[1:]) > 1)
    y = np.arange(len(X)) * 10
    X_aug, y_aug = augment_with_shifts(X, y, shifts=shifts)
    n_blocks = 1 + len(shifts)
    assert X_aug.shape == (len(X) * n_blocks, *X.shape[1:])
    assert X_aug.dtype == X.dtype
    assert len(y_aug) == len(X_aug)
    for block, (dx, dy) in enumerate([(0, 0), *shifts]):
        rows = slice(block * len(X), (block + 1) * len(X))
        np.testing.assert_array_equal(y_aug[rows], y)
        np.testing.assert_array_equal(X_aug[rows], shift_images(X, dx, dy))


# -- bad input -------------------------------------------------------------------


BAD_IMAGES = [
    pytest.param(np.ones((3, 63)), ValueError, "63 pixels", id="63-pixels"),
    pytest.param(np.empty((0, 784)), ValueError, "empty", id="empty"),
    pytest.param(np.full((2, 784), np.nan), ValueError, "NaN", id="nan"),
    pytest.param(np.array([["a"] * 4]), TypeError, "numbers", id="strings"),
    pytest.param(np.ones(784), ValueError, "shape", id="one-flat-image"),
    pytest.param(np.ones((2, 2, 2, 2)), ValueError, "shape", id="4-d"),
    pytest.param([[1, 2], [3]], TypeError, "numeric array", id="ragged"),
]


@pytest.mark.parametrize("images, error, message", BAD_IMAGES)
def test_bad_images_are_rejected_naming_images(images, error, message):
    with pytest.raises(error, match=message) as excinfo:
        shift_images(images, 1, 0)
    assert str(excinfo.value).startswith("images")


@pytest.mark.parametrize("images, error, message", BAD_IMAGES)
def test_bad_X_is_rejected_naming_X(images, error, message):
    with pytest.raises(error, match=message) as excinfo:
        augment_with_shifts(images, np.zeros(len(images)))
    assert str(excinfo.value).startswith("X")


@pytest.mark.parametrize(
    "dx, dy, error, message",
    [
        (1.5, 0, ValueError, r"dx must be a whole number of pixels, got 1\.5"),
        (0, -0.25, ValueError, "dy must be a whole number"),
        (np.nan, 0, ValueError, "dx must be a whole number"),
        ("1", 0, TypeError, "dx must be a whole number of pixels .an int."),
        (0, None, TypeError, "dy must be"),
        (True, 0, TypeError, "dx must be"),
        (28, 0, ValueError, r"dx=28 is out of range.*between -27 and 27"),
        (-28, 0, ValueError, "dx=-28 is out of range"),
        (0, 28, ValueError, "dy=28 is out of range"),
        (0, -100, ValueError, "dy=-100 is out of range"),
    ],
)
def test_bad_shifts_are_rejected_naming_the_argument(dx, dy, error, message):
    with pytest.raises(error, match=message):
        shift_images(np.ones((2, 784)), dx, dy)


def test_the_range_of_each_shift_follows_its_own_axis():
    images = np.ones((1, 4, 6))
    assert shift_images(images, dx=5, dy=3).shape == (1, 4, 6)
    with pytest.raises(ValueError, match="dx=6 is out of range: the images are 6 pixels wide"):
        shift_images(images, dx=6, dy=0)
    with pytest.raises(ValueError, match="dy=4 is out of range: the images are 4 pixels high"):
        shift_images(images, dx=0, dy=4)


@pytest.mark.parametrize(
    "y, message",
    [
        (np.zeros(4), "X and y have different lengths: X holds 3 images but y holds 4 labels"),
        (np.zeros(2), "X and y have different lengths"),
        (np.zeros((3, 1)), r"y must be 1-D.*\(3, 1\)"),
        (5, "y must be 1-D"),
    ],
)
def test_labels_must_match_the_images(y, message):
    with pytest.raises(ValueError, match=message):
        augment_with_shifts(np.ones((3, 784)), y)


@pytest.mark.parametrize(
    "shifts, error, message",
    [
        (5, TypeError, "shifts must be a sequence of"),
        ([(1,)], ValueError, r"shifts\[0\] must be a \(dx, dy\) pair"),
        ([(0, 1), "ab"], ValueError, r"shifts\[1\] must be a \(dx, dy\) pair"),
        ([(0, 1, 2)], ValueError, r"shifts\[0\] must be a \(dx, dy\) pair"),
        ([(0, 0), (0.5, 0)], ValueError, r"shifts\[1\] dx must be a whole number"),
        ([(0, 28)], ValueError, r"shifts\[0\] dy=28 is out of range"),
        ([("a", 0)], TypeError, r"shifts\[0\] dx must be"),
    ],
)
def test_bad_shift_lists_are_rejected_naming_the_entry(shifts, error, message):
    with pytest.raises(error, match=message):
        augment_with_shifts(np.ones((3, 784)), np.zeros(3), shifts=shifts)
