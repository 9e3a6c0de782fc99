"""The error browser's data: test-set predictions of two models, and the page's numpy twin.

Part of the site's build, not of the learner's package. The :ref:`error
browser <error_browser>` shows the confusion matrices of two models of the
gallery on the 10,000 MNIST test digits, and the digits behind a clicked
cell. This module holds the Python side of that page:

- :func:`produce` makes the predictions of the two models as the examples
  that train them do (the tuned nearest neighbours of part 6, the deskewed
  PCA + RBF SVC of part 7); ``digitkit_pages`` runs it with the build's memo,
  so their fits and predictions are loaded, not computed again;
- :func:`export_error_browser` writes the true labels, each model's
  predictions and the images the page shows to a ``.js`` file that sets
  ``window.DIGITKIT_ERRORS``; :func:`load_error_browser` reads it back as
  an :class:`ErrorBrowserData`, whose methods compute in numpy what the page
  computes in JavaScript (the counts of the matrix, the digits of a cell and
  those shown).

**The file format** (the envelope and the encoders are those of every page,
``digitkit._pagefile``). A JSON object with ``format`` (``"digitkit-errors"``),
``version`` (1), ``classes`` (0 to 9), ``n_digits``, ``y_true`` (the true
label of every test digit, one character each, so ``"7210..."``),
``models`` (a list of ``{"name", "description", "y_pred"}``, ``y_pred``
written like ``y_true``), ``per_cell``, ``images`` (``indices``: base64 of
little-endian uint16 test-set indices, in increasing order; ``pixels``: the
packed images in the same order, :func:`digitkit._pagefile.pack_digits`)
and free-form ``metadata``. A cell of a model's matrix holds the test
digits with that true label and that prediction; the page shows the first
``per_cell`` of them in test-set order, and the file holds the image of
each of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from digitkit import _pagefile
from pagedata_digits import MAX_INDEX, read_images

__all__ = ["ErrorBrowserData", "export_error_browser", "load_error_browser", "produce"]

#: The classes of the error browser: the ten digits.
CLASSES = tuple(range(10))
#: Name and version of the error browser's file format.
ERRORS_FORMAT, ERRORS_VERSION = "digitkit-errors", 1
#: The global variable the ``.js`` file assigns, and the file the page loads.
ERRORS_GLOBAL, FILE_NAME = "DIGITKIT_ERRORS", "digitkit_error_browser.js"
_WHAT = "error browser"

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

    Returns the size of the written file in bytes.

    Raises
    ------
    TypeError
        If ``predictions``, ``descriptions`` or ``metadata`` is not a dict,
        or ``metadata`` is not serialisable as JSON.
    ValueError
        If the labels are not digits from 0 to 9, the arrays do not have one
        entry per test digit, there are more than 65,536 digits, or
        ``per_cell`` is not a positive whole number.

    See also :func:`load_error_browser` (read the file back).

    Examples
    --------
    >>> folder = getfixture("tmp_path")  # a temporary folder, in pytest's doctests
    >>> import numpy as np
    >>> from pagedata_errors import export_error_browser, load_error_browser
    >>> rng = np.random.default_rng(0)
    >>> images = rng.integers(0, 256, size=(50, 28, 28))
    >>> y_true = np.arange(50) % 10
    >>> guess = np.where(np.arange(50) % 7 == 0, 3, y_true)  # a model that often says 3
    >>> path = folder / "digitkit_error_browser.js"
    >>> n_bytes = export_error_browser(path, y_true, {"guesser": guess}, images, per_cell=2)
    >>> data = load_error_browser(path)
    >>> data.n_errors("guesser"), data.cell("guesser", 0, 3).tolist()
    (8, [0])
    >>> data.shown("guesser", 5, 5).tolist()  # the first two of the 5s read as 5
    [5, 15]
    """
    if not isinstance(predictions, dict) or not predictions:
        raise TypeError("predictions must be a non-empty dict of model name to predictions")
    if descriptions is not None and not isinstance(descriptions, dict):
        raise TypeError(f"descriptions must be a dict, got {type(descriptions).__name__}")
    if not isinstance(per_cell, (int, np.integer)) or isinstance(per_cell, bool) or per_cell < 1:
        raise ValueError(f"per_cell must be a positive whole number, got {per_cell!r}")
    y_true = _pagefile.check_labels(y_true, "y_true")
    n_digits = len(y_true)
    if n_digits > MAX_INDEX + 1:
        raise ValueError(f"at most {MAX_INDEX + 1:,} test digits can be stored, got {n_digits:,}")
    pixels = _pagefile.check_pixels(images)
    if len(pixels) != n_digits:
        raise ValueError(f"images has {len(pixels)} images for {n_digits} labels in y_true")
    models, shown = [], []
    for name, y_pred in predictions.items():
        y_pred = _pagefile.check_labels(y_pred, f"predictions[{name!r}]", n_digits)
        shown.append(_shown_indices(y_true, y_pred, per_cell))
        models.append({"name": str(name), "description": str((descriptions or {}).get(name, "")),
                       "y_pred": _pagefile.encode_labels(y_pred)})
    indices = np.unique(np.concatenate(shown))
    document = {
        "format": ERRORS_FORMAT,
        "version": ERRORS_VERSION,
        "classes": list(CLASSES),
        "n_digits": n_digits,
        "y_true": _pagefile.encode_labels(y_true),
        "models": models,
        "per_cell": int(per_cell),
        "images": {"count": len(indices), "indices": _pagefile.encode_array(indices, "<u2"),
                   "pixels": _pagefile.pack_digits(pixels[indices])},
        "metadata": _pagefile.check_metadata(metadata),
    }
    return _pagefile.write(path, ERRORS_GLOBAL, document,
                           "The data of the error browser, written by "
                           "pagedata_errors.export_error_browser.")


def load_error_browser(path) -> ErrorBrowserData:
    """Read the ``.js`` file at ``path`` written by :func:`export_error_browser`.

    The :class:`ErrorBrowserData` returned holds the labels, predictions and
    images, with the page's computations.

    A missing file raises FileNotFoundError; a ValueError says what is wrong if
    the file is not such a file, has another format version, or is inconsistent
    (label counts, an image missing for a digit the page shows).

    See also :func:`export_error_browser` (write such a file).
    """
    document = _pagefile.read(path, ERRORS_GLOBAL, ERRORS_FORMAT, ERRORS_VERSION, _WHAT)
    y_true = _pagefile.decode_labels(document.get("y_true"), path, _WHAT, "y_true")
    predictions, descriptions = {}, {}
    for model in document.get("models") or []:
        y_pred = _pagefile.decode_labels(model.get("y_pred"), path, _WHAT, f"y_pred of {model.get('name')}")
        if len(y_pred) != len(y_true):
            _pagefile.fail(path, _WHAT, f"model {model.get('name')!r} has {len(y_pred)} predictions "
                              f"for {len(y_true)} digits")
        predictions[model["name"]] = y_pred
        descriptions[model["name"]] = model.get("description", "")
    if not predictions:
        _pagefile.fail(path, _WHAT, "it has no models")
    indices, pixels = read_images(path, _WHAT, document.get("images") or {})
    data = ErrorBrowserData(
        y_true=y_true, predictions=predictions, descriptions=descriptions,
        images=dict(zip(indices.tolist(), pixels, strict=True)),
        per_cell=int(document.get("per_cell", 0)), metadata=dict(document.get("metadata") or {}),
    )
    for name, y_pred in predictions.items():
        missing = set(_shown_indices(y_true, y_pred, data.per_cell).tolist()) - data.images.keys()
        if missing:
            _pagefile.fail(path, _WHAT, f"the page would show test digits {sorted(missing)[:5]} of model "
                              f"{name!r}, but the file has no image of them")
    return data


#: The two models, as the gallery's examples make them.
DESCRIPTIONS = {
    "tuned KNN": "KNeighborsClassifier(n_neighbors=4, weights=\"distance\") on the raw "
                 "pixels of the 60,000 training digits.",
    "kernel SVM": "Deskewing, PCA to 50 components, then "
                  "SVC(C=3, gamma=1/1300\u00b2) with an RBF kernel.",
}


def produce(path, X, y) -> int:
    """Write the error browser's file from the gallery's two best classical models.

    The same calls as the examples that train them: the tuned nearest
    neighbours of :ref:`KNN tuning
    <sphx_glr_auto_examples_06_better_accuracy_plot_01_knn_tuning.py>` and
    the deskewed PCA + RBF SVC of :ref:`the kernel SVM
    <sphx_glr_auto_examples_07_beyond_the_chapter_plot_03_kernel_svm.py>`
    (width 1,300 and ``C=3``, chosen there on a validation split).

    ``X, y``: MNIST as :func:`digitkit.datasets.fetch_mnist` returns it, training
    digits first; the file goes to ``path``, and its size in bytes is returned.
    """
    from sklearn.decomposition import PCA
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import SVC

    from digitkit.deskew import deskew

    X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
    knn = KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1)
    knn.fit(X_train, y_train)
    width, C = 1300, 3
    svc_model = make_pipeline(
        FunctionTransformer(deskew),
        PCA(n_components=50, random_state=42),
        SVC(C=C, gamma=1 / width**2, random_state=42),
    )
    svc_model.fit(X_train, y_train)
    predictions = {"tuned KNN": knn.predict(X_test), "kernel SVM": svc_model.predict(X_test)}
    return export_error_browser(path, y_test, predictions, X_test, per_cell=100,
                                descriptions=DESCRIPTIONS)
