"""Data augmentation: more training digits from the ones you have.

A digit moved by a pixel or two is still the same digit, but to a model that
compares pixels it is a new image. :func:`shift_images` moves a whole batch of
digits by whole pixels, and :func:`augment_with_shifts` adds shifted copies of
a training set to it, with the labels to match.

Shifting works on the whole batch at once with two slices of one array, not
with a loop over the images.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validation import _asarray_or_keep, check_images

__all__ = ["augment_with_shifts", "shift_images"]

#: The default shifts of :func:`augment_with_shifts`: one pixel left, right, down, up.
FOUR_NEIGHBOURS = ((-1, 0), (1, 0), (0, 1), (0, -1))


def _check_shift(value, name: str, limit: int, axis: str) -> int:
    """Return ``value`` as an int, or raise an error naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a whole number of pixels (an int), got {value!r} "
            f"of type {type(value).__name__}"
        )
    if isinstance(value, numbers.Integral):
        shift = int(value)
    elif np.isfinite(value) and float(value).is_integer():
        shift = int(value)
    else:
        raise ValueError(f"{name} must be a whole number of pixels, got {value!r}")
    if abs(shift) >= limit:
        raise ValueError(
            f"{name}={shift} is out of range: the images are {limit} pixels {axis}, "
            f"so {name} must lie between {-(limit - 1)} and {limit - 1}"
        )
    return shift


def _slices(shift: int, length: int) -> tuple[slice, slice]:
    """Source and destination slices that move a line of ``length`` by ``shift``."""
    if shift >= 0:
        return slice(0, length - shift), slice(shift, length)
    return slice(-shift, length), slice(0, length + shift)


def _shift_into(images: np.ndarray, dx: int, dy: int, out: np.ndarray) -> None:
    """Write ``images`` (n, h, w) shifted by (dx, dy) into ``out``, zeros elsewhere."""
    _, height, width = images.shape
    src_rows, dst_rows = _slices(dy, height)
    src_cols, dst_cols = _slices(dx, width)
    out[...] = 0
    out[:, dst_rows, dst_cols] = images[:, src_rows, src_cols]


def shift_images(images, dx, dy):
    """Shift a batch of digit images by whole pixels, filling with zeros.

    Every image moves ``dx`` pixels to the right and ``dy`` pixels down
    (negative values move left and up). Pixels pushed past the border are
    dropped; the strip uncovered on the other side is filled with 0, the
    background of MNIST.

    The whole batch moves with one slice assignment, a strided memory copy:
    no loop over the images and no interpolation. The result is exactly that
    of ``scipy.ndimage.shift(images, (0, dy, dx), order=0, cval=0)`` (the
    tests check this), with less work: ``scipy.ndimage.shift`` computes a
    source coordinate for every pixel, which a whole-pixel shift does not
    need.

    Parameters
    ----------
    images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The digits: flat rows such as the rows of ``X`` (``n_pixels`` must be
        a square, e.g. 784), or 2-D images.
    dx : int
        Pixels to move right; negative moves left. ``abs(dx)`` must be
        smaller than the image width. A float is accepted only if it is a
        whole number, such as ``2.0``.
    dy : int
        Pixels to move down; negative moves up. ``abs(dy)`` must be smaller
        than the image height.

    Returns
    -------
    shifted : ndarray
        The shifted digits: a new array with the same shape and dtype as
        ``images``.

    Raises
    ------
    TypeError
        If ``images`` does not hold numbers, or ``dx`` or ``dy`` is not a
        number.
    ValueError
        If ``images`` is empty, holds NaN or infinite values or has the wrong
        shape, or if ``dx`` or ``dy`` is not a whole number or is out of range.

    See Also
    --------
    augment_with_shifts : Add shifted copies of every image to a training set.

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.augment import shift_images
    >>> image = np.zeros((1, 3, 3), dtype=np.uint8)
    >>> image[0, 1, 1] = 255
    >>> shift_images(image, dx=1, dy=-1)[0]
    array([[  0,   0, 255],
           [  0,   0,   0],
           [  0,   0,   0]], dtype=uint8)
    """
    array = _asarray_or_keep(images)
    batch = check_images(array, name="images")
    _, height, width = batch.shape
    dx = _check_shift(dx, "dx", width, "wide")
    dy = _check_shift(dy, "dy", height, "high")
    shifted = np.empty_like(batch)
    _shift_into(batch, dx, dy, shifted)
    return shifted.reshape(batch.shape[0], *array.shape[1:])


def _check_shift_pairs(shifts, height: int, width: int) -> list[tuple[int, int]]:
    try:
        pairs = list(shifts)
    except TypeError:
        raise TypeError(
            f"shifts must be a sequence of (dx, dy) pairs, got {shifts!r}"
        ) from None
    checked = []
    for i, pair in enumerate(pairs):
        if isinstance(pair, (str, bytes)) or np.ndim(pair) != 1 or len(pair) != 2:
            raise ValueError(f"shifts[{i}] must be a (dx, dy) pair, got {pair!r}")
        dx = _check_shift(pair[0], f"shifts[{i}] dx", width, "wide")
        dy = _check_shift(pair[1], f"shifts[{i}] dy", height, "high")
        checked.append((dx, dy))
    return checked


def _check_dtype(dtype, source: np.dtype) -> np.dtype:
    """``dtype`` as a numpy dtype (``source`` if None), or a TypeError naming ``dtype``."""
    if dtype is None:
        return source
    try:
        target = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a numpy data type such as np.float32, got {dtype!r}") from None
    if target.kind not in "biuf":
        raise TypeError(f"dtype must be a numeric type such as np.float32, got {target}")
    if not np.can_cast(source, target, casting="same_kind"):
        raise TypeError(
            f"cannot store images of dtype {source} as {target}: the values would be "
            "truncated; choose a float dtype such as np.float32"
        )
    return target


def augment_with_shifts(X, y, shifts=FOUR_NEIGHBOURS, *, dtype=None):
    """Add shifted copies of every image to a training set.

    The result holds the original images first, then, for each ``(dx, dy)``
    in ``shifts`` in turn, a copy of all of them moved by that shift (see
    :func:`shift_images`). The labels are repeated in the same order, so
    row ``i`` of ``X_aug`` still shows digit ``y_aug[i]``. With the default
    four one-pixel shifts, a training set becomes five times larger.

    The augmented set is as big as all its copies together, so its type
    matters: ``dtype=np.float32`` stores the pixels of a ``float64`` ``X``
    in single precision, at half the memory, converting them as they are
    copied. The result is exactly that of augmenting ``X.astype(np.float32)``,
    without that converted copy of ``X`` in memory beside the augmented set.

    Parameters
    ----------
    X : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The training images.
    y : array-like of shape (n_images,)
        The label of each image.
    shifts : sequence of (dx, dy) pairs, default=((-1, 0), (1, 0), (0, 1), (0, -1))
        The shifts to apply, in pixels: ``dx`` to the right, ``dy`` down.
        The default moves every image one pixel left, right, down and up.
    dtype : data-type, default=None
        The type of ``X_aug``; by default that of ``X``. It must be of the
        same kind or wider (``float64`` to ``float32``, ``uint8`` to
        ``float32``), not from floats to integers.

    Returns
    -------
    X_aug : ndarray of shape (n_images * (1 + len(shifts)), ...)
        The originals followed by the shifted copies, with the same layout
        (flat or 2-D images) as ``X`` and its dtype, or ``dtype`` if given.
    y_aug : ndarray of shape (n_images * (1 + len(shifts)),)
        ``y`` repeated ``1 + len(shifts)`` times.

    Raises
    ------
    TypeError
        If ``X`` does not hold numbers, or a shift is not a number, or
        ``dtype`` is not a numeric type that ``X`` can be cast to.
    ValueError
        If ``X`` is empty, holds NaN or has the wrong shape, if ``y`` is not
        1-D or its length differs from that of ``X``, or if a shift is not a
        whole number or is out of range.

    See Also
    --------
    shift_images : Shift a batch of images by one (dx, dy).

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.augment import augment_with_shifts
    >>> X = np.arange(2 * 784).reshape(2, 784)
    >>> X_aug, y_aug = augment_with_shifts(X, [3, 7])
    >>> X_aug.shape, y_aug.tolist()
    ((10, 784), [3, 7, 3, 7, 3, 7, 3, 7, 3, 7])
    >>> augment_with_shifts(X.astype(np.float64), [3, 7], dtype=np.float32)[0].dtype
    dtype('float32')
    """
    array = _asarray_or_keep(X)
    batch = check_images(array, name="X")
    n_images, height, width = batch.shape
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must be 1-D, one label per image; got shape {labels.shape}")
    if len(labels) != n_images:
        raise ValueError(
            f"X and y have different lengths: X holds {n_images} images "
            f"but y holds {len(labels)} labels"
        )
    pairs = _check_shift_pairs(shifts, height, width)
    out_dtype = _check_dtype(dtype, batch.dtype)

    # Fill one preallocated array rather than concatenating shifted copies:
    # for MNIST that saves a temporary copy of the whole augmented set. Each
    # block is converted to ``out_dtype`` as it is written, a shift moving
    # whole pixels, so no converted copy of the whole of ``X`` is needed.
    augmented = np.empty((n_images * (1 + len(pairs)), height, width), dtype=out_dtype)
    augmented[:n_images] = batch
    for block, (dx, dy) in enumerate(pairs, start=1):
        _shift_into(batch, dx, dy, augmented[block * n_images : (block + 1) * n_images])
    X_aug = augmented.reshape(len(augmented), *array.shape[1:])
    y_aug = np.tile(labels, 1 + len(pairs))
    return X_aug, y_aug
