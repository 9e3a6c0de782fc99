"""Turn a drawing into an MNIST-like 28 x 28 digit image.

The :doc:`Draw a digit </draw>` page classifies what the reader draws with a
model trained on MNIST, so the drawing must first look like an MNIST digit.
:func:`strokes_to_image` does in numpy what the page's JavaScript does, step
for step, mimicking how the MNIST digits were made from scanned forms:

1. crop the ink to its bounding box;
2. scale it, keeping its proportions, so that the ink (pen width included)
   fits a 20 x 20 box (``BOX_SIZE``);
3. draw the strokes with a pen ``STROKE_WIDTH`` (2.75) pixels wide, whatever
   the size drawn, with grey levels on the edges (anti-aliasing);
4. move the digit so that the centre of mass of its ink lies at the centre
   of the 28 x 28 image (``IMAGE_SIZE``).

The tests of the page compare its JavaScript with this function on the same
strokes, so an image made here is the image the page's model sees. The model
itself is written and read back by :mod:`digitkit.export`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["BOX_SIZE", "IMAGE_SIZE", "STROKE_WIDTH", "strokes_to_image"]

#: Side of the images the model sees, in pixels.
IMAGE_SIZE = 28
#: Side of the box the ink is scaled to fit, as in MNIST.
BOX_SIZE = 20
#: Width of the pen in pixels of the 28 x 28 image, whatever the size drawn.
STROKE_WIDTH = 2.75


def _check_strokes(strokes):
    if isinstance(strokes, np.ndarray) and strokes.ndim == 2:
        strokes = [strokes]
    checked = []
    try:
        items = list(strokes)
    except TypeError:
        raise TypeError(
            "strokes must be a list of strokes, each a sequence of (x, y) points"
        ) from None
    for index, stroke in enumerate(items):
        try:
            points = np.asarray(stroke, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"stroke {index} must be a sequence of (x, y) numbers") from None
        if points.size == 0:
            continue
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(
                f"stroke {index} must have shape (n_points, 2), got shape {points.shape}"
            )
        if not np.isfinite(points).all():
            raise ValueError(f"stroke {index} contains NaN or infinite coordinates")
        checked.append(points)
    return checked


def _segments(strokes):
    """Start and end points of every segment; a lone point is a segment of length 0."""
    starts, ends = [], []
    for points in strokes:
        if len(points) == 1:
            starts.append(points)
            ends.append(points)
        else:
            starts.append(points[:-1])
            ends.append(points[1:])
    return np.concatenate(starts), np.concatenate(ends)


def _render(starts, ends, radius, size):
    """Grey level of each pixel: 1 within ``radius`` of a segment, fading over one pixel."""
    centres = np.arange(size) + 0.5
    px = centres[np.newaxis, np.newaxis, :]  # column centres
    py = centres[np.newaxis, :, np.newaxis]  # row centres
    image = np.zeros((size, size))
    # Chunks of segments keep memory small for long drawings.
    for first in range(0, len(starts), 256):
        a, b = starts[first:first + 256], ends[first:first + 256]
        ax, ay = a[:, 0, None, None], a[:, 1, None, None]
        dx, dy = (b - a)[:, 0, None, None], (b - a)[:, 1, None, None]
        length2 = dx * dx + dy * dy
        t = ((px - ax) * dx + (py - ay) * dy) / np.where(length2 > 0, length2, 1.0)
        t = np.clip(np.where(length2 > 0, t, 0.0), 0.0, 1.0)
        distance = np.hypot(px - (ax + t * dx), py - (ay + t * dy))
        ink = np.clip(radius + 0.5 - distance, 0.0, 1.0)
        image = np.maximum(image, ink.max(axis=0))
    return image


def strokes_to_image(strokes, *, stroke_width=STROKE_WIDTH):
    """Turn pen strokes into a 28 x 28 digit image, the way MNIST digits were made.

    This is the preprocessing of the :doc:`Draw a digit </draw>` page, in
    numpy. The drawing is cropped to its bounding box and scaled, keeping its
    aspect ratio, so that the ink (strokes of width ``stroke_width``) fits a
    20 x 20 box; the strokes are then drawn with anti-aliased edges (grey
    levels) and the image is moved so that the centre of mass of the ink is
    at the centre of the 28 x 28 field. The pen has the same width however
    large the digit was drawn, close to that of a typical MNIST stroke.

    Parameters
    ----------
    strokes : sequence of array-like of shape (n_points, 2)
        Each stroke is the path of the pen between pressing and lifting it,
        as ``(x, y)`` points in any unit (canvas pixels), ``x`` to the right
        and ``y`` down. A stroke of one point is a dot.
    stroke_width : float, default=2.75
        Width of the pen in pixels of the 28 x 28 image.

    Returns
    -------
    image : numpy.ndarray of shape (28, 28)
        Grey levels from 0 (background) to 1 (ink); all zeros if there are
        no points.

    Raises
    ------
    TypeError
        If a stroke does not hold numbers.
    ValueError
        If a stroke is not a list of ``(x, y)`` points, holds NaN or
        infinite values, or ``stroke_width`` is not between 0 and 20.

    See Also
    --------
    digitkit.export.BrowserModel.predict_proba : Classify such images as the
        page does.

    Examples
    --------
    >>> from digitkit.drawing import strokes_to_image
    >>> image = strokes_to_image([[(100, 40), (100, 240)]])  # a vertical stroke
    >>> image.shape, float(image.max())
    ((28, 28), 1.0)
    """
    if not (isinstance(stroke_width, (int, float, np.number)) and 0 < stroke_width < BOX_SIZE):
        raise ValueError(f"stroke_width must be a number between 0 and {BOX_SIZE}, "
                         f"got {stroke_width!r}")
    checked = _check_strokes(strokes)
    if not checked:
        return np.zeros((IMAGE_SIZE, IMAGE_SIZE))
    starts, ends = _segments(checked)
    points = np.concatenate(checked)
    low, high = points.min(axis=0), points.max(axis=0)
    extent = float((high - low).max())
    # The ink's box is the points' box plus the pen width: make its larger side 20 px.
    scale = (BOX_SIZE - stroke_width) / extent if extent > 0 else 0.0
    middle = (low + high) / 2
    centre = IMAGE_SIZE / 2

    def place(offset):
        return ((starts - middle) * scale + centre + offset,
                (ends - middle) * scale + centre + offset)

    radius = stroke_width / 2
    first = _render(*place(np.zeros(2)), radius, IMAGE_SIZE)
    # Move the centre of mass (pixel centres weighted by ink) to the centre.
    coordinates = np.arange(IMAGE_SIZE) + 0.5
    total = first.sum()
    mass_x = (first.sum(axis=0) * coordinates).sum() / total
    mass_y = (first.sum(axis=1) * coordinates).sum() / total
    return _render(*place(np.array([centre - mass_x, centre - mass_y])), radius, IMAGE_SIZE)
