"""Virtual support vectors: retrain a support vector machine on shifted copies.

A support vector machine keeps only the training digits that lie near a
boundary between classes, its *support vectors*; the others could be
removed without changing the model. The virtual support vector method of
Schölkopf, Burges and Vapnik (1996), taken up by DeCoste and Schölkopf
(2002), trains once, takes those few digits, adds copies of them moved by a
pixel or two, and trains again on that set only. The second model learns
that a digit moved by a pixel is the same digit, at a fraction of the cost
of training on shifted copies of the whole training set.

:class:`VirtualSupportVectorClassifier` runs both trainings as one
scikit-learn estimator, so that the two-stage model can be cross-validated,
timed, pickled and put in a pipeline like any other. Each training is an
ordinary ``fit`` of a clone of the estimator it is given.
"""

from __future__ import annotations

import numpy as np

from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.pipeline import Pipeline
from sklearn.utils import metadata_routing
from sklearn.utils.validation import check_is_fitted, validate_data

from ._docstrings import with_sections
from .augment import FOUR_NEIGHBOURS, augment_with_shifts

__all__ = ["VirtualSupportVectorClassifier"]

#: The Parameters section of the methods that ask the second model.
_IMAGES_TO_ASK = """\
Parameters
----------
X : array-like of shape (n_samples, n_pixels)
    The images."""


def _support_indices(fitted, estimator) -> np.ndarray:
    """Indices of the support vectors of a fitted SVC, or of a pipeline ending in one."""
    final = fitted[-1] if isinstance(fitted, Pipeline) else fitted
    support = getattr(final, "support_", None)
    if support is None:
        raise TypeError(
            "estimator must be a support vector classifier such as sklearn.svm.SVC, or a "
            "pipeline that ends in one (whose fitted model has a support_ attribute); "
            f"got {estimator!r}"
        )
    return np.asarray(support)


def _fit_letting_go(model, training: list):
    """Fit ``model`` on ``training`` (``[X, y]``, emptied), keeping ``X`` no longer than needed.

    The same fit as ``model.fit(X, y)``. A pipeline is fitted step by step,
    as :meth:`~sklearn.pipeline.Pipeline.fit` does, so that ``X`` (the
    virtual digits, the largest array of the second fit) is let go once its
    first step has transformed it, before the support vector machine trains:
    ``Pipeline.fit`` would keep it to the end.
    """
    X, y = training
    training.clear()
    if not isinstance(model, Pipeline) or model.memory is not None:
        return model.fit(X, y)
    *transformers, (_, final) = model.steps
    for _, transformer in transformers:
        if transformer is not None and transformer != "passthrough":
            X = transformer.fit_transform(X, y)
    final.fit(X, y)
    return model


class VirtualSupportVectorClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Train a support vector classifier, then again on its shifted support vectors.

    ``fit`` trains a clone of ``estimator`` on the training digits, takes the
    digits it kept as support vectors, adds copies of them shifted by each
    of ``shifts`` (:func:`digitkit.augment.augment_with_shifts`), and trains
    a second clone of ``estimator`` on those alone: the *virtual support
    vector* method [1]_ [2]_. Predictions come from the second model.

    The rows of ``X`` must be images, flat or 2-D, since they are shifted.
    Any preprocessing that must come before the shift, such as deskewing,
    goes in front of this estimator in a pipeline; preprocessing that must
    come after it, such as PCA, goes inside ``estimator``.

    Parameters
    ----------
    estimator : estimator object
        A support vector classifier, such as :class:`sklearn.svm.SVC`, or a
        :class:`~sklearn.pipeline.Pipeline` that ends in one. It is cloned
        twice and never fitted itself.
    shifts : sequence of (dx, dy) pairs, default=((-1, 0), (1, 0), (0, 1), (0, -1))
        The shifted copies added of every support vector, in pixels: ``dx``
        to the right, ``dy`` down. The default moves each one pixel left,
        right, down and up.

    Attributes
    ----------
    estimator_ : estimator object
        The second model, trained on the support vectors of the first and
        their shifted copies; it makes the predictions.
    support_ : ndarray of shape (n_support,)
        Indices, in the training set, of the first model's support vectors.
    n_virtual_ : int
        The number of digits the second model was trained on: the support
        vectors and their shifted copies.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_features_in_ : int
        The number of features (pixels) of each training row.

    See Also
    --------
    digitkit.augment.augment_with_shifts : Add shifted copies of images to a training set.
    sklearn.svm.SVC : The support vector classifier usually given as ``estimator``.

    Notes
    -----
    The second training set holds ``(1 + len(shifts))`` copies of each
    support vector, and training a kernel support vector machine costs
    more than the square of the number of digits it sees, so each added
    shift makes the second fit markedly slower.

    References
    ----------
    .. [1] B. Schölkopf, C. Burges and V. Vapnik, "Incorporating invariances
       in support vector learning machines", ICANN 1996.
    .. [2] D. DeCoste and B. Schölkopf, "Training invariant support vector
       machines", Machine Learning, 46, 2002.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.svm import SVC
    >>> from digitkit.virtual import VirtualSupportVectorClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> model = VirtualSupportVectorClassifier(SVC(gamma=0.001)).fit(X[:1000], y[:1000])
    >>> model.n_virtual_ == 5 * len(model.support_)
    True
    >>> plain = SVC(gamma=0.001).fit(X[:1000], y[:1000])
    >>> print(f"{plain.score(X[1000:], y[1000:]):.3f} -> {model.score(X[1000:], y[1000:]):.3f}")
    0.970 -> 0.975
    """

    # ``score`` (from ClassifierMixin) takes sample_weight as usual, but asks
    # for no metadata routing: this keeps scikit-learn from generating a
    # ``set_score_request`` method, whose docstring links to scikit-learn's
    # own glossary and cannot be resolved by the offline documentation build.
    __metadata_request__score = {"sample_weight": metadata_routing.UNUSED}

    def __init__(self, estimator, shifts=FOUR_NEIGHBOURS):
        self.estimator = estimator
        self.shifts = shifts

    def fit(self, X, y):
        """Train on ``X``, then on the support vectors and their shifted copies.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_pixels)
            The training images, one flat image per row (``n_pixels`` must be
            a square, e.g. 784 or 64).
        y : array-like of shape (n_samples,)
            The labels.

        Returns
        -------
        self : VirtualSupportVectorClassifier
            The fitted classifier.
        """
        X, y = validate_data(self, X, y)
        first = clone(self.estimator).fit(X, y)
        support = _support_indices(first, self.estimator)
        del first
        virtual = list(augment_with_shifts(X[support], y[support], shifts=self.shifts))
        self.n_virtual_ = len(virtual[0])
        self.estimator_ = _fit_letting_go(clone(self.estimator), virtual)
        self.support_ = support
        self.classes_ = self.estimator_.classes_
        return self

    @with_sections(parameters=_IMAGES_TO_ASK)
    def predict(self, X):
        """Predict the class of each image with the second model.

        {parameters}

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            The predicted class of each image.
        """
        return self._ask_second_model("predict", X)

    @with_sections(parameters=_IMAGES_TO_ASK)
    def decision_function(self, X):
        """Decision scores of the second model.

        {parameters}

        Returns
        -------
        scores : ndarray
            What ``decision_function`` of the second model returns.
        """
        return self._ask_second_model("decision_function", X)

    def _ask_second_model(self, method, X):
        """Check ``X`` as in training, and return what ``method`` of the second model makes of it."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return getattr(self.estimator_, method)(X)
