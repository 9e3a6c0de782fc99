"""Test digits for the Draw a digit page, and their numpy twin.

Part of the site's build, not of the learner's package. The :doc:`Draw a
digit </draw>` page can load an MNIST test digit into its drawing area, so
that a reader with only a keyboard can see the model at work, and anyone
can try it on real digits. This module writes those digits
(:func:`export_test_digits`, ``window.DIGITKIT_TEST_DIGITS``), reads them
back (:func:`load_test_digits`, a :class:`TestDigits`), and makes the file
from the data set (:func:`produce`). The images are packed losslessly
(:func:`digitkit._pagefile.pack_digits`), so the page gives its model the
very grey levels of the data set, divided by 255.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digitkit import _pagefile

__all__ = ["TestDigits", "export_test_digits", "load_test_digits", "produce"]

#: Name and version of the test digits' file format.
DIGITS_FORMAT, DIGITS_VERSION = "digitkit-digits", 1
#: The global variable the ``.js`` file assigns, and the file the page loads.
DIGITS_GLOBAL, FILE_NAME = "DIGITKIT_TEST_DIGITS", "digitkit_test_digits.js"
#: How many test digits the page holds: the first 2,000 (about 420 KB).
N_PAGE_DIGITS = 2000
#: The largest test-set index the files can store (little-endian uint16).
MAX_INDEX = np.iinfo(np.uint16).max
_WHAT = "test digits"


def read_images(path, what, spec):
    try:
        count = int(spec["count"])
        indices = _pagefile.decode_array(spec["indices"], "<u2").astype(np.int64)
        images = _pagefile.unpack_digits(spec["pixels"], count)
    except (KeyError, TypeError, ValueError) as exc:
        _pagefile.fail(path, what, f"its images cannot be read: {exc!r}")
    if len(indices) != count or np.any(np.diff(indices) <= 0):
        _pagefile.fail(path, what, "its image indices are not increasing, or not one per image")
    return indices, images




@dataclass(frozen=True)
class TestDigits:
    """Test digits with their labels, as a page loads them.

    Create it with :func:`load_test_digits`.

    Attributes
    ----------
    indices : numpy.ndarray of shape (n_digits,)
        The test-set index of each digit, in increasing order.
    images : numpy.ndarray of shape (n_digits, 28, 28), dtype uint8
        Their grey levels, 0 to 255, exactly as in the data set.
    labels : numpy.ndarray of shape (n_digits,)
        Their true labels.
    metadata : dict
        Free-form information stored with the digits.
    """

    __test__ = False  # not a test class, whatever its name says to pytest

    indices: np.ndarray
    images: np.ndarray
    labels: np.ndarray
    metadata: dict = field(default_factory=dict)

    def pixels(self, index) -> np.ndarray:
        """The 784 pixels the page gives its model for test digit ``index``: grey levels / 255.

        Parameters
        ----------
        index : int
            A test-set index held in ``indices``.

        Returns
        -------
        pixels : numpy.ndarray of shape (784,), float64, from 0 to 1
        """
        position = np.searchsorted(self.indices, index)
        if position >= len(self.indices) or self.indices[position] != index:
            raise ValueError(f"test digit {index} is not in this set")
        return self.images[position].reshape(-1) / 255.0


def export_test_digits(path, images, labels, indices, *, metadata=None):
    """Write test digits and their labels for a web page (``window.DIGITKIT_TEST_DIGITS``).

    The file holds a JSON object with ``format`` (``"digitkit-digits"``),
    ``version`` (1), ``count``, ``indices`` (base64 little-endian uint16),
    ``labels`` (one character per digit), ``pixels`` (see
    :func:`pack_digits`) and ``metadata``.

    Parameters
    ----------
    path : str or path-like
        The ``.js`` file to write; its folder must exist.
    images : array-like of shape (n_digits, 784) or (n_digits, 28, 28)
        The digits to store, whole grey levels from 0 to 255.
    labels : array-like of shape (n_digits,)
        Their true labels, digits from 0 to 9.
    indices : array-like of shape (n_digits,)
        Their index in the test set, increasing, from 0 to 65,535.
    metadata : dict, default=None
        Extra information to store, serialisable as JSON.

    The file's size in bytes is returned.

    Raises
    ------
    TypeError
        If ``metadata`` is not a dict, or not serialisable as JSON.
    ValueError
        If the arrays do not match in length, the labels are not digits,
        or the indices are not increasing whole numbers in range.

    See also :func:`load_test_digits` (read the file back).

    Examples
    --------
    >>> folder = getfixture("tmp_path")  # a temporary folder, in pytest's doctests
    >>> from pagedata_digits import export_test_digits, load_test_digits
    >>> import numpy as np
    >>> images = np.zeros((2, 28, 28), dtype=np.uint8)
    >>> images[1, 5:20, 14] = 255
    >>> path = folder / "digitkit_test_digits.js"
    >>> n_bytes = export_test_digits(path, images, [0, 1], [10, 11])
    >>> digits = load_test_digits(path)
    >>> digits.labels.tolist(), float(digits.pixels(11).max())
    ([0, 1], 1.0)
    """
    pixels = _pagefile.check_pixels(images)
    labels = _pagefile.check_labels(labels, "labels", len(pixels))
    indices = np.asarray(indices)
    if (indices.shape != (len(pixels),) or indices.dtype.kind not in "iu"
            or (indices.size and (indices.min() < 0 or indices.max() > MAX_INDEX))
            or np.any(np.diff(indices) <= 0)):
        raise ValueError(f"indices must be {len(pixels)} increasing whole numbers from 0 to "
                         f"{MAX_INDEX:,}, one per image")
    document = {
        "format": DIGITS_FORMAT,
        "version": DIGITS_VERSION,
        "count": len(pixels),
        "indices": _pagefile.encode_array(indices, "<u2"),
        "labels": _pagefile.encode_labels(labels),
        "pixels": _pagefile.pack_digits(pixels),
        "metadata": _pagefile.check_metadata(metadata),
    }
    return _pagefile.write(path, DIGITS_GLOBAL, document,
                           "MNIST test digits, written by pagedata_digits.export_test_digits.")


def load_test_digits(path) -> TestDigits:
    """Read the ``.js`` file at ``path`` written by :func:`export_test_digits`, as a TestDigits.

    A missing file raises FileNotFoundError; a ValueError says what is wrong if
    the file is not such a file or is inconsistent.

    See also :func:`export_test_digits` (write such a file).
    """
    what = "test digits"
    document = _pagefile.read(path, DIGITS_GLOBAL, DIGITS_FORMAT, DIGITS_VERSION, what)
    indices, images = read_images(path, what, document)
    labels = _pagefile.decode_labels(document.get("labels"), path, what, "labels")
    if len(labels) != len(indices):
        _pagefile.fail(path, what, f"it has {len(labels)} labels for {len(indices)} digits")
    return TestDigits(indices=indices, images=images, labels=labels,
                      metadata=dict(document.get("metadata") or {}))


def produce(path, X, y) -> int:
    """Write the first :data:`N_PAGE_DIGITS` MNIST test digits for the Draw a digit page.

    ``X, y``: MNIST as :func:`digitkit.datasets.fetch_mnist` returns it, training
    digits first; the file goes to ``path``, and its size in bytes is returned.
    """
    indices = np.arange(N_PAGE_DIGITS)
    return export_test_digits(path, X[60000 + indices], y[60000 + indices], indices)
