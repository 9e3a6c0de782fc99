"""The virtual support vector classifier: the same as the steps by hand, and a good estimator."""

from __future__ import annotations

import pickle
import weakref

import numpy as np
import pytest

from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import SVC

from digitkit.augment import augment_with_shifts
from digitkit.deskew import deskew
from digitkit.virtual import VirtualSupportVectorClassifier


@pytest.fixture(scope="module")
def digits():
    """The 8x8 digits of scikit-learn: 600 to train, 400 to test."""
    X, y = load_digits(return_X_y=True)
    return X[:600], y[:600], X[600:1000], y[600:1000]


def svc():
    return SVC(C=3, gamma=0.001, random_state=0)


SHIFT_SETS = [
    ((-1, 0), (1, 0), (0, 1), (0, -1)),
    ((1, 1), (-1, -1)),
    ((2, 0),),
]


@pytest.mark.parametrize("shifts", SHIFT_SETS)
def test_it_equals_the_two_fits_by_hand(digits, shifts):
    X_train, y_train, X_test, _ = digits
    first = svc().fit(X_train, y_train)
    X_virtual, y_virtual = augment_with_shifts(
        X_train[first.support_], y_train[first.support_], shifts=shifts
    )
    second = svc().fit(X_virtual, y_virtual)

    model = VirtualSupportVectorClassifier(svc(), shifts=shifts).fit(X_train, y_train)
    np.testing.assert_array_equal(model.support_, first.support_)
    assert model.n_virtual_ == len(X_virtual) == (1 + len(shifts)) * len(first.support_)
    np.testing.assert_array_equal(model.estimator_.support_vectors_, second.support_vectors_)
    np.testing.assert_array_equal(model.estimator_.dual_coef_, second.dual_coef_)
    np.testing.assert_array_equal(model.predict(X_test), second.predict(X_test))
    np.testing.assert_array_equal(model.decision_function(X_test),
                                  second.decision_function(X_test))


def test_a_pipeline_ending_in_an_svc_gives_the_support_vectors_of_its_svc(digits):
    X_train, y_train, X_test, _ = digits
    inner = make_pipeline(PCA(n_components=20, random_state=0), svc())
    first = clone(inner).fit(X_train, y_train)
    X_virtual, y_virtual = augment_with_shifts(
        X_train[first[-1].support_], y_train[first[-1].support_]
    )
    second = clone(inner).fit(X_virtual, y_virtual)

    model = VirtualSupportVectorClassifier(inner).fit(X_train, y_train)
    np.testing.assert_array_equal(model.support_, first[-1].support_)
    np.testing.assert_array_equal(model.predict(X_test), second.predict(X_test))
    assert not hasattr(inner, "steps") or not hasattr(inner[-1], "support_"), "inner was fitted"


class _Watched(FunctionTransformer):
    """The identity, keeping a weak reference to each array it transforms."""

    seen: list = []

    def fit_transform(self, X, y=None):
        self.seen.append(weakref.ref(X))
        return X.copy()


class _CheckedSVC(SVC):
    """An SVC that notes, when it trains, whether the last array _Watched saw is still alive."""

    alive: list = []

    def fit(self, X, y, sample_weight=None):
        self.alive.append(_Watched.seen[-1]() is not None)
        return super().fit(X, y, sample_weight=sample_weight)


def test_the_virtual_digits_are_let_go_before_the_second_svm_trains(digits):
    # The virtual digits are the second fit's largest array (435 MB on MNIST's support
    # vectors with eight shifts): once the pipeline's first step has transformed them, the
    # support vector machine trains without them in memory.
    X_train, y_train, X_test, _ = digits
    _Watched.seen.clear()
    _CheckedSVC.alive.clear()
    inner = make_pipeline(_Watched(), PCA(n_components=20, random_state=0),
                          _CheckedSVC(C=3, gamma=0.001, random_state=0))
    model = VirtualSupportVectorClassifier(inner).fit(X_train, y_train)
    assert _CheckedSVC.alive == [True, False]  # the first fit's digits are the caller's
    plain = make_pipeline(PCA(n_components=20, random_state=0), svc())
    reference = VirtualSupportVectorClassifier(plain).fit(X_train, y_train)
    np.testing.assert_array_equal(model.predict(X_test), reference.predict(X_test))
    np.testing.assert_array_equal(model.decision_function(X_test), reference.decision_function(X_test))


def test_the_shifted_support_vectors_help_on_small_digits(digits):
    X_train, y_train, X_test, y_test = digits
    plain = svc().fit(X_train, y_train).score(X_test, y_test)
    virtual = VirtualSupportVectorClassifier(svc()).fit(X_train, y_train).score(X_test, y_test)
    assert virtual > plain


def test_it_follows_the_scikit_learn_conventions(digits):
    X_train, y_train, X_test, y_test = digits
    model = VirtualSupportVectorClassifier(svc(), shifts=((1, 0),))
    params = model.get_params()
    assert params["shifts"] == ((1, 0),)
    assert params["estimator__C"] == 3
    model.set_params(estimator__C=10)
    assert model.estimator.C == 10

    copy = clone(model)
    assert copy.get_params()["estimator__C"] == 10 and copy.estimator is not model.estimator

    model.fit(X_train, y_train)
    np.testing.assert_array_equal(model.classes_, np.arange(10))
    assert model.n_features_in_ == 64
    assert model.score(X_test, y_test) == np.mean(model.predict(X_test) == y_test)
    assert not hasattr(clone(model), "estimator_")
    assert not hasattr(model.estimator, "support_"), "the given estimator must stay unfitted"

    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(X_test), model.predict(X_test))


def test_it_works_in_a_pipeline_and_in_cross_validate(digits):
    X_train, y_train, _, _ = digits
    model = make_pipeline(FunctionTransformer(deskew), VirtualSupportVectorClassifier(svc()))
    result = cross_validate(model, X_train, y_train, cv=[(np.arange(400), np.arange(400, 600))],
                            return_estimator=True)
    by_hand = clone(model).fit(X_train[:400], y_train[:400]).score(X_train[400:], y_train[400:])
    assert result["test_score"][0] == by_hand
    assert isinstance(result["estimator"][0][-1].estimator_, SVC)


def test_predicting_before_fitting_is_an_error(digits):
    with pytest.raises(NotFittedError):
        VirtualSupportVectorClassifier(svc()).predict(digits[2])


def test_an_estimator_without_support_vectors_is_refused(digits):
    X_train, y_train, _, _ = digits
    with pytest.raises(TypeError, match="support vector classifier"):
        VirtualSupportVectorClassifier(LogisticRegression()).fit(X_train, y_train)


def test_images_of_another_size_are_refused_at_prediction(digits):
    X_train, y_train, X_test, _ = digits
    model = VirtualSupportVectorClassifier(svc()).fit(X_train, y_train)
    with pytest.raises(ValueError, match="features"):
        model.predict(X_test[:, :49])


def test_rows_that_are_not_square_images_are_refused():
    X = np.random.default_rng(0).random((20, 10))
    y = np.repeat([0, 1], 10)
    with pytest.raises(ValueError):
        VirtualSupportVectorClassifier(svc()).fit(X, y)


def test_no_metadata_request_methods_are_generated():
    """The API page documents every method; a generated ``set_*_request`` links outside the site."""
    assert not [name for name in vars(VirtualSupportVectorClassifier) if name.startswith("set_")]
