"""Plots of digit images.

Every function draws on a matplotlib ``Axes`` (a new one if ``ax`` is None)
and returns it; none calls ``plt.show()``.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ._validation import check_images

__all__ = [
    "plot_digit",
    "plot_digits",
    "plot_precision_recall_vs_threshold",
    "tile_images",
]


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


def _check_curve(values, name):
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 1-D array of numbers") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def plot_precision_recall_vs_threshold(
    thresholds, precisions, recalls, *, ax=None, threshold=None, title=None
):
    """Draw precision and recall against the decision threshold.

    Raising the threshold of a binary classifier trades recall for precision.
    This plot shows both curves over the same threshold axis, so you can read
    off what a given threshold costs and gains. Pass the three arrays returned
    by :func:`sklearn.metrics.precision_recall_curve`.

    Parameters
    ----------
    thresholds : array-like of shape (n_thresholds,)
        Increasing decision thresholds.
    precisions : array-like of shape (n_thresholds,) or (n_thresholds + 1,)
        Precision when predicting positive for scores at or above each
        threshold. A trailing extra value (the 1.0 that
        ``precision_recall_curve`` appends) is ignored.
    recalls : array-like of shape (n_thresholds,) or (n_thresholds + 1,)
        Recall at each threshold, likewise; a trailing extra value (the 0.0
        that ``precision_recall_curve`` appends) is ignored.
    ax : matplotlib Axes, default=None
        Where to draw; the current Axes if None.
    threshold : float, default=None
        If given, mark this threshold with a vertical line and dots at the
        precision and recall of the lowest listed threshold at or above it.
        It must not exceed the largest of ``thresholds``.
    title : str, default=None
        Title above the plot.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.metrics import precision_recall_curve
    >>> from digitkit.plotting import plot_precision_recall_vs_threshold
    >>> y_true = np.array([0, 0, 1, 0, 1, 1])
    >>> y_score = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    >>> precisions, recalls, thresholds = precision_recall_curve(y_true, y_score)
    >>> ax = plot_precision_recall_vs_threshold(
    ...     thresholds, precisions, recalls, threshold=0.75
    ... )
    """
    thresholds = _check_curve(thresholds, "thresholds")
    precisions = _check_curve(precisions, "precisions")
    recalls = _check_curve(recalls, "recalls")
    n_thresholds = thresholds.size
    for name, values in (("precisions", precisions), ("recalls", recalls)):
        if values.size not in (n_thresholds, n_thresholds + 1):
            raise ValueError(
                f"{name} must have as many values as thresholds ({n_thresholds}), "
                f"or one more; got {values.size}"
            )
        if values.min() < 0 or values.max() > 1:
            raise ValueError(f"{name} must lie between 0 and 1")
    if np.any(np.diff(thresholds) < 0):
        raise ValueError("thresholds must be in increasing order")
    precisions, recalls = precisions[:n_thresholds], recalls[:n_thresholds]

    ax = _get_ax(ax)
    ax.plot(thresholds, precisions, color="tab:blue", linestyle="--", label="precision")
    ax.plot(thresholds, recalls, color="tab:green", label="recall")
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)):
            raise TypeError(f"threshold must be a number, got {type(threshold).__name__}")
        if not np.isfinite(threshold) or threshold > thresholds[-1]:
            raise ValueError(
                f"threshold must be a finite number no larger than the largest "
                f"threshold ({thresholds[-1]:g}), got {threshold!r}"
            )
        index = np.searchsorted(thresholds, threshold)
        ax.axvline(threshold, color="black", linestyle=":", linewidth=1,
                   label=f"threshold = {threshold:,.0f}")
        ax.plot([thresholds[index]] * 2, [precisions[index], recalls[index]], "o",
                color="black")
    ax.set(xlabel="decision threshold", ylabel="precision / recall", ylim=(0, 1.02))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="center left")
    if title is not None:
        ax.set_title(title)
    return ax
