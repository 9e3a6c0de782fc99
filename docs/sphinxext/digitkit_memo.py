"""Memoize the gallery's slow scikit-learn calls while the site is built.

The examples are plain scikit-learn: each trains what it needs, as a reader
would at home. Several train the very same model on the very same data (the
5-detector's three folds feed four examples), and an example whose prose
changed runs again in full. While an example runs in the build, the hook
:func:`memoize_slow_calls` wraps a few slow calls so that each distinct call
is computed once and then loaded from the build's cache (``docs/_build/cache/memo``,
so a clean build computes everything) through :func:`digitkit.cache.remember`:

- ``fit`` of the estimators in :data:`FITS`;
- ``predict`` and ``predict_proba`` of nearest neighbours (:data:`PREDICTIONS`),
  where their time goes;
- ``GridSearchCV.fit`` and ``sklearn.model_selection.cross_validate`` as a
  whole (:data:`WHOLE`).

Times are results too, and ``cross_validate`` reports them: ``fit_time`` and
``score_time``. Every memoized call stores how long its real computation
took. Inside a ``cross_validate`` on a single (train, test) split (the
leaderboard's), fits and predictions another example already computed are
loaded, and the reported times are corrected: the seconds spent loading are
taken out and the seconds the real call took when it was computed, earlier
in the same build, are put in. Every time reported is thus that of a real
fit or prediction, measured around the call as ``cross_validate`` measures
it. With several splits, nothing inside is memoized on its own, so the
times are simply measured.

A call is memoized only when its result is fully determined by its inputs:
the key is the estimator's class and parameters (its fitted state, for a
prediction), the arguments by content, and the versions of scikit-learn and
numpy; an estimator whose randomness is not fixed (``random_state=None`` or
a ``RandomState`` object) is computed every time. A loaded fit restores the
very attributes the real fit produced, so results are identical; a test
compares them. Outside an example, and for a reader, nothing is wrapped.
"""

from __future__ import annotations

import collections
import functools
import importlib
import inspect
import json
import threading
import time
from pathlib import Path

import numpy as np

import sklearn
from sklearn.base import clone

from digitkit.cache import remember

#: ``(module, class, method)`` of the ``fit`` methods that are memoized.
FITS = (
    ("sklearn.linear_model", "SGDClassifier", "fit"),
    ("sklearn.svm", "SVC", "fit"),
    ("sklearn.ensemble", "RandomForestClassifier", "fit"),
)

#: Prediction methods that are memoized, keyed by the fitted model.
PREDICTIONS = (
    ("sklearn.neighbors", "KNeighborsClassifier", "predict"),
    ("sklearn.neighbors", "KNeighborsClassifier", "predict_proba"),
)

#: Calls memoized as a whole, with nothing inside them memoized on its own.
WHOLE = (
    ("sklearn.model_selection", "GridSearchCV", "fit"),
    ("sklearn.model_selection", None, "cross_validate"),
)

#: Per example, how many calls of each kind were computed and loaded
#: (relative to the docs folder), for maintainers and the build tests.
MEMO_LOG = Path("_build") / "memo-log.json"

_counts: collections.Counter = collections.Counter()
_counts_lock = threading.Lock()
_state = threading.local()  # .depth: memoized calls running in this thread
_whole_lock = threading.Lock()
_whole_depth = 0  # memoized whole calls running in any thread (their workers included)
_installed: list[tuple[object, str, object]] = []
#: While a single-split ``cross_validate`` computes: for each memoized call
#: inside it, ``(label, seconds spent in the call here, seconds it really took)``.
_ledger: list[tuple[str, float, float]] | None = None


def _passing_through() -> bool:
    """True inside a memoized call: what it calls is part of its result, not memoized again."""
    return _whole_depth > 0 or getattr(_state, "depth", 0) > 0


def _randomness_is_fixed(obj) -> bool:
    """Whether ``obj`` (an estimator, a splitter) gives the same result every time."""
    params = obj.get_params(deep=True) if hasattr(obj, "get_params") else {}
    values = list(params.items())
    if hasattr(obj, "random_state"):
        values.append(("random_state", obj.random_state))
    for name, value in values:
        if isinstance(value, (np.random.RandomState, np.random.Generator)):
            return False
        if name.split("__")[-1] == "random_state" and value is None:
            if getattr(obj, "shuffle", True) is not False:
                return False
        if name.split("__")[-1] == "cv" and not _randomness_is_fixed(value):
            return False
    return True


def _versions():
    return sklearn.__version__, np.__version__


def _remember(label, key, compute, inside):
    """:func:`digitkit.cache.remember` with the real call's duration stored beside its value.

    ``inside`` says what happens to memoized calls made by ``compute``:
    ``"alone"``, those of this thread pass through; ``"whole"``, those of
    every thread pass through (for calls that spread over workers);
    ``"open"``, they are memoized too. Counts what was computed and loaded,
    and notes the call in the ledger of a running ``cross_validate``.
    """
    computed = []

    def run():
        computed.append(True)
        start = time.perf_counter()
        value = _compute(compute, inside)
        return value, time.perf_counter() - start

    start = time.perf_counter()
    value, seconds = remember(f"memo/{label}", key, run)
    spent = time.perf_counter() - start
    ledger = _ledger
    with _counts_lock:
        _counts[f"{label} {'computed' if computed else 'loaded'}"] += 1
        if ledger is not None:
            ledger.append((label, spent, seconds))
    return value


def _compute(compute, inside):
    """Run ``compute``, suspending memoization for what it calls as ``inside`` says."""
    global _whole_depth
    if inside == "open":
        return compute()
    if inside == "whole":
        with _whole_lock:
            _whole_depth += 1
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        return compute()
    finally:
        _state.depth -= 1
        if inside == "whole":
            with _whole_lock:
                _whole_depth -= 1


def _with_real_times(compute):
    """Run a single-split ``cross_validate``; report the real times of the calls it loaded."""
    global _ledger
    ledger = []
    _ledger = ledger
    try:
        result = compute()
    finally:
        _ledger = None
    for label, spent, seconds in ledger:
        phase = "fit_time" if label.endswith(".fit") else "score_time"
        result[phase][0] += seconds - spent
    return result


def _memoized_fit(original, label, whole):
    @functools.wraps(original)
    def fit(self, *args, **kwargs):
        if _passing_through() or not _randomness_is_fixed(self):
            return original(self, *args, **kwargs)
        key = (label, _versions(), clone(self), args, kwargs)

        def compute():
            return original(self, *args, **kwargs)

        fitted = _remember(label, key, compute, "whole" if whole else "alone")
        if fitted is not self:
            # Loaded: take over what fit learned, keep this object's own parameters.
            params = self.get_params(deep=False)
            for name, value in vars(fitted).items():
                if name not in params:
                    setattr(self, name, value)
        return self

    return fit


def _memoized_prediction(original, label):
    @functools.wraps(original)
    def predict(self, *args, **kwargs):
        if _passing_through():
            return original(self, *args, **kwargs)
        key = (label, _versions(), self, args, kwargs)
        return _remember(label, key, lambda: original(self, *args, **kwargs), "alone")

    return predict


def _memoized_function(original, label):
    signature = inspect.signature(original)

    @functools.wraps(original)
    def call(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        # Parallel workers would run outside this thread's bookkeeping, and
        # their timings would differ anyway: only sequential calls are kept.
        sequential = arguments.get("n_jobs") in (None, 1)
        if _passing_through() or not sequential or not _randomness_is_fixed(arguments["estimator"]):
            return original(*args, **kwargs)
        cv = arguments.get("cv")
        if hasattr(cv, "split") and not _randomness_is_fixed(cv):
            return original(*args, **kwargs)
        if cv is not None and not isinstance(cv, int) and not hasattr(cv, "split"):
            # An iterable of (train, test) pairs: listed once, so that it can
            # be both hashed and used.
            arguments["cv"] = [tuple(pair) for pair in cv]
            bound = signature.bind(**arguments)
        arguments["estimator"] = clone(arguments["estimator"])
        key = (label, _versions(), arguments)

        def compute():
            return original(*bound.args, **bound.kwargs)

        single_split = (isinstance(arguments["cv"], list) and len(arguments["cv"]) == 1
                        and not arguments.get("return_train_score"))
        if single_split and _ledger is None:
            return _remember(label, key, lambda: _with_real_times(compute), "open")
        return _remember(label, key, compute, "whole")

    return call


def _install(module_name, owner_name, attribute, make):
    module = importlib.import_module(module_name)
    owner = getattr(module, owner_name) if owner_name else module
    label = f"{owner_name}.{attribute}" if owner_name else attribute
    own = owner.__dict__.get(attribute, _MISSING) if owner_name else getattr(owner, attribute)
    setattr(owner, attribute, make(getattr(owner, attribute), label))
    _installed.append((owner, attribute, own))


_MISSING = object()


def install():
    """Wrap the calls listed in :data:`FITS`, :data:`PREDICTIONS` and :data:`WHOLE`."""
    if _installed:
        return
    for module, owner, method in FITS:
        _install(module, owner, method, lambda f, label: _memoized_fit(f, label, whole=False))
    for module, owner, method in PREDICTIONS:
        _install(module, owner, method, _memoized_prediction)
    for module, owner, name in WHOLE:
        if owner is None:
            _install(module, owner, name, _memoized_function)
        else:
            _install(module, owner, name, lambda f, label: _memoized_fit(f, label, whole=True))


def uninstall():
    """Put back every call :func:`install` wrapped."""
    while _installed:
        owner, attribute, own = _installed.pop()
        if own is _MISSING:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, own)


def _write_log(gallery_conf, fname):
    if "src_dir" not in gallery_conf:
        return
    log = Path(gallery_conf["src_dir"]) / MEMO_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    entries = json.loads(log.read_text()) if log.exists() else {}
    entries[Path(fname).name] = dict(sorted(_counts.items()))
    log.write_text(json.dumps(entries, indent=2, sort_keys=True))


def memoize_slow_calls(gallery_conf, fname, when):
    """sphinx-gallery hook: memoize slow calls while an example runs (see the module docstring).

    After each example, what it computed and what it loaded are written to
    ``_build/memo-log.json``.
    """
    if when == "before":
        _counts.clear()
        install()
    else:
        uninstall()
        _write_log(gallery_conf, fname)
