"""Memoize the gallery's slow scikit-learn calls while the site is built.

The examples are plain scikit-learn: each trains what it needs, as a reader
would at home. Several train the very same model on the very same data (the
5-detector's three folds feed four examples), and an example whose prose
changed runs again in full. While an example runs in the build, the hook
:func:`memoize_slow_calls` wraps a few slow calls so that each distinct call
is computed once and then loaded from the build's cache (``docs/_build/cache/memo``,
so a clean build computes everything) through :func:`digitkit.cache.remember`:

- ``fit`` of the estimators in :data:`FITS`;
- ``predict`` and ``predict_proba`` of nearest neighbours, ``predict`` and
  ``decision_function`` of kernel SVMs (:data:`PREDICTIONS`), where their
  time goes;
- ``GridSearchCV.fit`` and ``sklearn.model_selection.cross_validate`` as a
  whole (:data:`WHOLE`).

Times are results too, and ``cross_validate`` reports them: ``fit_time``
and ``score_time``. So a ``cross_validate`` is memoized as a whole, with
nothing inside it loaded: the times it reports are those of the fits and
predictions it really ran, and a loaded ``cross_validate`` replays them with
the rest of its result.

A call is memoized only when its result is fully determined by its inputs:
the key is the estimator's class and parameters (its fitted state, for a
prediction), the arguments by content, and the versions of scikit-learn and
numpy; an estimator whose randomness is not fixed (``random_state=None`` or
a ``RandomState`` object) is computed every time. A loaded fit restores the
very attributes the real fit produced, so results are identical; a test
compares them. A loaded call also prints and warns what the real call did
(:class:`Seen`), so a page rebuilt from the memo reads like a clean
build's; under the build's "error" filter a call that warns fails its
example and is never stored; a call asked to be ``verbose`` is never
memoized. Outside an example, and for a
reader, nothing is wrapped.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import importlib
import inspect
import io
import re
import sys
import threading
import time
from pathlib import Path

import numpy as np

import sklearn
from sklearn.base import clone
from sklearn.svm._base import BaseSVC

from digitkit.cache import remember
from digitkit_gallery import gallery_folders, read_records, write_record

#: ``(module, class, method)`` of the ``fit`` methods that are memoized.
FITS = (
    ("sklearn.linear_model", "SGDClassifier", "fit"),
    ("sklearn.svm", "SVC", "fit"),
    ("sklearn.ensemble", "RandomForestClassifier", "fit"),
    ("sklearn.neural_network", "MLPClassifier", "fit"),
)


#: Prediction methods that are memoized, keyed by the fitted model.
PREDICTIONS = (
    ("sklearn.neighbors", "KNeighborsClassifier", "predict"),
    ("sklearn.neighbors", "KNeighborsClassifier", "predict_proba"),
    # A kernel SVM's predictions cost as much as its fit: every test digit
    # against every support vector (the virtual SVM's 10,000 test digits
    # took minutes on each rebuild).
    ("sklearn.svm", "SVC", "predict"),
    ("sklearn.svm", "SVC", "decision_function"),
)

#: Calls memoized as a whole, with nothing inside them memoized on its own.
WHOLE = (
    ("sklearn.model_selection", "GridSearchCV", "fit"),
    ("sklearn.model_selection", None, "cross_validate"),
)

_counts: collections.Counter = collections.Counter()
_counts_lock = threading.Lock()
#: Seconds the running example did not spend because it loaded results: for
#: each loaded call, how long computing it took (itself loads included)
#: minus how long loading it took.
_saved = [0.0]
_state = threading.local()  # .depth: memoized calls running in this thread
_whole_lock = threading.Lock()
_whole_depth = 0  # memoized whole calls running in any thread (their workers included)
_installed: list[tuple[object, str, object]] = []


def _passing_through() -> bool:
    """True inside a memoized call: what it calls is part of its result, not memoized again."""
    return _whole_depth > 0 or getattr(_state, "depth", 0) > 0


def _randomness_is_fixed(obj) -> bool:
    """Whether ``obj`` (an estimator, a splitter, a pipeline's steps) gives the same result every time.

    Nested estimators (a pipeline's steps, a search's estimator, its ``cv``)
    are checked one by one, each by its own rules: a ``random_state`` left to
    None matters only where the object draws random numbers at all.
    """
    if isinstance(obj, (np.random.RandomState, np.random.Generator)):
        return False
    if isinstance(obj, (list, tuple)):
        return all(_randomness_is_fixed(item) for item in obj)
    if not hasattr(obj, "get_params") and not hasattr(obj, "random_state"):
        return True
    params = dict(obj.get_params(deep=False)) if hasattr(obj, "get_params") else {}
    if hasattr(obj, "random_state"):
        params["random_state"] = obj.random_state
    for name, value in params.items():
        if name == "random_state":
            if isinstance(value, (np.random.RandomState, np.random.Generator)):
                return False
            if value is None and _draws_random_numbers(obj):
                return False
        elif not _randomness_is_fixed(value):
            return False
    return True


def _draws_random_numbers(obj) -> bool:
    """Whether an object with ``random_state=None`` would draw random numbers."""
    if getattr(obj, "shuffle", True) is False:  # a splitter that keeps the order
        return False
    # A kernel SVM draws only for the cross-validation behind probability=True.
    return not (isinstance(obj, BaseSVC) and not obj.probability)


def _versions():
    return sklearn.__version__, np.__version__


def _fitted_state(estimator):
    """What a fitted estimator's predictions depend on, the same whether it was fitted or loaded.

    Its class and attributes, with each empty array replaced by a fresh one:
    an empty array's strides are arbitrary (an SVC's ``_probA`` is ``(0,)``
    after a fit, ``(8,)`` after a pickle round trip) and :func:`joblib.hash`
    reads them, so a model whose fit the memo loaded would not find the
    predictions the real one stored.
    """
    def fresh(value):
        is_empty = isinstance(value, np.ndarray) and value.size == 0
        return np.empty(value.shape, value.dtype) if is_empty else value

    return type(estimator), {name: fresh(value) for name, value in vars(estimator).items()}


@dataclasses.dataclass(frozen=True)
class Seen:
    """What a reader sees of a call besides its value: what it printed.

    Warnings need no record: in the build every warning is an error
    (``digitkit_gallery.warnings_as_errors``), so a call that warns raises,
    fails its example and is never stored; a stored call warned nothing.
    """

    printed: str = ""

    def replay(self):
        """Print again what the real call printed."""
        if self.printed:
            sys.stdout.write(self.printed)


def _watched(compute):
    """Run ``compute``; return its value and a :class:`Seen` of what it printed (printed as it goes).

    Only a call of the example's own thread is captured: ``sys.stdout`` is
    one for the whole process, and two threads swapping it at once would
    leave it pointing at a finished call's buffer. Calls in joblib's worker
    threads (the folds of a cross-validation) are silent: a scikit-learn
    estimator prints only when its ``verbose`` is set, and a call with
    ``verbose`` set is never memoized (:func:`_is_quiet`).
    """
    if threading.current_thread() is not threading.main_thread():
        return compute(), Seen()
    printed = io.StringIO()
    stream = sys.stdout
    try:
        with contextlib.redirect_stdout(printed):
            value = compute()
    finally:  # passed on to the page, also when the call fails
        stream.write(printed.getvalue())
    return value, Seen(printed.getvalue())


def _is_quiet(*objects) -> bool:
    """Whether none of ``objects`` (estimators, a dict of arguments) asks to print progress."""
    for obj in objects:
        params = obj if isinstance(obj, dict) else (
            obj.get_params(deep=True) if hasattr(obj, "get_params") else {})
        if any(name.split("__")[-1] == "verbose" and value for name, value in params.items()):
            return False
    return True


def _remember(label, key, compute, inside):
    """:func:`digitkit.cache.remember` with the real call's duration and output stored beside its value.

    ``inside`` says what happens to memoized calls made by ``compute``:
    ``"alone"``, those of this thread pass through; ``"whole"``, those of
    every thread pass through (for calls that spread over workers). A loaded
    call prints what the real one did (:class:`Seen`), so the page is the
    same either way. Counts what was computed and loaded.
    """
    computed = []

    def run():
        computed.append(True)
        saved_before = _saved[0]
        start = time.perf_counter()
        value, seen = _watched(lambda: _compute(compute, inside))
        # What a run without the memo would spend: loads inside count at their real cost.
        return value, time.perf_counter() - start + (_saved[0] - saved_before), seen

    start = time.perf_counter()
    value, seconds, *seen = remember(f"memo/{label}", key, run)
    spent = time.perf_counter() - start
    if not computed and seen:
        seen[0].replay()
    with _counts_lock:
        _counts[f"{label} {'computed' if computed else 'loaded'}"] += 1
        if not computed:
            _saved[0] += max(seconds - spent, 0.0)
    return value


def _compute(compute, inside):
    """Run ``compute``, suspending memoization for what it calls as ``inside`` says."""
    global _whole_depth
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


def _memoized_fit(original, label, whole):
    @functools.wraps(original)
    def fit(self, *args, **kwargs):
        if _passing_through() or not _randomness_is_fixed(self) or not _is_quiet(self):
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
        key = (label, _versions(), _fitted_state(self), args, kwargs)
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
        if (_passing_through() or not sequential or not _randomness_is_fixed(arguments["estimator"])
                or not _is_quiet(arguments, arguments["estimator"])):
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

        return _remember(label, key, lambda: original(*bound.args, **bound.kwargs), "whole")

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


def memoize_slow_calls(gallery_conf, fname, when):
    """sphinx-gallery hook: memoize slow calls while an example runs (see the module docstring).

    After each example, its ``memo`` record (``_build/example-records/memo/``)
    says how many calls of each kind it computed and loaded, and how many
    seconds the loads saved (``saved_s``): the example's footer adds them
    back, so that it says how long a reader's run takes (:func:`true_footers`).
    """
    if when == "before":
        _counts.clear()
        _saved[0] = 0.0
        install()
    else:
        uninstall()
        if "src_dir" in gallery_conf:
            write_record(gallery_conf, fname, "memo",
                         {"calls": dict(sorted(_counts.items())), "saved_s": round(_saved[0], 3)})


# -- Footers that say what a reader waits -------------------------------------------

_FOOTER = re.compile(r"\*\*Total running time of the script:\*\* \((\d+) minutes ([\d.]+) seconds\)")


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{seconds:.1f} seconds" if seconds < 10 else f"{rest} seconds"
    return f"{minutes} min {rest} s"


def true_footers(app):
    """Make each example's "Total running time" what a reader who runs the script waits.

    sphinx-gallery writes the time the example took in this build; where the
    build loaded results instead of computing them, that is far less than a
    reader's run. Each such footer gets the loaded calls' real computing
    time added back (the ``saved_s`` of the example's memo record, from the
    run that wrote the page), and says what the build itself spent.
    """
    conf = app.config.sphinx_gallery_conf or {}
    srcdir = Path(app.srcdir)
    gallery = srcdir / gallery_folders(conf)[1]
    records = read_records(srcdir, "memo")
    for page in sorted(gallery.glob("*/plot_*.rst")):
        record = records.get(f"{page.stem}.py")
        if not record or record.get("saved_s", 0) < 0.5:
            continue
        text = page.read_text(encoding="utf-8")
        found = _FOOTER.search(text)
        if found is None:  # already rewritten by an earlier build, or not run
            continue
        built = int(found.group(1)) * 60 + float(found.group(2))
        footer = (f"**Total running time of the script:** (about {_duration(built + record['saved_s'])} "
                  f"when run on its own; the site's build reused results of earlier examples "
                  f"and took {_duration(built)})")
        page.write_text(text[:found.start()] + footer + text[found.end():], encoding="utf-8")


def standalone_seconds(page: Path) -> float | None:
    """How long the example of a generated page runs on its own, from its footer; None if unknown."""
    if not page.is_file():
        return None
    text = page.read_text(encoding="utf-8")
    found = _FOOTER.search(text)
    if found:
        return int(found.group(1)) * 60 + float(found.group(2))
    found = re.search(r"Total running time of the script:\*\* \(about (?:(\d+) min )?([\d.]+) s", text)
    return None if found is None else int(found.group(1) or 0) * 60 + float(found.group(2))



def setup(app):
    # After sphinx-gallery's generate_gallery_rst (default priority 500) wrote the pages.
    app.connect("builder-inited", true_footers, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
