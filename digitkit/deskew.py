"""Deskewing: stand slanted digits upright and centre them.

People slant their handwriting, some to the right, some to the left, and a
model that compares digits pixel by pixel sees a slanted 1 and an upright 1
as two different images. :func:`deskew` undoes the slant of every digit with
a *shear* (each row of pixels slides sideways, the further from the centre
the further) and moves its centre of mass to the centre of the image.
:func:`estimate_skew` measures the slant without changing the images.

.. rubric:: How the slant is measured

Treat the grey levels of a digit as ink, a mass spread over the pixels. Its
centre of mass is the mean position of the ink, ``(row_c, col_c)``. How the
ink spreads around that centre is described by the variance of the row
positions, ``var_rows``, and by the covariance of row and column,
``cov``. For an upright digit the covariance is near zero: going down the
digit, the ink drifts neither left nor right. For a slanted digit the ink
drifts sideways by ``cov / var_rows`` pixels for every pixel down: the slope
of the least-squares line through the ink, column against row.

Deskewing slides every row ``r`` sideways by ``-(cov / var_rows) * (r - row_c)``
pixels, which makes that slope (and the covariance) zero, and moves the whole
digit so its centre of mass sits at the centre of the image. This is the
classic moment-based deskewing used on MNIST since LeCun et al. (1998).

.. rubric:: How it is computed

The transformation is an affine map, applied in two passes that each move
pixels along one axis only: first every row slides sideways by its own
amount, then the whole image moves up or down. Pixels that fall between
grid positions are shared between the two nearest ones (linear
interpolation), so the total ink, the centring and the zero covariance are
exact, up to rounding and to ink pushed past the border. Both passes work
on a block of images at once with array indexing: no loop over images or
pixels, and no interpolation routine called image by image.
"""

from __future__ import annotations

import numpy as np

from ._docstrings import with_sections
from ._validation import _asarray_or_keep, check_images

__all__ = ["deskew", "estimate_skew"]

#: Images handled per block. Small blocks keep the temporaries of a block
#: (under 3 MB for 28 x 28 digits) small enough to stay in the processor's
#: cache, and the memory used besides the result bounded whatever the number
#: of images.
_BLOCK = 128

#: The sections of the docstrings of estimate_skew and deskew, which take
#: and check their images alike.
_IMAGES_PARAMETER = """\
images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
    The digits, flat rows such as the rows of ``X`` (``n_pixels`` must be
    a square, e.g. 784) or 2-D images; grey levels from 0 (background)
    upwards."""
_IMAGES_ERRORS = """\
TypeError
    If ``images`` does not hold numbers.
ValueError
    If ``images`` is empty, holds NaN, infinite or negative values, or
    has the wrong shape{shape_note}."""


def _check_ink(batch: np.ndarray) -> None:
    """Refuse negative pixels: ink is measured from 0, the background."""
    if batch.dtype.kind in "if" and batch.min() < 0:
        raise ValueError(
            f"images must not hold negative values (found {batch.min()}): the grey "
            "levels are read as ink, from 0 (background) upwards. Deskew the raw "
            "pixels, before any scaling or centring such as StandardScaler."
        )


def _moments(block: np.ndarray):
    """Centre of mass and slope of the ink of each image of a float64 block.

    Returns ``(row_c, col_c, slope)``, each of shape (n_images,): the centre
    of mass in pixel coordinates and ``cov / var_rows``, the columns the ink
    drifts right per row down. Blank images get the image centre and slope
    0; so do images whose ink lies on a single row (no vertical extent, so
    no slant to speak of).
    """
    _, height, width = block.shape
    # Coordinates relative to the image centre keep the sums small and exact.
    rows = np.arange(height) - (height - 1) / 2
    cols = np.arange(width) - (width - 1) / 2
    row_mass = block.sum(axis=2)
    mass = row_mass.sum(axis=1)
    inked = mass > 0
    safe_mass = np.where(inked, mass, 1.0)
    row_c = row_mass @ rows / safe_mass
    col_c = block.sum(axis=1) @ cols / safe_mass
    # Second moments about the centre of mass, row by row: no cancellation.
    row_offsets = rows - row_c[:, np.newaxis]
    var_rows = (row_mass * row_offsets**2).sum(axis=1) / safe_mass
    col_moment = block @ cols - row_mass * col_c[:, np.newaxis]
    cov = (col_moment * row_offsets).sum(axis=1) / safe_mass
    # A variance below this is a single row of ink (up to rounding).
    slanted = inked & (var_rows > 1e-9)
    slope = np.divide(cov, var_rows, out=np.zeros_like(cov), where=slanted)
    row_c = np.where(inked, row_c, 0.0) + (height - 1) / 2
    col_c = np.where(inked, col_c, 0.0) + (width - 1) / 2
    return row_c, col_c, slope


def _slide(block: np.ndarray, offsets: np.ndarray, axis: int) -> np.ndarray:
    """Read ``block`` at ``j + offsets`` for every position ``j`` along ``axis``.

    ``block`` has shape (n, height, width) and ``axis`` is 1 (move whole rows
    up or down) or 2 (slide pixels within each row). ``offsets`` holds one
    fractional offset per line that moves: shape (n,) for ``axis=1``,
    (n, height) for ``axis=2``. A value between two pixels is the linear
    blend of both; positions outside the image read 0.
    """
    n_images, height, width = block.shape
    length = block.shape[axis]
    below = np.floor(offsets)
    weight = (offsets - below)[..., np.newaxis]
    # A zero margin of length + 2 on each side of every line: clipping the
    # offset to it sends reads that fall outside the image, however far
    # out, to zeros, without testing every pixel.
    margin = length + 2
    first = np.clip(below, -(length + 1), length + 1).astype(np.intp) + margin
    if axis == 2:
        padded = np.zeros((n_images, height, width + 2 * margin))
        padded[:, :, margin : margin + width] = block
        # Index into the flat padded block: line start + offset + column.
        line_starts = np.arange(n_images * height).reshape(n_images, height)
        index = (line_starts * padded.shape[2] + first)[..., np.newaxis] + np.arange(width)
        flat = padded.reshape(-1)
        return (1 - weight) * flat[index] + weight * flat[index + 1]
    padded = np.zeros((n_images, height + 2 * margin, width))
    padded[:, margin : margin + height] = block
    # Index of whole rows in the padded block seen as a stack of rows.
    image_starts = np.arange(n_images) * padded.shape[1]
    index = (image_starts + first)[:, np.newaxis] + np.arange(height)
    rows = padded.reshape(-1, width)
    weight = weight[..., np.newaxis]
    return (1 - weight) * rows[index] + weight * rows[index + 1]


def _deskew_block(block: np.ndarray) -> np.ndarray:
    """Deskew and centre a float64 block of images of shape (n, height, width)."""
    _, height, width = block.shape
    row_c, col_c, slope = _moments(block)
    rows = np.arange(height, dtype=np.float64)
    # Pass 1: row r slides left by slope * (r - row_c), and the whole digit
    # by the distance from its centre of mass to the image centre, so the
    # new pixel (r, c) reads the old pixel (r, c + offset[r]).
    offsets = slope[:, None] * (rows - row_c[:, None]) + (col_c - (width - 1) / 2)[:, None]
    sheared = _slide(block, offsets, axis=2)
    # Pass 2: the whole image moves up or down so the centre of mass lands
    # on the middle row. Sliding rows sideways kept the ink of each row, so
    # the centre of mass is still on row row_c.
    return _slide(sheared, row_c - (height - 1) / 2, axis=1)


@with_sections(images=_IMAGES_PARAMETER, errors=_IMAGES_ERRORS.format(shape_note=""))
def estimate_skew(images):
    """Measure how much each digit slants, from the moments of its ink.

    The slant is the slope of the least-squares line through the ink: how
    many pixels the ink moves to the right for each pixel up, computed as
    ``-cov / var_rows`` from the grey levels (see :mod:`digitkit.deskew`).
    An upright digit has a slant near 0; a digit leaning to the right like
    italic type has a positive slant, one leaning left a negative slant.

    Parameters
    ----------
    {images}

    Returns
    -------
    slant : ndarray of shape (n_images,)
        Pixels to the right per pixel up, one value per image. Blank images
        and images whose ink lies on a single row have slant 0.

    Raises
    ------
    {errors}

    See Also
    --------
    deskew : Remove the slant and centre each digit.

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.deskew import estimate_skew
    >>> leaning_right = np.zeros((1, 5, 5))
    >>> for row in range(5):
    ...     leaning_right[0, row, 4 - row] = 1.0  # a stroke like "/"
    >>> estimate_skew(leaning_right)
    array([1.])
    """
    batch = check_images(_asarray_or_keep(images), name="images")
    _check_ink(batch)
    slants = np.empty(len(batch))
    for start in range(0, len(batch), _BLOCK):
        block = batch[start : start + _BLOCK].astype(np.float64)
        slants[start : start + _BLOCK] = -_moments(block)[2]
    return slants


@with_sections(
    images=_IMAGES_PARAMETER,
    errors=_IMAGES_ERRORS.format(
        shape_note=" (a single image must be passed as a batch of\n    one, e.g. ``image[np.newaxis]``)"
    ),
)
def deskew(images):
    """Straighten slanted digits and centre them, a whole batch at once.

    For every image, the slant is measured from the moments of its ink (see
    :func:`estimate_skew`) and removed by a shear: each row of pixels slides
    sideways in proportion to its distance from the centre of mass, so the
    ink no longer drifts left or right from top to bottom. The digit is also
    moved so that its centre of mass lands on the centre of the image
    (pixel coordinates ``((height - 1) / 2, (width - 1) / 2)``, so 13.5,
    13.5 for MNIST). Pixels between grid positions are linearly interpolated;
    ink moved past the border is lost.

    This is the classic preprocessing of LeCun et al. (1998) [1]_, which lowers
    the error of pixel-comparing models such as nearest neighbours and
    support vector machines on MNIST. It is a stateless transformation:
    to use it in a pipeline, wrap it in
    :class:`~sklearn.preprocessing.FunctionTransformer`.

    Parameters
    ----------
    {images}

    Returns
    -------
    deskewed : ndarray
        A new array with the same shape and dtype as ``images``. Integer
        (and boolean) images are rounded to the nearest value. Blank images
        stay blank; an image whose ink lies on a single row is only centred.

    Raises
    ------
    {errors}

    See Also
    --------
    estimate_skew : Measure the slant of each digit without changing it.
    digitkit.augment.shift_images : Move digits by whole pixels.

    Notes
    -----
    The images are processed in blocks of 128 with array operations (no loop
    over images or pixels), so the time grows linearly with the number of
    images and the memory needed besides the result stays small whatever
    that number.

    References
    ----------
    .. [1] Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based
       learning applied to document recognition", Proceedings of the IEEE,
       86(11), 1998.

    Examples
    --------
    A stroke leaning right, like "/", stands up straight in the middle:

    >>> import numpy as np
    >>> from digitkit.deskew import deskew
    >>> leaning = np.zeros((1, 5, 5))
    >>> for row in range(5):
    ...     leaning[0, row, 4 - row] = 1.0
    >>> deskew(leaning)[0]
    array([[0., 0., 1., 0., 0.],
           [0., 0., 1., 0., 0.],
           [0., 0., 1., 0., 0.],
           [0., 0., 1., 0., 0.],
           [0., 0., 1., 0., 0.]])

    In a pipeline, before a model:

    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> model = make_pipeline(FunctionTransformer(deskew), KNeighborsClassifier())
    """
    array = _asarray_or_keep(images)
    batch = check_images(array, name="images")
    _check_ink(batch)
    result = np.empty_like(batch)
    rounded = batch.dtype.kind in "biu"
    for start in range(0, len(batch), _BLOCK):
        block = _deskew_block(batch[start : start + _BLOCK].astype(np.float64))
        result[start : start + _BLOCK] = np.rint(block) if rounded else block
    return result.reshape(batch.shape[0], *array.shape[1:])
