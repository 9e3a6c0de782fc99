"""The threshold explorer's data: a detector's scores, and what any threshold makes of them.

Part of the site's build, not of the learner's package. The
:ref:`threshold explorer <threshold_explorer>` page of this site moves a
decision threshold over the 5-detector's cross-validated scores and shows,
at once, the confusion matrix, precision, recall, F1 and false-positive
rate it gives, and where it sits on three curves. This module holds the
Python side of that page:

- :func:`produce` makes the scores the way the precision/recall example
  makes them (run by ``digitkit_pages`` with the build's memo, so the fold
  models are loaded, not trained again);
- :func:`export_scores` writes true labels and decision scores, exactly, to
  a small file that a web page loads with a ``<script>`` tag (or to plain
  JSON); :func:`load_scores` reads it back;
- :class:`ThresholdExplorer` is the numpy twin of the page's arithmetic:
  it sorts the scores once, as the page does, and answers "what does this
  threshold give?" with the same operations, so the tests can check the
  page's numbers against it, and it against
  :func:`sklearn.metrics.confusion_matrix`.

A sample is predicted positive when its score is **at or above** the
threshold, as in :func:`~sklearn.metrics.precision_recall_curve` and
:class:`~sklearn.model_selection.FixedThresholdClassifier`.

**The file format** (the envelope and the encoders are those of every page,
``digitkit._pagefile``). The file holds one JSON object; a ``.js`` file assigns
it to the global variable ``DIGITKIT_THRESHOLD_SCORES``. Besides ``format``
(``"digitkit-threshold-scores"``), ``version`` (1), ``n_samples``,
``n_positives`` and free-form ``metadata``, it has ``scores``: the decision
scores as little-endian float64 values (every bit kept), base64-encoded,
and ``labels``: one bit per sample, 1 for the positive class, packed eight
to a byte with the first sample in the highest bit (:func:`numpy.packbits`),
base64-encoded.
"""

from __future__ import annotations

import numpy as np

from sklearn.utils import Bunch

from digitkit import _pagefile

__all__ = [
    "ThresholdExplorer",
    "export_scores",
    "load_scores",
]

#: Name of the file format, stored in every file.
FORMAT = "digitkit-threshold-scores"
#: Version of the file format; :func:`load_scores` refuses other versions.
FORMAT_VERSION = 1
#: The global variable a ``.js`` scores file assigns.
JS_GLOBAL = "DIGITKIT_THRESHOLD_SCORES"

#: The file the page loads.
FILE_NAME = "digitkit_threshold_scores.js"
_WHAT = "digitkit scores"


def _check_labels_and_scores(y_true, y_scores):
    """Return ``y_true`` as a bool array and ``y_scores`` as float64, or raise a clear error."""
    try:
        labels = np.asarray(y_true)
        scores = np.asarray(y_scores)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"y_true and y_scores must be arrays: {exc}") from None
    if labels.ndim != 1 or scores.ndim != 1:
        raise ValueError(
            "y_true and y_scores must be 1-D arrays (one label and one score per sample); "
            f"got shapes {labels.shape} and {scores.shape}"
        )
    if len(labels) != len(scores):
        raise ValueError(
            f"y_true and y_scores must have the same length; got {len(labels)} and {len(scores)}"
        )
    if labels.dtype.kind not in "biu":
        raise TypeError(
            "y_true must hold booleans (True for the positive class) or 0 and 1, "
            f"got an array of dtype {labels.dtype}"
        )
    if labels.dtype.kind != "b":
        values = np.unique(labels)
        if not np.isin(values, (0, 1)).all():
            raise ValueError(f"y_true must hold only 0 and 1 (or booleans), got values {values[:5]}")
        labels = labels == 1
    if scores.dtype.kind not in "biuf":
        raise TypeError(f"y_scores must hold numbers, got an array of dtype {scores.dtype}")
    scores = scores.astype(np.float64)
    if not np.isfinite(scores).all():
        raise ValueError("y_scores contains NaN or infinite values")
    n_positives = int(np.count_nonzero(labels))
    if n_positives == 0 or n_positives == len(labels):
        raise ValueError(
            "y_true must hold both classes: precision, recall and the false-positive rate "
            f"need positives and negatives; got {n_positives} positives out of {len(labels)}"
        )
    return labels, scores


def _check_threshold(threshold) -> float:
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(
        threshold, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"threshold must be a number, got {type(threshold).__name__}")
    value = float(threshold)
    if np.isnan(value):
        raise ValueError("threshold must be a number, got NaN")
    return value


class ThresholdExplorer:
    """What each decision threshold makes of a binary classifier's scores.

    The numpy twin of the :ref:`threshold explorer <threshold_explorer>`
    page: the scores are sorted once, from highest to lowest, and counted at
    each distinct score; a threshold's confusion matrix is then a binary
    search away. The page's JavaScript runs the same steps, so both give the
    same numbers. A sample is predicted positive when its score is at or
    above the threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: booleans, True for the positive class, or 0 and 1.
        Both classes must occur.
    y_scores : array-like of shape (n_samples,)
        Decision scores (``decision_function``, or probabilities): the
        higher, the more positive.

    Attributes
    ----------
    thresholds_ : numpy.ndarray of shape (n_thresholds,)
        The distinct scores, from highest to lowest: the thresholds at which
        a prediction changes.
    true_positives_ : numpy.ndarray of shape (n_thresholds,)
        Number of positive samples scoring at or above each threshold.
    false_positives_ : numpy.ndarray of shape (n_thresholds,)
        Number of negative samples scoring at or above each threshold.
    n_positives_ : int
        Number of positive samples.
    n_negatives_ : int
        Number of negative samples.

    See Also
    --------
    sklearn.metrics.precision_recall_curve : Precision and recall at every threshold.
    sklearn.metrics.roc_curve : False-positive and true-positive rates at every threshold.
    sklearn.metrics.confusion_matrix : The matrix for one set of predictions.

    Examples
    --------
    >>> from pagedata_threshold import ThresholdExplorer
    >>> explorer = ThresholdExplorer([False, False, True, False, True], [-3, -1, 0.5, 2, 4])
    >>> explorer.confusion_matrix(0).tolist()
    [[2, 1], [0, 2]]
    >>> metrics = explorer.metrics(0)
    >>> round(metrics["precision"], 4), metrics["recall"], metrics["false_positive_rate"]
    (0.6667, 1.0, 0.3333333333333333)
    >>> explorer.threshold_for_precision(0.9)
    4.0
    """

    def __init__(self, y_true, y_scores):
        labels, scores = _check_labels_and_scores(y_true, y_scores)
        # From the highest score to the lowest; ties end up next to each other.
        order = np.argsort(scores, kind="stable")[::-1]
        sorted_scores, sorted_labels = scores[order], labels[order]
        # The last sample of each run of equal scores: counts include the whole run.
        last_of_run = np.flatnonzero(np.r_[sorted_scores[1:] != sorted_scores[:-1], True])
        positives_so_far = np.cumsum(sorted_labels)
        self.thresholds_ = sorted_scores[last_of_run]
        self.true_positives_ = positives_so_far[last_of_run]
        self.false_positives_ = last_of_run + 1 - self.true_positives_
        self.n_positives_ = int(positives_so_far[-1])
        self.n_negatives_ = len(scores) - self.n_positives_

    def _counts(self, threshold):
        """Numbers of positive and negative samples scoring at or above ``threshold``."""
        # How many distinct scores are >= threshold: the thresholds decrease,
        # so search their negatives, which increase.
        n_above = int(np.searchsorted(-self.thresholds_, -threshold, side="right"))
        if n_above == 0:
            return 0, 0
        return int(self.true_positives_[n_above - 1]), int(self.false_positives_[n_above - 1])

    def confusion_matrix(self, threshold) -> np.ndarray:
        """The confusion matrix when samples scoring at or above ``threshold`` are positive.

        Parameters
        ----------
        threshold : float
            The decision threshold; any number, ``-inf`` and ``inf`` included.

        Returns
        -------
        matrix : numpy.ndarray of shape (2, 2)
            ``[[tn, fp], [fn, tp]]``: rows are the true classes (negative,
            positive), columns the predicted ones, as in
            :func:`sklearn.metrics.confusion_matrix`.

        Raises
        ------
        TypeError
            If ``threshold`` is not a number.
        ValueError
            If ``threshold`` is NaN.
        """
        tp, fp = self._counts(_check_threshold(threshold))
        return np.array([[self.n_negatives_ - fp, fp], [self.n_positives_ - tp, tp]])

    def metrics(self, threshold) -> dict:
        """Everything the page shows for one ``threshold`` (as for :meth:`confusion_matrix`).

        A dict: ``threshold`` (as a float); the counts ``tn``, ``fp``, ``fn``
        and ``tp`` (ints); ``precision`` = tp / (tp + fp), NaN when no sample
        is predicted positive; ``recall`` = tp / (tp + fn); ``f1`` =
        2 tp / (2 tp + fp + fn), the harmonic mean of the two (0 when tp is
        0); ``false_positive_rate`` = fp / (fp + tn). A threshold that is not
        a number raises a TypeError, NaN a ValueError.
        """
        threshold = _check_threshold(threshold)
        tp, fp = self._counts(threshold)
        fn, tn = self.n_positives_ - tp, self.n_negatives_ - fp
        return {
            "threshold": threshold,
            "tn": tn,
            "fp": fp,
            "fn": fn,
            "tp": tp,
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn),
            "f1": 2 * tp / (2 * tp + fp + fn),
            "false_positive_rate": fp / (fp + tn),
        }

    def threshold_for_precision(self, precision=0.9) -> float:
        """The lowest threshold whose precision is at least ``precision``.

        Of all the thresholds that reach the precision, the lowest keeps the
        most recall. It is one of the scores, found the way
        ``precision_recall_curve`` finds it: the first threshold, from the
        lowest up, at which the precision reaches the target.

        Parameters
        ----------
        precision : float, default=0.9
            The precision to reach, above 0 and at most 1.

        Returns
        -------
        threshold : float
            A score from ``y_scores``.

        Raises
        ------
        ValueError
            If ``precision`` is not in (0, 1], or if no threshold reaches it.
        """
        if isinstance(precision, (bool, np.bool_)) or not isinstance(
            precision, (int, float, np.integer, np.floating)
        ) or not 0 < precision <= 1:
            raise ValueError(f"precision must be a number above 0 and at most 1, got {precision!r}")
        precisions = self.true_positives_ / (self.true_positives_ + self.false_positives_)
        reached = np.flatnonzero(precisions >= precision)
        if not len(reached):
            raise ValueError(
                f"no threshold reaches a precision of {precision}; the highest is "
                f"{precisions.max():.4f}"
            )
        return float(self.thresholds_[reached[-1]])

    def curves(self) -> Bunch:
        """The three curves the page draws, one point per distinct score.

        Returns
        -------
        curves : sklearn.utils.Bunch
            With arrays of shape (n_thresholds,), in the order of
            ``thresholds_`` (from the highest threshold to the lowest):
            ``thresholds``, ``precision``, ``recall`` and
            ``false_positive_rate``. The precision/recall curve is
            ``(recall, precision)``, the ROC curve
            ``(false_positive_rate, recall)``. They hold the values of
            :func:`~sklearn.metrics.precision_recall_curve` and
            :func:`~sklearn.metrics.roc_curve` with
            ``drop_intermediate=False``, in reverse order and without the
            extra end point those functions add.
        """
        tp, fp = self.true_positives_, self.false_positives_
        return Bunch(
            thresholds=self.thresholds_.copy(),
            precision=tp / (tp + fp),
            recall=tp / self.n_positives_,
            false_positive_rate=fp / self.n_negatives_,
        )


def export_scores(y_true, y_scores, path, *, metadata=None) -> int:
    """Write true labels and decision scores to a file a web page can load.

    The scores are stored exactly (float64), so a threshold the page
    computes from them, such as the lowest one with 90% precision, is the
    very number Python finds. A ``.js`` file assigns the data to
    ``window.DIGITKIT_THRESHOLD_SCORES``, so a page loads it with a plain
    ``<script>`` tag, which works even when the page is opened from disk
    (``file://``), where browsers refuse to fetch a ``.json`` file. Any
    other suffix writes plain JSON. See the module description for the
    format.

    Parameters
    ----------
    y_true, y_scores : array-like of shape (n_samples,)
        As for :class:`ThresholdExplorer`; the scores, finite, are stored as float64.
    path : str or path-like
        The file to write; ``.js`` for a script, anything else for JSON.
        Its folder must exist.
    metadata : dict, default=None
        Extra information to store, such as the model and how the scores
        were made; it must be serialisable as JSON.

    Returns the size of the written file in bytes: about 11 bytes per sample.

    Raises
    ------
    TypeError
        If the labels or scores are not numbers, or ``metadata`` is not a
        dict serialisable as JSON.
    ValueError
        If the arrays are not 1-D of one length, the scores are not finite,
        the labels are not booleans (or 0 and 1) or lack a class.

    See also :func:`load_scores` (read the file back).

    Examples
    --------
    >>> folder = getfixture("tmp_path")  # a temporary folder, in pytest's doctests
    >>> from pagedata_threshold import export_scores, load_scores
    >>> path = folder / "scores.js"
    >>> n_bytes = export_scores([True, False, True], [2.5, -1.0, 0.125], path)
    >>> data = load_scores(path)
    >>> data.y_true.tolist(), data.y_scores.tolist()
    ([True, False, True], [2.5, -1.0, 0.125])
    """
    labels, scores = _check_labels_and_scores(y_true, y_scores)
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "n_samples": len(scores),
        "n_positives": int(np.count_nonzero(labels)),
        "metadata": _pagefile.check_metadata(metadata),
        "scores": _pagefile.encode_array(scores, "<f8"),
        "labels": _pagefile.encode_bits(labels),
    }
    return _pagefile.write(path, JS_GLOBAL, document,
                           "Decision scores for the threshold explorer, written by "
                           "pagedata_threshold.export_scores.")


def _fail(path, message):
    _pagefile.fail(path, _WHAT, message)


def load_scores(path) -> Bunch:
    """Read a ``.js`` or JSON file written by :func:`export_scores` at ``path``.

    Returns a :class:`~sklearn.utils.Bunch` of ``y_true`` (bool array),
    ``y_scores`` (float64 array, the exact values written) and
    ``metadata`` (dict).

    A missing file raises FileNotFoundError; a ValueError says what is wrong if
    the file is not a digitkit scores file, has another format version, or is
    inconsistent (lengths, counts, non-finite scores).

    See also :func:`export_scores` (write such a file);
    :func:`ThresholdExplorer` (what each threshold makes of the scores).

    Examples
    --------
    >>> from pagedata_threshold import ThresholdExplorer, load_scores
    >>> data = load_scores("digitkit_threshold_scores.js")  # doctest: +SKIP
    >>> ThresholdExplorer(data.y_true, data.y_scores).confusion_matrix(0)  # doctest: +SKIP
    """
    document = _pagefile.read(path, JS_GLOBAL, FORMAT, FORMAT_VERSION, _WHAT)
    try:
        n_samples = int(document["n_samples"])
        n_positives = int(document["n_positives"])
        scores_text, labels_text = document["scores"], document["labels"]
    except KeyError as exc:
        _fail(path, f"it has no {exc.args[0]!r}")
    except (TypeError, ValueError) as exc:
        _fail(path, str(exc))
    if n_samples < 1:
        _fail(path, f"it declares {n_samples} samples")
    try:
        scores = _pagefile.decode_array(scores_text, "<f8").astype(np.float64)
        labels = _pagefile.decode_bits(labels_text, n_samples)
    except (TypeError, ValueError) as exc:
        _fail(path, str(exc))
    if len(scores) != n_samples:
        _fail(path, f"it holds {8 * len(scores)} bytes of scores; {n_samples} float64 "
                    f"scores need {8 * n_samples}")
    if not np.isfinite(scores).all():
        _fail(path, "its scores hold NaN or infinite values")
    if np.count_nonzero(labels) != n_positives:
        _fail(path, f"it declares {n_positives} positives but its labels hold "
                    f"{np.count_nonzero(labels)}")
    return Bunch(y_true=labels, y_scores=scores, metadata=dict(document.get("metadata") or {}))


def produce(path, X, y) -> int:
    """Write the threshold explorer's file: the 5-detector's cross-validated scores.

    The same call as the :ref:`precision/recall example
    <sphx_glr_auto_examples_03_binary_classifier_plot_03_precision_recall_tradeoff.py>`:
    an :class:`~sklearn.linear_model.SGDClassifier` with ``random_state=42``,
    three folds, and for every training digit the score of the fold model
    that did not see it.

    ``X, y``: MNIST as :func:`digitkit.datasets.fetch_mnist` returns it, training
    digits first; the file goes to ``path``, and its size in bytes is returned.
    """
    from sklearn.linear_model import SGDClassifier
    from sklearn.model_selection import cross_val_predict

    X_train, y_train_5 = X[:60000], y[:60000] == 5
    y_scores = cross_val_predict(
        SGDClassifier(random_state=42), X_train, y_train_5, cv=3,
        method="decision_function", n_jobs=-1,
    )
    return export_scores(
        y_train_5, y_scores, path,
        metadata={"positive": "5", "model": "SGDClassifier(random_state=42)",
                  "scores": "cross_val_predict, cv=3, method='decision_function'"},
    )
