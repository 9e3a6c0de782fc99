"""Plots of digit images.

Every function draws on a matplotlib ``Axes`` (a new one if ``ax`` is None)
and returns it; none calls ``plt.show()``.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_images

__all__ = ["plot_digit", "plot_digits", "tile_images"]


def _get_ax(ax):
    return plt.gca() if ax is None else ax


def plot_digit(image, *, ax=None, cmap="binary", title=None):
    """Show one digit image.

    Parameters
    ----------
    image : array-like of shape (n_pixels,) or (height, width)
        The digit, either flat (a row of ``X``; ``n_pixels`` must be a square
        such as 784 or 64) or as a 2-D image.
    ax : matplotlib Axes, default=None
        Where to draw; the current Axes if None.
    cmap : str or Colormap, default="binary"
        Colormap; "binary" draws ink in black on white.
    title : str, default=None
        Title above the image.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.plotting import plot_digit
    >>> ax = plot_digit(np.eye(28).ravel() * 255, title="a diagonal stroke")
    """
    image = check_images(image, name="image", single=True)[0]
    ax = _get_ax(ax)
    ax.imshow(image, cmap=cmap, interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax


def tile_images(images, *, n_cols=10, padding=0, fill=0.0):
    """Arrange images into one big image, row by row.

    Parameters
    ----------
    images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The digits to tile.
    n_cols : int, default=10
        Images per row; the last row is padded with ``fill``.
    padding : int, default=0
        Pixels of ``fill`` between neighbouring images.
    fill : float, default=0.0
        Value of padding and empty cells (0 is background in MNIST).

    Returns
    -------
    mosaic : ndarray of shape (n_rows * (height + padding) - padding, n_cols * (width + padding) - padding)

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.plotting import tile_images
    >>> tile_images(np.ones((3, 2, 2)), n_cols=2).shape
    (4, 4)
    """
    images = check_images(images, name="images")
    if not isinstance(n_cols, (int, np.integer)) or n_cols < 1:
        raise ValueError(f"n_cols must be a positive integer, got {n_cols!r}")
    if not isinstance(padding, (int, np.integer)) or padding < 0:
        raise ValueError(f"padding must be a non-negative integer, got {padding!r}")
    n_images, height, width = images.shape
    n_cols = min(n_cols, n_images)
    n_rows = math.ceil(n_images / n_cols)
    cells = np.full((n_rows * n_cols, height + padding, width + padding), fill, dtype=float)
    cells[:n_images, :height, :width] = images
    mosaic = (
        cells.reshape(n_rows, n_cols, height + padding, width + padding)
        .transpose(0, 2, 1, 3)
        .reshape(n_rows * (height + padding), n_cols * (width + padding))
    )
    return mosaic[: mosaic.shape[0] - padding, : mosaic.shape[1] - padding]


def plot_digits(images, *, n_cols=10, ax=None, cmap="binary", padding=0, title=None):
    """Show many digits as one grid image.

    Tiling the digits into a single image (rather than one Axes per digit)
    keeps large grids fast to draw and free of gaps.

    Parameters
    ----------
    images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The digits, in reading order.
    n_cols : int, default=10
        Digits per row.
    ax : matplotlib Axes, default=None
        Where to draw; the current Axes if None.
    cmap : str or Colormap, default="binary"
        Colormap; "binary" draws ink in black on white.
    padding : int, default=0
        Blank pixels between digits.
    title : str, default=None
        Title above the grid.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.plotting import plot_digits
    >>> rng = np.random.default_rng(0)
    >>> ax = plot_digits(rng.integers(0, 256, size=(20, 784)), n_cols=5)
    """
    mosaic = tile_images(images, n_cols=n_cols, padding=padding)
    ax = _get_ax(ax)
    ax.imshow(mosaic, cmap=cmap, interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax
