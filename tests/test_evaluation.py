"""digitkit.evaluation: fit, score, time and size of a model, cached."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from digitkit.cache import CACHE_ENV_VAR
from digitkit.evaluation import ModelReport, evaluate, _pickled_size


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:1200], y[:1200], X[1200:], y[1200:]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_report_matches_a_plain_fit(digits, cache_dir):
    X_train, y_train, X_test, y_test = digits
    report = evaluate(KNeighborsClassifier(n_neighbors=3), X_train, y_train, X_test, y_test)
    plain = KNeighborsClassifier(n_neighbors=3).fit(X_train, y_train)
    expected = plain.predict(X_test)
    assert isinstance(report, ModelReport)
    np.testing.assert_array_equal(report.y_pred, expected)
    assert report.accuracy == pytest.approx(np.mean(expected == y_test))
    assert report.n_errors == np.count_nonzero(expected != y_test)
    assert report.fit_seconds > 0 and report.predict_seconds > 0
    assert report.model_bytes == len(pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL))


def test_estimator_passed_in_is_left_unfitted(digits, cache_dir):
    model = LogisticRegression(max_iter=2000)
    report = evaluate(make_pipeline(StandardScaler(), model), *digits)
    with pytest.raises(NotFittedError):
        model.predict(digits[2])
    assert report.estimator.predict(digits[2][:5]).shape == (5,)


def test_second_evaluation_is_loaded_with_the_measured_times(digits, cache_dir):
    first = evaluate(KNeighborsClassifier(), *digits)
    second = evaluate(KNeighborsClassifier(), *digits)
    assert (second.fit_seconds, second.predict_seconds) == (first.fit_seconds, first.predict_seconds)
    assert len(list(cache_dir.rglob("output.pkl"))) == 1


def test_other_settings_are_fitted_again(digits, cache_dir):
    evaluate(KNeighborsClassifier(n_neighbors=1), *digits)
    evaluate(KNeighborsClassifier(n_neighbors=7), *digits)
    assert len(list(cache_dir.rglob("output.pkl"))) == 2


def test_works_with_the_cache_off(digits, monkeypatch):
    monkeypatch.setenv(CACHE_ENV_VAR, "off")
    report = evaluate(KNeighborsClassifier(), *digits)
    assert 0.9 < report.accuracy <= 1


def test_bad_input_raises_the_estimators_error(digits, cache_dir):
    X_train, y_train, X_test, y_test = digits
    with pytest.raises(ValueError):
        evaluate(KNeighborsClassifier(), X_train, y_train[:-1], X_test, y_test)
    assert not list(cache_dir.rglob("output.pkl"))


@pytest.mark.parametrize("obj", [np.arange(100_000.0), {"a": [1, 2, 3]}, "text"])
def test_pickled_size_counts_every_byte(obj):
    assert _pickled_size(obj) == len(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
