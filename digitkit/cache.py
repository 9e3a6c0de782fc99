"""A disk cache for expensive results, shared between examples and runs.

Several examples need the same slow computation: the 5-detector's
cross-validated scores feed the confusion matrix, the precision/recall curves
and the ROC curve; the leaderboard lists models other examples already
trained. :func:`cached` wraps a function with :class:`joblib.Memory`, so each
result is computed once, stored on disk, and loaded the next time the same
function is called with the same arguments (the arrays are compared by their
content hash, so a changed input never returns a stale result).
:func:`fitted` does the same for the most common slow step, training a model,
and :class:`CachedFit` wraps a model so that every ``fit`` goes through
:func:`fitted`, also the ones scikit-learn makes on clones inside
cross-validation tools.

Where the cache lives is read from the environment variable
``DIGITKIT_CACHE`` each time :func:`cached` is called:

- unset: ``$XDG_CACHE_HOME/digitkit`` (usually ``~/.cache/digitkit``);
- a folder: that folder (the site build uses ``docs/_build/cache``, so a clean
  build starts empty);
- ``off`` (or ``0``, ``no``, ``false``, empty): no cache, every call computes.
"""

from __future__ import annotations

import os
from pathlib import Path

import joblib
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone
from sklearn.utils import get_tags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

__all__ = ["CACHE_ENV_VAR", "CachedFit", "cached", "fitted", "get_cache_dir"]

#: Environment variable that chooses the cache folder, or turns the cache off.
CACHE_ENV_VAR = "DIGITKIT_CACHE"

_OFF = {"", "0", "off", "no", "false", "none"}


def get_cache_dir() -> Path | None:
    """Return the folder that holds cached results, or None when caching is off.

    Returns
    -------
    path : pathlib.Path or None
        ``$DIGITKIT_CACHE`` if set, else ``$XDG_CACHE_HOME/digitkit``
        (``~/.cache/digitkit`` by default); None if ``DIGITKIT_CACHE`` is
        ``off``. The folder is created on first use, not here.

    Examples
    --------
    >>> import os
    >>> os.environ["DIGITKIT_CACHE"] = "off"
    >>> get_cache_dir() is None
    True
    >>> del os.environ["DIGITKIT_CACHE"]
    """
    value = os.environ.get(CACHE_ENV_VAR)
    if value is not None:
        if value.strip().lower() in _OFF:
            return None
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "digitkit"


def cached(func):
    """Wrap ``func`` so its results are stored on disk and reused.

    Parameters
    ----------
    func : callable
        A function whose result depends only on its arguments (arrays,
        estimators, numbers): for example
        :func:`~sklearn.model_selection.cross_val_predict`.

    Returns
    -------
    wrapped : callable
        Called like ``func``. The first call with given arguments computes and
        stores the result in :func:`get_cache_dir`; later calls with equal
        arguments (also in other processes, or another day) load it instead,
        with its arrays memory-mapped read-only from the cache file. With the
        cache off, ``func`` itself is returned.

    Notes
    -----
    Arguments are hashed by content, which takes about 0.2 s per 100 MB of
    arrays (0.64 s for the 60,000 training digits in float64, measured);
    that is negligible next to the fits worth caching. Arguments that
    change only the speed (``n_jobs``) are part of the key, so call with the
    same ones to share a result.

    Examples
    --------
    >>> from sklearn.model_selection import cross_val_predict
    >>> cached_cross_val_predict = cached(cross_val_predict)
    """
    location = get_cache_dir()
    if location is None:
        return func
    # Loaded arrays are memory-mapped read-only: a cached model that holds its
    # training set (nearest neighbours) costs no memory until it is used.
    return joblib.Memory(location, mmap_mode="r", verbose=0).cache(func)


def _fit_clone(estimator, X, y):
    # Module-level, so that joblib.Memory can name it in the cache.
    return clone(estimator).fit(X, y)


def fitted(estimator, X, y):
    """Return a fitted copy of ``estimator``, trained once and then loaded from the cache.

    Several examples train the very same model on the very same data (the
    5-detector is trained on all 60,000 digits in two examples); with
    :func:`fitted` the second one loads it instead of training again.

    Parameters
    ----------
    estimator : estimator
        An unfitted scikit-learn estimator; it is cloned, never modified. Its
        parameters are part of the cache key, so a fixed ``random_state``
        is what makes a stored model reusable.
    X : array-like of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Training targets.

    Returns
    -------
    estimator : estimator
        A fitted clone of ``estimator``. A model loaded from the cache holds
        its arrays memory-mapped read-only. With the cache off (see
        :func:`get_cache_dir`), it is fitted on every call.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = load_digits(return_X_y=True)
    >>> model = fitted(LogisticRegression(max_iter=2000), X / 16, y)
    >>> model.score(X / 16, y) > 0.99
    True
    """
    # The key is the clone, so only the parameters count: a model that was
    # already fitted finds the entry stored for its unfitted twin.
    return cached(_fit_clone)(clone(estimator), X, y)


def _delegated(method, summary):
    """A method of :class:`CachedFit` that calls ``method`` of the fitted copy.

    It exists only when the wrapped estimator has ``method``, so that, for
    example, ``hasattr(CachedFit(model), "predict_proba")`` answers as for
    ``model``.
    """

    def has_method(wrapper):
        getattr(wrapper.estimator, method)  # AttributeError hides the method
        return True

    def call(self, X, *args, **kwargs):
        check_is_fitted(self)
        return getattr(self.estimator_, method)(X, *args, **kwargs)

    call.__name__, call.__qualname__ = method, f"CachedFit.{method}"
    call.__doc__ = f"{summary}: ``estimator_.{method}(X, ...)``."
    return available_if(has_method)(call)


class CachedFit(MetaEstimatorMixin, BaseEstimator):
    """Wrap an estimator so that every fit of it, or of its clones, goes through the cache.

    :func:`fitted` caches a fit you make yourself. Cross-validation tools
    (:func:`~sklearn.model_selection.cross_val_predict`,
    :class:`~sklearn.model_selection.TunedThresholdClassifierCV`, a loop of
    :func:`~sklearn.base.clone` and ``fit``) make their own fits, on clones.
    Wrapped in :class:`CachedFit`, each of those clones trains through
    :func:`fitted`: the model trained on a given fold is trained once and
    loaded by every later tool that trains the same model on the same fold.

    Parameters
    ----------
    estimator : estimator
        The model to train. Its parameters are part of the cache key, so a
        fixed ``random_state`` is what makes a stored model reusable.

    Attributes
    ----------
    estimator_ : estimator
        The fitted copy of ``estimator``, trained or loaded by ``fit``.
    classes_ : ndarray of shape (n_classes,)
        The class labels, for a classifier.
    n_features_in_ : int
        Number of features seen during ``fit``.

    See Also
    --------
    fitted : The function behind ``fit``, for a fit made by hand.

    Notes
    -----
    Predictions, scores and probabilities are those of ``estimator_``, and
    ``fit`` returns the same model as ``clone(estimator).fit(X, y)``: the
    wrapper changes only how long a repeated fit takes. ``fit`` accepts no
    fit parameters (such as ``sample_weight``), since they would not be part
    of the cache key.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_predict
    >>> X, y = load_digits(return_X_y=True)
    >>> model = CachedFit(LogisticRegression(max_iter=2000))
    >>> predictions = cross_val_predict(model, X / 16, y, cv=3)
    >>> (predictions == y).mean() > 0.9
    True
    """

    def __init__(self, estimator):
        self.estimator = estimator

    def fit(self, X, y):
        """Train a copy of ``estimator`` on ``X``, ``y``, or load it from the cache.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Training targets.

        Returns
        -------
        self : CachedFit
            This wrapper, with the trained copy in ``estimator_``.
        """
        self.estimator_ = fitted(self.estimator, X, y)
        for name in ("classes_", "n_features_in_", "feature_names_in_"):
            if hasattr(self.estimator_, name):
                setattr(self, name, getattr(self.estimator_, name))
        return self

    predict = _delegated("predict", "Predict with the fitted copy")
    decision_function = _delegated("decision_function", "Decision scores of the fitted copy")
    predict_proba = _delegated("predict_proba", "Class probabilities of the fitted copy")
    predict_log_proba = _delegated("predict_log_proba", "Log-probabilities of the fitted copy")
    transform = _delegated("transform", "Transform with the fitted copy")
    score = _delegated("score", "Score of the fitted copy")

    def __sklearn_tags__(self):
        # A classifier stays a classifier (and a regressor a regressor) for
        # scikit-learn's checks, such as the stratified folds of cv=3.
        return get_tags(self.estimator)
