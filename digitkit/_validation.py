"""Input checks shared by the helpers: clear errors that name the argument."""

from __future__ import annotations

import math

import numpy as np


def _asarray_or_keep(values):
    """``values`` as an array, or ``values`` unchanged if it cannot be one.

    A helper that must return its result in the layout of its input (flat
    rows or 2-D images) converts the input once with this function, passes
    the result to :func:`check_images` (which raises its clear error for what
    could not be converted) and reshapes its output to the array's shape.
    """
    try:
        return np.asarray(values)
    except (TypeError, ValueError):
        return values


def _as_numeric_array(values, name: str, allow_empty: bool = False) -> np.ndarray:
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a numeric array, could not convert it: {exc}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {array.dtype}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; expected at least one image")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _square_side(n_pixels: int, name: str) -> int:
    side = math.isqrt(n_pixels)
    if side * side != n_pixels:
        raise ValueError(
            f"{name} rows have {n_pixels} pixels, which is not a square image size "
            "(784 for 28x28 MNIST digits, 64 for 8x8 load_digits digits)"
        )
    return side


def check_images(images, *, name: str = "images", single: bool = False) -> np.ndarray:
    """Return ``images`` as an array of shape (n_images, height, width).

    ``images`` may be flat rows ``(n_images, n_pixels)`` with a square number
    of pixels, or images ``(n_images, height, width)``. With ``single=True`` it
    is one image: ``(n_pixels,)`` or ``(height, width)``.
    """
    array = _as_numeric_array(images, name)
    if single:
        if array.ndim == 1:
            side = _square_side(array.shape[0], name)
            return array.reshape(1, side, side)
        if array.ndim == 2:
            return array[np.newaxis]
        raise ValueError(
            f"{name} must be one image, of shape (n_pixels,) or (height, width); "
            f"got shape {array.shape}"
        )
    if array.ndim == 2:
        side = _square_side(array.shape[1], name)
        return array.reshape(array.shape[0], side, side)
    if array.ndim == 3:
        return array
    raise ValueError(
        f"{name} must have shape (n_images, n_pixels) or (n_images, height, width); "
        f"got shape {array.shape}"
    )
