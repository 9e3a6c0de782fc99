"""A disk cache for expensive results, shared between examples and runs.

Several examples need the same slow computation: the 5-detector's
cross-validated scores feed the confusion matrix, the precision/recall curves
and the ROC curve; the leaderboard lists models other examples already
trained. :func:`cached` wraps a function with :class:`joblib.Memory`, so each
result is computed once, stored on disk, and loaded the next time the same
function is called with the same arguments (the arrays are compared by their
content hash, so a changed input never returns a stale result).
:func:`fitted` does the same for the most common slow step, training a model.

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
from sklearn.base import clone

__all__ = ["CACHE_ENV_VAR", "cached", "fitted", "get_cache_dir"]

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
    return cached(_fit_clone)(estimator, X, y)
