"""Fit a model, score it on the test set, and record what it cost.

:func:`evaluate` is how examples report a model's test accuracy, and how the
leaderboard compares every model of the gallery: accuracy, fit time, predict
time and size, all measured the same way. Results go through
:func:`digitkit.cache.cached`, so a model trained by one example is not
trained again by the leaderboard; the times shown are those measured when the
model was actually fitted.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone

from .cache import cached

__all__ = ["ModelReport", "evaluate"]


@dataclass(frozen=True)
class ModelReport:
    """What :func:`evaluate` measured for one model.

    Attributes
    ----------
    estimator : estimator
        The model, fitted on the training set.
    accuracy : float
        Share of the test set predicted correctly.
    fit_seconds, predict_seconds : float
        Wall-clock time of ``fit`` on the training set and of ``predict`` on
        the test set, measured when the model was fitted (not when a cached
        report was loaded).
    model_bytes : int
        Size of the fitted model once pickled: what saving it would take.
    y_pred : numpy.ndarray
        The test-set predictions.
    """

    estimator: object
    accuracy: float
    fit_seconds: float
    predict_seconds: float
    model_bytes: int
    y_pred: np.ndarray

    @property
    def n_errors(self) -> int:
        """Number of misclassified test digits."""
        return int(round((1 - self.accuracy) * len(self.y_pred)))


class _ByteCounter:
    """A write-only file that only counts bytes (pickling a big model costs no memory)."""

    def __init__(self):
        self.size = 0

    def write(self, data):
        self.size += memoryview(data).nbytes


def _pickled_size(obj) -> int:
    """Number of bytes ``pickle.dump`` writes for ``obj``, without keeping them."""
    counter = _ByteCounter()
    pickle.dump(obj, counter, protocol=pickle.HIGHEST_PROTOCOL)
    return counter.size


def _fit_and_score(estimator, X_train, y_train, X_test, y_test):
    start = time.perf_counter()
    estimator.fit(X_train, y_train)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    y_pred = estimator.predict(X_test)
    predict_seconds = time.perf_counter() - start
    return ModelReport(
        estimator=estimator,
        accuracy=float(np.mean(y_pred == y_test)),
        fit_seconds=fit_seconds,
        predict_seconds=predict_seconds,
        model_bytes=_pickled_size(estimator),
        y_pred=y_pred,
    )


def evaluate(estimator, X_train, y_train, X_test, y_test) -> ModelReport:
    """Fit a fresh copy of ``estimator`` on the training set and score it on the test set.

    Parameters
    ----------
    estimator : estimator
        An unfitted scikit-learn estimator (or pipeline); it is cloned, so the
        object passed in is left untouched.
    X_train, y_train : array-like
        Training images (one row per image) and labels.
    X_test, y_test : array-like
        Test images and labels.

    Returns
    -------
    report : ModelReport
        The fitted model, its test accuracy and predictions, fit and predict
        times, and pickled size. Cached on disk (see :mod:`digitkit.cache`):
        evaluating the same estimator on the same data again loads the report
        instead of fitting again.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> report = evaluate(KNeighborsClassifier(), X[:1500], y[:1500], X[1500:], y[1500:])
    >>> round(report.accuracy, 3)
    0.956
    """
    return cached(_fit_and_score)(clone(estimator), X_train, y_train, X_test, y_test)
