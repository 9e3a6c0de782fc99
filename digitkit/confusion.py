"""Test digits and confusion matrices for web pages, and their numpy twins.

Two interactive pages of this site show MNIST test digits in the browser:
the :ref:`error browser <error_browser>`, where a click on a cell of a
model's confusion matrix shows the digits of that cell, and the
:doc:`Draw a digit </draw>` page, which can load a test digit into its
drawing area. This module writes what they load, and reads it back:

- :func:`export_error_browser` writes the true labels of the test digits,
  each model's predictions and the images the page shows, to a ``.js`` file
  that sets ``window.DIGITKIT_ERRORS``; :func:`load_error_browser` reads it
  back as an :class:`ErrorBrowserData`, whose methods compute in numpy what
  the page computes in JavaScript (the counts of the matrix, the digits of
  a cell and those shown);
- :func:`export_test_digits` writes a set of test digits with their labels,
  for the Draw a digit page (``window.DIGITKIT_TEST_DIGITS``), and
  :func:`load_test_digits` reads them back as a :class:`TestDigits`;
- :func:`pack_digits` and :func:`unpack_digits` are the compact, lossless
  encoding of 28 x 28 images both files use.

**The encoding.** The images are whole grey levels from 0 to 255, one byte
per pixel, row by row, image after image; the bytes are compressed with
zlib (the "deflate" format the browser's ``DecompressionStream`` reads) and
written as base64 text. MNIST digits are mostly blank, so an image takes
about 230 bytes instead of 784, and the page gets exactly the pixels of the
data set: a model in the page sees the very digit Python sees.

**The error browser's file.** A JSON object with ``format``
(``"digitkit-errors"``), ``version`` (1), ``classes`` (0 to 9), ``n_digits``,
``y_true`` (the true label of every test digit, one character each, so
``"7210..."``), ``models`` (a list of ``{"name", "description", "y_pred"}``,
``y_pred`` written like ``y_true``), ``per_cell``, ``images`` (``indices``:
base64 of little-endian uint16 test-set indices, in increasing order;
``pixels``: the packed images in the same order) and free-form
``metadata``. A cell of a model's matrix holds the test digits with that
true label and that prediction; the page shows the first ``per_cell`` of
them in test-set order, and the file holds the image of each of those.
"""

from __future__ import annotations

import base64
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "ErrorBrowserData",
    "TestDigits",
    "export_error_browser",
    "export_test_digits",
    "load_error_browser",
    "load_test_digits",
    "pack_digits",
    "unpack_digits",
]

#: Side of the images, in pixels.
IMAGE_SIDE = 28
#: The classes of the error browser: the ten digits.
CLASSES = tuple(range(10))
#: Name and version of the error browser's file format.
ERRORS_FORMAT, ERRORS_VERSION = "digitkit-errors", 1
#: Name and version of the test digits' file format.
DIGITS_FORMAT, DIGITS_VERSION = "digitkit-digits", 1
#: The global variables the ``.js`` files assign.
ERRORS_GLOBAL, DIGITS_GLOBAL = "DIGITKIT_ERRORS", "DIGITKIT_TEST_DIGITS"

_N_PIXELS = IMAGE_SIDE * IMAGE_SIDE
_MAX_INDEX = np.iinfo(np.uint16).max


# -- packing images -------------------------------------------------------------------


def _check_pixels(images, name="images") -> np.ndarray:
    try:
        array = np.asarray(images)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a numeric array, could not convert it: {exc}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got an array of dtype {array.dtype}")
    if array.ndim == 3 and array.shape[1:] == (IMAGE_SIDE, IMAGE_SIDE):
        array = array.reshape(len(array), _N_PIXELS)
    if array.ndim != 2 or array.shape[1] != _N_PIXELS:
        raise ValueError(f"{name} must have shape (n_images, 784) or (n_images, 28, 28), "
                         f"got shape {array.shape}")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    if array.size and (array.min() < 0 or array.max() > 255 or np.any(array != np.round(array))):
        raise ValueError(f"{name} must hold whole grey levels from 0 to 255, as MNIST does "
                         "(not pixels divided by 255)")
    return array.astype(np.uint8)


def pack_digits(images) -> str:
    """Encode 28 x 28 grey-level images as compact, lossless text.

    Parameters
    ----------
    images : array-like of shape (n_images, 784) or (n_images, 28, 28)
        Whole grey levels from 0 to 255, as in MNIST.

    Returns
    -------
    text : str
        Base64 text of the zlib-compressed bytes, one byte per pixel, row by
        row, image after image.

    Raises
    ------
    TypeError
        If ``images`` does not hold numbers.
    ValueError
        If ``images`` has another shape, or values that are not whole
        numbers from 0 to 255.

    See Also
    --------
    unpack_digits : The inverse, as the pages decode it.

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.confusion import pack_digits, unpack_digits
    >>> images = np.zeros((3, 28, 28), dtype=np.uint8)
    >>> images[:, 10:18, 13:15] = 255  # three short vertical bars
    >>> text = pack_digits(images)
    >>> len(text) < 3 * 784, bool((unpack_digits(text, 3) == images).all())
    (True, True)
    """
    pixels = _check_pixels(images)
    return base64.b64encode(zlib.compress(pixels.tobytes(), 9)).decode("ascii")


def unpack_digits(text, n_images) -> np.ndarray:
    """Decode images encoded by :func:`pack_digits`.

    Parameters
    ----------
    text : str
        The text :func:`pack_digits` returned.
    n_images : int
        How many images it holds.

    Returns
    -------
    images : numpy.ndarray of shape (n_images, 28, 28), dtype uint8

    Raises
    ------
    ValueError
        If ``text`` is not such an encoding or does not hold ``n_images`` images.
    """
    try:
        raw = zlib.decompress(base64.b64decode(text, validate=True))
    except (TypeError, ValueError, zlib.error) as exc:
        raise ValueError(f"the packed digits could not be decoded: {exc}") from None
    if len(raw) != n_images * _N_PIXELS:
        raise ValueError(f"the packed digits hold {len(raw)} bytes; {n_images} images of "
                         f"{_N_PIXELS} pixels need {n_images * _N_PIXELS}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(n_images, IMAGE_SIDE, IMAGE_SIDE).copy()


def _pack_indices(indices: np.ndarray) -> str:
    return base64.b64encode(indices.astype("<u2").tobytes()).decode("ascii")


def _unpack_indices(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text, validate=True), dtype="<u2").astype(np.int64)


# -- reading and writing the files -------------------------------------------------------


def _write_js(path, global_name, document, header) -> int:
    try:
        text = json.dumps(document, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"metadata must be serialisable as JSON: {exc}") from None
    path = Path(path)
    path.write_text(f"// {header}\n// It sets window.{global_name}; load it with a <script> tag. "
                    f"Do not edit.\nwindow.{global_name} = {text};\n", encoding="utf-8")
    return path.stat().st_size


def _fail(path, what, message):
    raise ValueError(f"{path} is not a valid {what} file: {message}")


def _read_js(path, global_name, file_format, version, what) -> dict:
    path = Path(os.fspath(path))
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^window\.{global_name} = (\{{.*\}});$", text, re.MULTILINE)
    if match is None:
        _fail(path, what, f"it does not assign window.{global_name}")
    try:
        document = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        _fail(path, what, f"its content is not valid JSON ({exc})")
    if document.get("format") != file_format:
        _fail(path, what, f"it does not declare the format {file_format!r}")
    if document.get("version") != version:
        _fail(path, what, f"it has format version {document.get('version')!r}; this digitkit "
                          f"reads version {version}")
    return document


def _check_labels(labels, name, n_expected=None) -> np.ndarray:
    array = np.asarray(labels)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if n_expected is not None and len(array) != n_expected:
        raise ValueError(f"{name} has {len(array)} labels, expected {n_expected}")
    if array.dtype.kind not in "iu" or (array.size and (array.min() < 0 or array.max() > 9)):
        raise ValueError(f"{name} must hold the digits 0 to 9 as whole numbers")
    return array.astype(np.int64)


def _labels_text(labels: np.ndarray) -> str:
    return "".join(map(str, labels.tolist()))


def _text_labels(text, path, what, name) -> np.ndarray:
    if not isinstance(text, str) or not text.isdigit() or not text.isascii():
        _fail(path, what, f"{name} must be a string of digits")
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.int64) - ord("0")


# -- the error browser ------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorBrowserData:
    """What the error browser loads, with numpy twins of what it computes.

    Create it with :func:`load_error_browser`. Each method computes what the
    page's JavaScript computes from the same file, so that the tests can
    compare the page with Python.

    Attributes
    ----------
    y_true : numpy.ndarray of shape (n_digits,)
        The true label of every test digit.
    predictions : dict of str to numpy.ndarray of shape (n_digits,)
        Each model's prediction for every test digit, in the page's order.
    descriptions : dict of str to str
        A sentence about each model.
    images : dict of int to numpy.ndarray of shape (28, 28)
        The image of each test digit the page can show, by test-set index.
    per_cell : int
        The page shows at most this many digits of a cell.
    metadata : dict
        Free-form information stored with the data.
    """

    y_true: np.ndarray
    predictions: dict
    descriptions: dict
    images: dict
    per_cell: int
    metadata: dict = field(default_factory=dict)

    def _prediction(self, model) -> np.ndarray:
        if model not in self.predictions:
            raise ValueError(f"unknown model {model!r}; the file has {list(self.predictions)}")
        return self.predictions[model]

    def counts(self, model) -> np.ndarray:
        """The model's confusion matrix, counted as the page counts it.

        Parameters
        ----------
        model : str
            A model's name, a key of ``predictions``.

        Returns
        -------
        counts : numpy.ndarray of shape (10, 10)
            ``counts[i, j]`` is the number of test digits of class ``i``
            predicted as ``j``: sklearn's ``confusion_matrix``.
        """
        counts = np.zeros((len(CLASSES), len(CLASSES)), dtype=np.int64)
        np.add.at(counts, (self.y_true, self._prediction(model)), 1)
        return counts

    def cell(self, model, true, predicted) -> np.ndarray:
        """Test-set indices of the digits in one cell of the model's matrix.

        Parameters
        ----------
        model : str
            A model's name.
        true, predicted : int
            The row (true digit) and the column (predicted digit).

        Returns
        -------
        indices : numpy.ndarray
            In increasing order.
        """
        return np.flatnonzero((self.y_true == true) & (self._prediction(model) == predicted))

    def shown(self, model, true, predicted) -> np.ndarray:
        """Test-set indices of the digits the page shows for a cell: its first ``per_cell``."""
        return self.cell(model, true, predicted)[:self.per_cell]

    def n_errors(self, model) -> int:
        """Number of test digits the model gets wrong."""
        return int(np.count_nonzero(self._prediction(model) != self.y_true))


def _shown_indices(y_true, y_pred, per_cell):
    """Indices of the first ``per_cell`` digits of every cell of one model's matrix."""
    order = np.lexsort((np.arange(len(y_true)), y_pred, y_true))  # by cell, then by index
    cells = y_true[order] * len(CLASSES) + y_pred[order]
    first_of_cell = np.r_[0, np.flatnonzero(np.diff(cells)) + 1]
    rank = np.arange(len(order)) - np.repeat(first_of_cell, np.diff(np.r_[first_of_cell,
                                                                           len(order)]))
    return order[rank < per_cell]


def export_error_browser(path, y_true, predictions, images, *, per_cell=100,
                         descriptions=None, metadata=None):
    """Write the data of the error browser: labels, predictions and the digits shown.

    For each model, every cell of its confusion matrix (true digit, predicted
    digit) lists the test digits in it; the page shows the first
    ``per_cell`` of them, in test-set order, so the file keeps the image of
    each of those, for all models together. A model that reads 97% of the
    digits right has only a few dozen digits in any cell off the diagonal:
    all of them are shown.

    Parameters
    ----------
    path : str or path-like
        The ``.js`` file to write; its folder must exist.
    y_true : array-like of shape (n_digits,)
        The true labels of the test digits, whole numbers from 0 to 9.
    predictions : dict of str to array-like of shape (n_digits,)
        For each model, by the name the page shows, its predictions of the
        same digits. The page lists the models in this order.
    images : array-like of shape (n_digits, 784) or (n_digits, 28, 28)
        The test digits, whole grey levels from 0 to 255.
    per_cell : int, default=100
        The most digits the page shows for one cell.
    descriptions : dict of str to str, default=None
        A sentence the page shows about each model (keys as in ``predictions``).
    metadata : dict, default=None
        Extra information to store; it must be serialisable as JSON.

    Returns
    -------
    n_bytes : int
        Size of the written file.

    Raises
    ------
    TypeError
        If ``predictions``, ``descriptions`` or ``metadata`` is not a dict,
        or ``metadata`` is not serialisable as JSON.
    ValueError
        If the labels are not digits from 0 to 9, the arrays do not have one
        entry per test digit, there are more than 65,536 digits, or
        ``per_cell`` is not a positive whole number.

    See Also
    --------
    load_error_browser : Read the file back.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from digitkit.confusion import export_error_browser, load_error_browser
    >>> rng = np.random.default_rng(0)
    >>> images = rng.integers(0, 256, size=(50, 28, 28))
    >>> y_true = np.arange(50) % 10
    >>> guess = np.where(np.arange(50) % 7 == 0, 3, y_true)  # a model that often says 3
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "digitkit_error_browser.js"
    ...     n_bytes = export_error_browser(path, y_true, {"guesser": guess}, images, per_cell=2)
    ...     data = load_error_browser(path)
    >>> data.n_errors("guesser"), data.cell("guesser", 0, 3).tolist()
    (8, [0])
    >>> data.shown("guesser", 5, 5).tolist()  # the first two of the 5s read as 5
    [5, 15]
    """
    if not isinstance(predictions, dict) or not predictions:
        raise TypeError("predictions must be a non-empty dict of model name to predictions")
    if descriptions is not None and not isinstance(descriptions, dict):
        raise TypeError(f"descriptions must be a dict, got {type(descriptions).__name__}")
    if metadata is not None and not isinstance(metadata, dict):
        raise TypeError(f"metadata must be a dict, got {type(metadata).__name__}")
    if not isinstance(per_cell, (int, np.integer)) or isinstance(per_cell, bool) or per_cell < 1:
        raise ValueError(f"per_cell must be a positive whole number, got {per_cell!r}")
    y_true = _check_labels(y_true, "y_true")
    n_digits = len(y_true)
    if n_digits > _MAX_INDEX + 1:
        raise ValueError(f"at most {_MAX_INDEX + 1:,} test digits can be stored, got {n_digits:,}")
    pixels = _check_pixels(images)
    if len(pixels) != n_digits:
        raise ValueError(f"images has {len(pixels)} images for {n_digits} labels in y_true")
    models, shown = [], []
    for name, y_pred in predictions.items():
        y_pred = _check_labels(y_pred, f"predictions[{name!r}]", n_digits)
        shown.append(_shown_indices(y_true, y_pred, per_cell))
        models.append({"name": str(name), "description": str((descriptions or {}).get(name, "")),
                       "y_pred": _labels_text(y_pred)})
    indices = np.unique(np.concatenate(shown))
    document = {
        "format": ERRORS_FORMAT,
        "version": ERRORS_VERSION,
        "classes": list(CLASSES),
        "n_digits": n_digits,
        "y_true": _labels_text(y_true),
        "models": models,
        "per_cell": int(per_cell),
        "images": {"count": len(indices), "indices": _pack_indices(indices),
                   "pixels": pack_digits(pixels[indices])},
        "metadata": metadata or {},
    }
    return _write_js(path, ERRORS_GLOBAL, document,
                     "The data of the error browser, written by "
                     "digitkit.confusion.export_error_browser.")


def _read_images(path, what, spec):
    try:
        count = int(spec["count"])
        indices = _unpack_indices(spec["indices"])
        images = unpack_digits(spec["pixels"], count)
    except (KeyError, TypeError, ValueError) as exc:
        _fail(path, what, f"its images cannot be read: {exc!r}")
    if len(indices) != count or np.any(np.diff(indices) <= 0):
        _fail(path, what, "its image indices are not increasing, or not one per image")
    return indices, images


def load_error_browser(path) -> ErrorBrowserData:
    """Read a file written by :func:`export_error_browser`.

    Parameters
    ----------
    path : str or path-like
        The ``.js`` file.

    Returns
    -------
    data : ErrorBrowserData
        Labels, predictions and images, with the page's computations.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not such a file, has another format version, or is
        inconsistent (label counts, an image missing for a digit the page shows).

    See Also
    --------
    export_error_browser : Write such a file.
    """
    what = "error browser"
    document = _read_js(path, ERRORS_GLOBAL, ERRORS_FORMAT, ERRORS_VERSION, what)
    y_true = _text_labels(document.get("y_true"), path, what, "y_true")
    predictions, descriptions = {}, {}
    for model in document.get("models") or []:
        y_pred = _text_labels(model.get("y_pred"), path, what, f"y_pred of {model.get('name')}")
        if len(y_pred) != len(y_true):
            _fail(path, what, f"model {model.get('name')!r} has {len(y_pred)} predictions "
                              f"for {len(y_true)} digits")
        predictions[model["name"]] = y_pred
        descriptions[model["name"]] = model.get("description", "")
    if not predictions:
        _fail(path, what, "it has no models")
    indices, pixels = _read_images(path, what, document.get("images") or {})
    data = ErrorBrowserData(
        y_true=y_true, predictions=predictions, descriptions=descriptions,
        images=dict(zip(indices.tolist(), pixels, strict=True)),
        per_cell=int(document.get("per_cell", 0)), metadata=dict(document.get("metadata") or {}),
    )
    for name, y_pred in predictions.items():
        missing = set(_shown_indices(y_true, y_pred, data.per_cell).tolist()) - data.images.keys()
        if missing:
            _fail(path, what, f"the page would show test digits {sorted(missing)[:5]} of model "
                              f"{name!r}, but the file has no image of them")
    return data


# -- test digits for the Draw a digit page ----------------------------------------------------


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
        Extra information to store; it must be serialisable as JSON.

    Returns
    -------
    n_bytes : int
        Size of the written file.

    Raises
    ------
    TypeError
        If ``metadata`` is not a dict, or not serialisable as JSON.
    ValueError
        If the arrays do not match in length, the labels are not digits,
        or the indices are not increasing whole numbers in range.

    See Also
    --------
    load_test_digits : Read the file back.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from digitkit.confusion import export_test_digits, load_test_digits
    >>> images = np.zeros((2, 28, 28), dtype=np.uint8)
    >>> images[1, 5:20, 14] = 255
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "digitkit_test_digits.js"
    ...     n_bytes = export_test_digits(path, images, [0, 1], [10, 11])
    ...     digits = load_test_digits(path)
    >>> digits.labels.tolist(), float(digits.pixels(11).max())
    ([0, 1], 1.0)
    """
    if metadata is not None and not isinstance(metadata, dict):
        raise TypeError(f"metadata must be a dict, got {type(metadata).__name__}")
    pixels = _check_pixels(images)
    labels = _check_labels(labels, "labels", len(pixels))
    indices = np.asarray(indices)
    if (indices.shape != (len(pixels),) or indices.dtype.kind not in "iu"
            or (indices.size and (indices.min() < 0 or indices.max() > _MAX_INDEX))
            or np.any(np.diff(indices) <= 0)):
        raise ValueError(f"indices must be {len(pixels)} increasing whole numbers from 0 to "
                         f"{_MAX_INDEX:,}, one per image")
    document = {
        "format": DIGITS_FORMAT,
        "version": DIGITS_VERSION,
        "count": len(pixels),
        "indices": _pack_indices(indices),
        "labels": _labels_text(labels),
        "pixels": pack_digits(pixels),
        "metadata": metadata or {},
    }
    return _write_js(path, DIGITS_GLOBAL, document,
                     "MNIST test digits, written by digitkit.confusion.export_test_digits.")


def load_test_digits(path) -> TestDigits:
    """Read a file written by :func:`export_test_digits`.

    Parameters
    ----------
    path : str or path-like
        The ``.js`` file.

    Returns
    -------
    digits : TestDigits

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not such a file or is inconsistent.

    See Also
    --------
    export_test_digits : Write such a file.
    """
    what = "test digits"
    document = _read_js(path, DIGITS_GLOBAL, DIGITS_FORMAT, DIGITS_VERSION, what)
    indices, images = _read_images(path, what, document)
    labels = _text_labels(document.get("labels"), path, what, "labels")
    if len(labels) != len(indices):
        _fail(path, what, f"it has {len(labels)} labels for {len(indices)} digits")
    return TestDigits(indices=indices, images=images, labels=labels,
                      metadata=dict(document.get("metadata") or {}))
