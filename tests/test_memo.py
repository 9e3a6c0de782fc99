"""The build's memo of slow scikit-learn calls (docs/sphinxext/digitkit_memo.py).

What matters: a memoized result is identical to a real one, a repeated call
is loaded instead of computed, nothing random or timed is ever replayed
wrongly, and once an example is done every call is scikit-learn's own again.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import sys
import time
import warnings

import numpy as np
import pytest
from joblib import parallel_config

from sklearn import model_selection
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GridSearchCV, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from digitkit import cache
from digitkit.cache import CACHE_ENV_VAR
from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
import digitkit_memo  # noqa: E402

FITS = []


class CountingClassifier(ClassifierMixin, BaseEstimator):
    """Predicts the majority class; records each real fit in FITS."""

    def __init__(self, random_state=0, offset=0):
        self.random_state = random_state
        self.offset = offset

    def fit(self, X, y):
        FITS.append((len(X), self.random_state, self.offset))
        values, counts = np.unique(y, return_counts=True)
        self.classes_ = values
        self.majority_ = values[counts.argmax()]
        return self

    def predict(self, X):
        return np.full(len(X), self.majority_)


class SlowClassifier(CountingClassifier):
    """A CountingClassifier whose fit takes a known time."""

    SECONDS = 0.3

    def fit(self, X, y):
        time.sleep(self.SECONDS)
        return super().fit(X, y)


class TalkativeClassifier(CountingClassifier):
    """A CountingClassifier whose fit prints a line and warns, as a verbose or unlucky fit would."""

    def fit(self, X, y):
        print(f"fitting on {len(X)} digits")
        warnings.warn("the fit did not converge", ConvergenceWarning, stacklevel=2)
        return super().fit(X, y)


@pytest.fixture
def digits():
    X, y = load_digits(return_X_y=True)
    return X, y


@pytest.fixture
def memo(tmp_path, monkeypatch):
    """The memo installed as during an example, with the counting classifier memoized too."""
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_reported", set())
    monkeypatch.setattr(digitkit_memo, "FITS",
                        (*digitkit_memo.FITS, (__name__, "CountingClassifier", "fit"),
                         (__name__, "SlowClassifier", "fit"),
                         (__name__, "TalkativeClassifier", "fit")))
    FITS.clear()
    with parallel_config(backend="threading"):  # as the build runs examples
        digitkit_memo.memoize_slow_calls({}, "plot_00.py", "before")
        try:
            yield tmp_path / "cache" / "memo"
        finally:
            digitkit_memo.memoize_slow_calls({}, "plot_00.py", "after")


def entries(memo_dir, label):
    return sorted((memo_dir / label).glob("*.pickle"))


def test_a_memoized_fit_is_identical_to_a_real_one(memo, digits):
    X, y = digits
    first = SGDClassifier(random_state=42).fit(X, y)
    loaded = SGDClassifier(random_state=42).fit(X, y)
    digitkit_memo.uninstall()
    real = SGDClassifier(random_state=42).fit(X, y)
    for model in (first, loaded):
        np.testing.assert_array_equal(model.coef_, real.coef_)
        np.testing.assert_array_equal(model.intercept_, real.intercept_)
        assert model.n_iter_ == real.n_iter_
        np.testing.assert_array_equal(model.predict(X), real.predict(X))
    assert len(entries(memo, "SGDClassifier.fit")) == 1


def test_a_loaded_fit_pickles_like_the_real_one(memo, digits):
    """The leaderboard reports model sizes: a loaded model's pickle is the real one's."""
    X, y = digits
    SVC(random_state=42).fit(X, y)
    loaded = SVC(random_state=42).fit(X, y)
    digitkit_memo.uninstall()
    real = SVC(random_state=42).fit(X, y)
    for name, value in vars(real).items():
        assert pickle.dumps(vars(loaded)[name]) == pickle.dumps(value), name
    # Whole, the two differ by a few bytes of pickle bookkeeping (a string both
    # hold is stored once or twice), far below the 0.1 MB the leaderboard shows.
    assert abs(len(pickle.dumps(loaded)) - len(pickle.dumps(real))) < 100


def test_a_repeated_fit_is_loaded_and_changed_inputs_are_fitted(memo, digits):
    X, y = digits
    CountingClassifier().fit(X, y)
    CountingClassifier().fit(X, y)
    assert FITS == [(len(X), 0, 0)]
    CountingClassifier(offset=1).fit(X, y)  # another parameter
    CountingClassifier().fit(X[:100], y[:100])  # other data
    assert FITS == [(len(X), 0, 0), (len(X), 0, 1), (100, 0, 0)]


def test_a_loaded_fit_keeps_the_objects_own_parameters(memo, digits):
    X, y = digits
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [3, 5]}, cv=3)
    search.fit(X, y)
    estimator = KNeighborsClassifier()
    again = GridSearchCV(estimator, {"n_neighbors": [3, 5]}, cv=3).fit(X, y)
    assert again.estimator is estimator
    assert again.best_params_ == search.best_params_
    np.testing.assert_array_equal(again.cv_results_["mean_test_score"],
                                  search.cv_results_["mean_test_score"])


@pytest.mark.parametrize("random_state", [None, np.random.RandomState(0)])
def test_randomness_that_is_not_fixed_is_never_replayed(memo, digits, random_state):
    X, y = digits
    CountingClassifier(random_state=random_state).fit(X, y)
    CountingClassifier(random_state=random_state).fit(X, y)
    assert len(FITS) == 2
    assert not (memo / "CountingClassifier.fit").exists()


def test_fold_fits_are_shared_between_tools(memo, digits):
    """cross_val_predict's fold models are the ones a later call loads (the 5-detector's case)."""
    X, y = digits
    first = cross_val_predict(CountingClassifier(), X, y, cv=3, n_jobs=2)
    second = cross_val_predict(CountingClassifier(), X, y, cv=3, n_jobs=2)
    np.testing.assert_array_equal(first, second)
    assert len(FITS) == 3


def test_cross_validate_reports_the_times_of_the_fits_it_ran(memo, digits):
    """The leaderboard's case: a fit another example computed is not loaded inside, it is timed.

    The whole call is memoized; loaded, it replays the times of its real run.
    """
    X, y = digits
    train, test = np.arange(1000), np.arange(1000, len(X))
    SlowClassifier().fit(X[train], y[train])  # an earlier example's fit
    result = model_selection.cross_validate(SlowClassifier(), X, y, cv=[(train, test)],
                                            return_estimator=True)
    assert len(FITS) == 2, "the fit inside was loaded instead of run and timed"
    assert SlowClassifier.SECONDS <= result["fit_time"][0] < SlowClassifier.SECONDS + 0.25
    again = model_selection.cross_validate(SlowClassifier(), X, y, cv=[(train, test)],
                                           return_estimator=True)
    assert len(FITS) == 2
    assert again["fit_time"][0] == result["fit_time"][0]
    assert again["test_score"][0] == result["test_score"][0]
    assert again["estimator"][0].majority_ == result["estimator"][0].majority_


def test_nothing_inside_cross_validate_on_several_splits_is_memoized(memo, digits):
    X, y = digits
    for _ in range(2):
        model_selection.cross_validate(CountingClassifier(), X, y, cv=3)
    assert len(FITS) == 3
    assert not (memo / "CountingClassifier.fit").exists()
    assert len(entries(memo, "cross_validate")) == 1


def test_cross_validate_in_parallel_is_not_memoized(memo, digits):
    X, y = digits
    for _ in range(2):
        model_selection.cross_validate(CountingClassifier(), X, y, cv=3, n_jobs=2)
    assert not (memo / "cross_validate").exists()


def test_nothing_inside_a_grid_search_is_memoized_on_its_own(memo, digits):
    X, y = digits
    GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [3, 5]}, cv=3, n_jobs=2).fit(X, y)
    assert len(entries(memo, "GridSearchCV.fit")) == 1
    assert not (memo / "KNeighborsClassifier.predict").exists()


def test_nearest_neighbour_predictions_are_memoized_by_the_fitted_model(memo, digits):
    X, y = digits
    knn = KNeighborsClassifier().fit(X[:1000], y[:1000])
    first = knn.predict(X[1000:])
    np.testing.assert_array_equal(knn.predict(X[1000:]), first)
    assert len(entries(memo, "KNeighborsClassifier.predict")) == 1
    other = KNeighborsClassifier().fit(X[:900], y[:900])  # another fitted model
    other.predict(X[1000:])
    assert len(entries(memo, "KNeighborsClassifier.predict")) == 2
    digitkit_memo.uninstall()
    np.testing.assert_array_equal(KNeighborsClassifier().fit(X[:1000], y[:1000]).predict(X[1000:]),
                                  first)


def test_kernel_svm_predictions_are_memoized_and_identical(memo, digits):
    X, y = digits
    svc = SVC(gamma=0.001, random_state=0).fit(X[:1000], y[:1000])
    predicted, scores = svc.predict(X[1000:]), svc.decision_function(X[1000:])
    assert svc.score(X[1000:], y[1000:]) == np.mean(predicted == y[1000:])  # score goes through predict
    assert len(entries(memo, "SVC.predict")) == 1 and len(entries(memo, "SVC.decision_function")) == 1
    digitkit_memo.uninstall()
    real = SVC(gamma=0.001, random_state=0).fit(X[:1000], y[:1000])
    np.testing.assert_array_equal(real.predict(X[1000:]), predicted)
    np.testing.assert_array_equal(real.decision_function(X[1000:]), scores)


def test_a_prediction_of_a_loaded_fit_is_loaded_too(memo, digits):
    # A rebuild loads the fit, then asks for the prediction the clean build stored: the
    # loaded model must key it as the real one did (an SVC's empty _probA comes back from
    # pickle with other strides; keyed as it is, the virtual SVM's predictions ran again).
    X, y = digits
    real = SVC(gamma=0.001, random_state=0).fit(X[:1000], y[:1000])
    predicted = real.predict(X[1000:])
    loaded = SVC(gamma=0.001, random_state=0).fit(X[:1000], y[:1000])
    assert digitkit_memo._counts["SVC.fit loaded"] == 1
    np.testing.assert_array_equal(loaded.predict(X[1000:]), predicted)
    assert digitkit_memo._counts["SVC.predict loaded"] == 1
    assert len(entries(memo, "SVC.predict")) == 1


def test_after_the_example_every_call_is_scikit_learns_own_again(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path))
    originals = {
        "SGDClassifier.fit": SGDClassifier.fit,
        "KNeighborsClassifier.predict": KNeighborsClassifier.predict,
        "GridSearchCV.fit": GridSearchCV.fit,
        "cross_validate": model_selection.cross_validate,
    }
    own = {name: cls.__dict__.get(method) for name, cls, method in [
        ("SGDClassifier", SGDClassifier, "fit"), ("GridSearchCV", GridSearchCV, "fit")]}
    digitkit_memo.memoize_slow_calls({}, "plot_00.py", "before")
    assert SGDClassifier.fit is not originals["SGDClassifier.fit"]
    assert model_selection.cross_validate is not originals["cross_validate"]
    digitkit_memo.memoize_slow_calls({}, "plot_00.py", "after")
    assert SGDClassifier.fit is originals["SGDClassifier.fit"]
    assert KNeighborsClassifier.predict is originals["KNeighborsClassifier.predict"]
    assert GridSearchCV.fit is originals["GridSearchCV.fit"]
    assert model_selection.cross_validate is originals["cross_validate"]
    assert SGDClassifier.__dict__.get("fit") is own["SGDClassifier"] is None
    assert GridSearchCV.__dict__.get("fit") is own["GridSearchCV"]
    assert not tmp_path.joinpath("memo").exists()


def test_a_loaded_call_counts_its_real_cost_as_saved(tmp_path, monkeypatch):
    """What the memo saves an example is added back to its footer: loads must count it."""
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    conf = {"src_dir": str(tmp_path)}
    X, y = load_digits(return_X_y=True)
    for name in ("plot_01_first.py", "plot_02_second.py"):
        digitkit_memo.memoize_slow_calls(conf, name, "before")
        try:
            SVC(gamma=0.001, random_state=0).fit(X[:800], y[:800])
        finally:
            digitkit_memo.memoize_slow_calls(conf, name, "after")
    records = digitkit_memo.read_records(tmp_path, "memo")
    assert records["plot_01_first.py"]["calls"] == {"SVC.fit computed": 1}
    assert records["plot_01_first.py"]["saved_s"] == 0
    assert records["plot_02_second.py"]["calls"] == {"SVC.fit loaded": 1}
    assert records["plot_02_second.py"]["saved_s"] >= 0


class _App:
    def __init__(self, srcdir):
        self.srcdir = str(srcdir)
        self.config = type("Config", (), {"sphinx_gallery_conf": {"gallery_dirs": "auto_examples"}})()


def test_footers_add_back_what_the_memo_saved_once(tmp_path):
    part = tmp_path / "auto_examples" / "03_part"
    part.mkdir(parents=True)
    footer = "   **Total running time of the script:** (0 minutes 2.500 seconds)\n"
    (part / "plot_01_loads.rst").write_text("Title\n=====\n\n" + footer)
    (part / "plot_02_computes.rst").write_text("Title\n=====\n\n" + footer)
    conf = {"src_dir": str(tmp_path)}
    digitkit_memo.write_record(conf, "plot_01_loads.py", "memo", {"calls": {}, "saved_s": 261.5})
    digitkit_memo.write_record(conf, "plot_02_computes.py", "memo", {"calls": {}, "saved_s": 0.0})
    for _ in range(2):  # a second build that did not rerun the example changes nothing
        digitkit_memo.true_footers(_App(tmp_path))
    loads = (part / "plot_01_loads.rst").read_text()
    assert "(about 4 min 24 s when run on its own;" in loads
    assert "took 2.5 seconds)" in loads
    assert digitkit_memo.standalone_seconds(part / "plot_01_loads.rst") == 264
    assert (part / "plot_02_computes.rst").read_text().endswith(footer)
    assert digitkit_memo.standalone_seconds(part / "plot_02_computes.rst") == 2.5


def test_a_loaded_fit_prints_what_the_real_one_did(memo, digits):
    """The page of a rebuild that loads a fit shows what a clean build (and a reader) sees."""
    X, y = digits
    seen = []
    for _ in range(2):
        printed = io.StringIO()
        with warnings.catch_warnings(), contextlib.redirect_stdout(printed):
            warnings.simplefilter("ignore")
            TalkativeClassifier().fit(X, y)
        seen.append(printed.getvalue())
    assert len(FITS) == 1, "the second fit should have been loaded"
    assert seen == ["fitting on 1797 digits\n"] * 2


def test_fits_in_worker_threads_leave_the_examples_output_alone(memo, digits):
    """Folds fitted side by side in threads: every print after them still reaches the page."""
    X, y = digits
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        cross_val_predict(SGDClassifier(random_state=0), X, y, cv=3, n_jobs=3)
        print("after the folds")
    assert printed.getvalue().endswith("after the folds\n")
    assert sys.stdout is not printed


def test_verbose_calls_are_not_memoized(memo, digits):
    X, y = digits
    for _ in range(2):
        with contextlib.redirect_stdout(io.StringIO()):
            SGDClassifier(random_state=0, verbose=1, max_iter=5, tol=None).fit(X[:300], y[:300])
    assert entries(memo, "SGDClassifier.fit") == []


def test_a_warning_under_the_builds_error_filter_fails_and_is_not_stored(memo, digits):
    X, y = digits
    for _ in range(2):  # the second call raises again: the failed one left nothing to load
        printed = io.StringIO()
        with warnings.catch_warnings(), contextlib.redirect_stdout(printed):
            warnings.simplefilter("error")
            with pytest.raises(ConvergenceWarning):
                TalkativeClassifier(random_state=1).fit(X, y)
        assert printed.getvalue() == "fitting on 1797 digits\n"
    assert entries(memo, "TalkativeClassifier.fit") == []


def test_randomness_is_judged_per_estimator():
    """A random_state left to None matters only where the estimator draws random numbers."""
    from sklearn.decomposition import PCA
    from sklearn.model_selection import KFold
    from sklearn.pipeline import make_pipeline

    fixed = digitkit_memo._randomness_is_fixed
    assert fixed(SVC())  # no probability estimates: no random numbers
    assert not fixed(SVC(probability=True))
    assert fixed(SVC(probability=True, random_state=0))
    assert fixed(GridSearchCV(SVC(), {"C": [1, 10]}, cv=3))
    assert not fixed(GridSearchCV(SVC(), {"C": [1, 10]}, cv=KFold(3, shuffle=True)))
    assert fixed(GridSearchCV(SVC(), {"C": [1, 10]}, cv=KFold(3)))
    assert not fixed(make_pipeline(PCA(50), SVC()))  # PCA may solve at random
    assert fixed(make_pipeline(PCA(50, random_state=0), SVC()))
    assert not fixed(SGDClassifier())
    assert not fixed(SGDClassifier(random_state=np.random.RandomState(0)))
