"""digitkit.cache: where results are stored, and that they are reused."""

from pathlib import Path

import numpy as np
import pytest

from sklearn.base import BaseEstimator, ClassifierMixin, clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV, cross_val_predict
from sklearn.utils.validation import check_is_fitted

from digitkit.cache import CACHE_ENV_VAR, CachedFit, cached, fitted, get_cache_dir

CALLS = []


def slow_sum(values):
    """Stand-in for an expensive computation; records each real call."""
    CALLS.append(len(values))
    return float(np.sum(values))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    CALLS.clear()
    return folder


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert get_cache_dir() == tmp_path / "digitkit"


def test_default_folder_without_xdg(monkeypatch):
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert get_cache_dir() == Path.home() / ".cache" / "digitkit"


def test_environment_variable_names_the_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "here"))
    assert get_cache_dir() == tmp_path / "here"


@pytest.mark.parametrize("value", ["off", "OFF", "0", "no", "false", "", " none "])
def test_cache_can_be_turned_off(monkeypatch, value):
    monkeypatch.setenv(CACHE_ENV_VAR, value)
    assert get_cache_dir() is None
    assert cached(slow_sum) is slow_sum


def test_second_call_loads_instead_of_computing(cache_dir):
    values = np.arange(1000.0)
    assert cached(slow_sum)(values) == cached(slow_sum)(values) == values.sum()
    assert CALLS == [1000]
    assert any(cache_dir.rglob("output.pkl"))


def test_changed_content_is_computed_again(cache_dir):
    values = np.arange(1000.0)
    cached(slow_sum)(values)
    changed = values.copy()
    changed[500] = -1  # same shape and dtype, different content
    assert cached(slow_sum)(changed) == changed.sum()
    assert CALLS == [1000, 1000]


def test_results_are_shared_between_wrappers(cache_dir):
    """Two examples wrapping the same function share results (the point of the cache)."""
    first, second = cached(slow_sum), cached(slow_sum)
    first(np.ones(10))
    second(np.ones(10))
    assert CALLS == [10]


def test_cache_off_always_computes(monkeypatch):
    monkeypatch.setenv(CACHE_ENV_VAR, "off")
    CALLS.clear()
    cached(slow_sum)(np.ones(3))
    cached(slow_sum)(np.ones(3))
    assert CALLS == [3, 3]


def double(values):
    return values * 2


def test_loaded_arrays_are_read_only_memory_maps(cache_dir):
    """A cached model holding a big array costs no memory until it is used."""
    for _ in range(2):  # computed and stored, then loaded
        result = cached(double)(np.arange(10_000.0))
        assert isinstance(result, np.memmap) and not result.flags.writeable
        np.testing.assert_array_equal(result, np.arange(10_000.0) * 2)


class CountingClassifier(ClassifierMixin, BaseEstimator):
    """Predicts the majority class; records each real fit in CALLS."""

    def __init__(self, offset=0):
        self.offset = offset

    def fit(self, X, y):
        CALLS.append(("fit", len(X), self.offset))
        values, counts = np.unique(y, return_counts=True)
        self.majority_ = values[counts.argmax()]
        self.classes_ = values
        return self

    def predict(self, X):
        return np.full(len(X), self.majority_)


def test_fitted_trains_a_clone_once(cache_dir):
    X, y = np.zeros((6, 2)), np.array([0, 1, 1, 1, 0, 1])
    model = CountingClassifier()
    first = fitted(model, X, y)
    second = fitted(model, X, y)
    assert first is not model and second is not model
    with pytest.raises(NotFittedError):
        check_is_fitted(model)  # the argument itself is never fitted
    assert first.majority_ == second.majority_ == 1
    assert CALLS == [("fit", 6, 0)]


def test_fitted_keys_on_parameters_and_data(cache_dir):
    X, y = np.zeros((6, 2)), np.array([0, 1, 1, 1, 0, 1])
    fitted(CountingClassifier(), X, y)
    fitted(CountingClassifier(offset=1), X, y)
    fitted(CountingClassifier(), X[:5], y[:5])
    assert CALLS == [("fit", 6, 0), ("fit", 6, 1), ("fit", 5, 0)]


def test_fitted_with_cache_off_fits_every_time(monkeypatch):
    monkeypatch.setenv(CACHE_ENV_VAR, "off")
    CALLS.clear()
    X, y = np.zeros((4, 2)), np.array([0, 1, 1, 1])
    fitted(CountingClassifier(), X, y)
    fitted(CountingClassifier(), X, y)
    assert len(CALLS) == 2


def test_a_loaded_model_predicts_like_the_fresh_one(cache_dir):
    """The loaded arrays are read-only memory maps; predicting must still work."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 5))
    y = X[:, 0] > 0
    fresh = fitted(SGDClassifier(random_state=0), X, y)
    loaded = fitted(SGDClassifier(random_state=0), X, y)
    assert isinstance(loaded.coef_, np.memmap)
    np.testing.assert_array_equal(loaded.decision_function(X), fresh.decision_function(X))


def test_fitted_ignores_whether_its_argument_was_fitted(cache_dir):
    """Only the parameters are the key: a fitted model finds its unfitted twin's entry."""
    X, y = np.zeros((6, 2)), np.array([0, 1, 1, 1, 0, 1])
    already_fitted = CountingClassifier().fit(X, y)
    CALLS.clear()
    fitted(CountingClassifier(), X, y)
    fitted(already_fitted, X, y)
    assert CALLS == [("fit", 6, 0)]


def stored_fits(cache_dir):
    return len(list(cache_dir.glob("digitkit/cache/_fit_clone/*/output.pkl")))


def five_detector_data():
    rng = np.random.default_rng(42)
    X = rng.normal(size=(600, 8))
    y = X[:, 0] + 0.5 * rng.normal(size=600) > 1
    return X, y


def test_cached_fit_shares_fold_models_between_tools(cache_dir):
    """The 5-detector's loop stores three fold models and the full model; the
    threshold search of the precision/recall example then trains nothing."""
    X, y = five_detector_data()
    detector = CachedFit(SGDClassifier(random_state=42)).fit(X, y)
    for train_index, _ in StratifiedKFold(n_splits=3).split(X, y):
        clone(detector).fit(X[train_index], y[train_index])
    assert stored_fits(cache_dir) == 4

    search = dict(response_method="decision_function", thresholds=np.linspace(-5, 5, 21), cv=3)
    cached_search = TunedThresholdClassifierCV(CachedFit(SGDClassifier(random_state=42)), **search)
    cached_search.fit(X, y)
    assert stored_fits(cache_dir) == 4  # every fit was loaded

    plain_search = TunedThresholdClassifierCV(SGDClassifier(random_state=42), **search).fit(X, y)
    assert cached_search.best_threshold_ == plain_search.best_threshold_
    assert cached_search.best_score_ == plain_search.best_score_
    np.testing.assert_array_equal(cached_search.predict(X), plain_search.predict(X))


def test_cached_fit_gives_the_plain_models_results(cache_dir):
    X, y = five_detector_data()
    for _ in range(2):  # trained and stored, then loaded
        scores = cross_val_predict(CachedFit(SGDClassifier(random_state=0)), X, y, cv=3,
                                   method="decision_function")
        expected = cross_val_predict(SGDClassifier(random_state=0), X, y, cv=3,
                                     method="decision_function")
        np.testing.assert_array_equal(scores, expected)


def test_cached_fit_behaves_like_the_model_it_wraps(cache_dir):
    X, y = five_detector_data()
    model = CachedFit(SGDClassifier(loss="hinge", random_state=0))
    assert is_classifier(model)
    assert not hasattr(model, "predict_proba")  # a hinge-loss SGD has none
    assert hasattr(CachedFit(SGDClassifier(loss="log_loss")), "predict_proba")
    with pytest.raises(NotFittedError):
        model.predict(X)
    model.set_params(estimator__alpha=1e-3).fit(X, y)
    assert model.get_params()["estimator__alpha"] == 1e-3
    assert model.estimator_.alpha == 1e-3
    np.testing.assert_array_equal(model.classes_, [False, True])
    assert model.n_features_in_ == 8
    assert model.score(X, y) == model.estimator_.score(X, y)
    check_is_fitted(model)
    with pytest.raises(NotFittedError):
        check_is_fitted(model.estimator)  # the wrapped model itself is never fitted


def test_cached_fit_with_cache_off_trains_every_time(monkeypatch):
    monkeypatch.setenv(CACHE_ENV_VAR, "off")
    CALLS.clear()
    X, y = np.zeros((4, 2)), np.array([0, 1, 1, 1])
    model = CachedFit(CountingClassifier())
    model.fit(X, y)
    model.fit(X, y)
    assert len(CALLS) == 2
    np.testing.assert_array_equal(model.predict(X), [1, 1, 1, 1])
