"""Plots of digit images, and of a binary classifier's threshold curves.

- :func:`plot_digit` and :func:`plot_digits` draw digits on the matplotlib
  ``Axes`` passed as ``ax`` or, when ``ax`` is None, on the current Axes
  (``plt.gca()``, which pyplot creates if there is none), and return it;
  :func:`tile_images` makes the grid image that :func:`plot_digits` shows.
- :class:`PrecisionRecallThresholdDisplay` draws precision and recall against
  the decision threshold. Like scikit-learn's displays (such as
  :class:`~sklearn.metrics.PrecisionRecallDisplay`) it is made with
  ``from_predictions`` or ``from_estimator``, draws on a new figure when
  ``ax`` is None, and keeps what it drew as attributes.

Nothing here calls ``plt.show()``.
"""

from __future__ import annotations

import math
import numbers

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.cbook import normalize_kwargs
from matplotlib.lines import Line2D

from sklearn.base import is_classifier
from sklearn.metrics import precision_recall_curve
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted

from ._docstrings import with_sections
from ._validation import check_images

__all__ = [
    "PrecisionRecallThresholdDisplay",
    "plot_digit",
    "plot_digits",
    "tile_images",
]


#: Sections of the docstrings of plot_digit and plot_digits.
_AX_AND_CMAP_PARAMETERS = """\
ax : matplotlib Axes, default=None
    Where to draw. If None, the current Axes (``plt.gca()``), which
    pyplot creates, with a figure, if there is none.
cmap : str or Colormap, default="binary"
    Colormap; "binary" draws ink in black on white."""
_TITLE_AND_RETURNS = """\
title : str, default=None
    Title above the digits.

Returns
-------
ax : matplotlib Axes
    The Axes the digits are drawn on."""


def _show_image(image, ax, cmap, title):
    """Show a 2-D ``image`` on ``ax`` (if None, the current Axes), axes hidden; return the Axes."""
    ax = plt.gca() if ax is None else ax
    ax.imshow(image, cmap=cmap, interpolation="nearest")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax


@with_sections(ax_and_cmap=_AX_AND_CMAP_PARAMETERS, title_and_returns=_TITLE_AND_RETURNS)
def plot_digit(image, *, ax=None, cmap="binary", title=None):
    """Show one digit image.

    Parameters
    ----------
    image : array-like of shape (n_pixels,) or (height, width)
        The digit, either flat (a row of ``X``; ``n_pixels`` must be a square
        such as 784 or 64) or as a 2-D image.
    {ax_and_cmap}
    {title_and_returns}

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.plotting import plot_digit
    >>> ax = plot_digit(np.eye(28).ravel() * 255, title="a diagonal stroke")
    """
    return _show_image(check_images(image, name="image", single=True)[0], ax, cmap, title)


def tile_images(images, *, n_cols=10, padding=0, fill=0.0):
    """Arrange images into one big image, row by row.

    Parameters
    ----------
    images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The digits to tile.
    n_cols : int, default=10
        Images per row; the last row is padded with ``fill``.
    padding : int, default=0
        Pixels of ``fill`` between neighbouring images.
    fill : float, default=0.0
        Value of padding and empty cells (0 is background in MNIST).

    Returns
    -------
    mosaic : ndarray of shape (n_rows * (height + padding) - padding, \
n_cols * (width + padding) - padding)
        The grid, ``n_rows = ceil(n_images / n_cols)`` images high (and
        ``n_cols`` no more than ``n_images``).

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.plotting import tile_images
    >>> tile_images(np.ones((3, 2, 2)), n_cols=2).shape
    (4, 4)
    """
    images = check_images(images, name="images")
    if not isinstance(n_cols, (int, np.integer)) or n_cols < 1:
        raise ValueError(f"n_cols must be a positive integer, got {n_cols!r}")
    if not isinstance(padding, (int, np.integer)) or padding < 0:
        raise ValueError(f"padding must be a non-negative integer, got {padding!r}")
    n_images, height, width = images.shape
    n_cols = min(n_cols, n_images)
    n_rows = math.ceil(n_images / n_cols)
    cells = np.full((n_rows * n_cols, height + padding, width + padding), fill, dtype=float)
    cells[:n_images, :height, :width] = images
    mosaic = (
        cells.reshape(n_rows, n_cols, height + padding, width + padding)
        .transpose(0, 2, 1, 3)
        .reshape(n_rows * (height + padding), n_cols * (width + padding))
    )
    return mosaic[: mosaic.shape[0] - padding, : mosaic.shape[1] - padding]


@with_sections(ax_and_cmap=_AX_AND_CMAP_PARAMETERS, title_and_returns=_TITLE_AND_RETURNS)
def plot_digits(images, *, n_cols=10, ax=None, cmap="binary", padding=0, title=None):
    """Show many digits as one grid image.

    Tiling the digits into a single image (rather than one Axes per digit)
    keeps large grids fast to draw and free of gaps.

    Parameters
    ----------
    images : array-like of shape (n_images, n_pixels) or (n_images, height, width)
        The digits, in reading order.
    n_cols : int, default=10
        Digits per row.
    {ax_and_cmap}
    padding : int, default=0
        Blank pixels between digits.
    {title_and_returns}

    Examples
    --------
    >>> import numpy as np
    >>> from digitkit.plotting import plot_digits
    >>> rng = np.random.default_rng(0)
    >>> ax = plot_digits(rng.integers(0, 256, size=(20, 784)), n_cols=5)
    """
    return _show_image(tile_images(images, n_cols=n_cols, padding=padding), ax, cmap, title)


# -- precision and recall against the threshold -------------------------------------


#: Sections of the docstrings of PrecisionRecallThresholdDisplay.from_predictions and from_estimator.
_DRAWING_PARAMETERS = """\
title : str, default=None
    Title above the plot.
ax : matplotlib Axes, default=None
    Where to draw. If None, a new figure and Axes are created.
**kwargs : dict
    Keyword arguments passed to matplotlib's ``plot`` for both curves
    (see :meth:`plot`)."""
_RETURNS_DISPLAY = """\
Returns
-------
display : PrecisionRecallThresholdDisplay"""


def _check_curve(values, name):
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 1-D array of numbers") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _check_threshold(threshold, largest):
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(threshold, numbers.Real):
        raise TypeError(f"threshold must be a number, got {type(threshold).__name__}")
    if not np.isfinite(threshold) or threshold > largest:
        raise ValueError(
            f"threshold must be a finite number no larger than the largest "
            f"threshold ({largest:g}), got {threshold!r}"
        )
    return float(threshold)


def _format_threshold(threshold):
    """``3,370`` for a raw decision score, ``0.75`` for a probability."""
    return f"{threshold:,.0f}" if abs(threshold) >= 100 else f"{threshold:.3g}"


def _response_values(estimator, X, response_method, pos_label):
    """Scores of the positive class for ``X``, and that class, from a fitted binary classifier."""
    if not is_classifier(estimator):
        raise TypeError(
            "estimator must be a fitted binary classifier (or a pipeline ending in "
            f"one), got {type(estimator).__name__}"
        )
    allowed = ("auto", "decision_function", "predict_proba")
    if response_method not in allowed:
        raise ValueError(f"response_method must be one of {allowed}, got {response_method!r}")
    check_is_fitted(estimator)
    classes = np.asarray(estimator.classes_).tolist()
    if len(classes) != 2:
        raise ValueError(
            f"estimator must be a binary classifier; it has {len(classes)} classes: {classes}"
        )
    if pos_label is None:
        pos_label = classes[1]
    elif pos_label not in classes:
        raise ValueError(f"pos_label={pos_label!r} is not one of the estimator's classes {classes}")
    if response_method == "auto":
        candidates = ("decision_function", "predict_proba")
    else:
        candidates = (response_method,)
    method = next((name for name in candidates if hasattr(estimator, name)), None)
    if method is None:
        raise ValueError(
            f"response_method={response_method!r} needs a {' or a '.join(candidates)} "
            f"method, and {type(estimator).__name__} has none"
        )
    scores = np.asarray(getattr(estimator, method)(X))
    if method == "predict_proba":
        # The column of the positive class.
        return scores[:, classes.index(pos_label)], pos_label
    if scores.ndim != 1:
        raise ValueError(
            f"decision_function of {type(estimator).__name__} returned shape "
            f"{scores.shape}; a binary classifier returns one score per sample"
        )
    if pos_label == classes[0]:
        # A binary decision_function scores classes_[1]: flip it for classes_[0].
        scores = -scores
    return scores, pos_label


class PrecisionRecallThresholdDisplay:
    """Precision and recall of a binary classifier against its decision threshold.

    A binary classifier scores each sample and predicts the positive class
    when the score reaches a threshold. Raising the threshold trades recall
    for precision. This display draws both curves over the same threshold
    axis, so you can read off what a given threshold costs and gains, and it
    can mark a chosen threshold. Where
    :class:`~sklearn.metrics.PrecisionRecallDisplay` draws precision against
    recall and leaves the thresholds out, this display shows them.

    Create it with :meth:`from_predictions` (true labels and scores) or
    :meth:`from_estimator` (a fitted classifier and data). To create it
    yourself, pass the three arrays returned by
    :func:`~sklearn.metrics.precision_recall_curve`, then call :meth:`plot`.
    All parameters are stored as attributes.

    Parameters
    ----------
    precision : array-like of shape (n_thresholds + 1,) or (n_thresholds,)
        Precision when predicting positive for the scores at or above each
        threshold, as returned by
        :func:`~sklearn.metrics.precision_recall_curve`. A trailing extra
        value (the 1.0 that ``precision_recall_curve`` appends, which has no
        threshold) is not drawn.
    recall : array-like of shape (n_thresholds + 1,) or (n_thresholds,)
        Recall at each threshold, likewise; a trailing extra value (the 0.0
        that ``precision_recall_curve`` appends) is not drawn.
    thresholds : array-like of shape (n_thresholds,)
        Increasing decision thresholds.
    estimator_name : str, default=None
        Name of the classifier, shown as the title of the legend. If None,
        the legend has no title.
    pos_label : int, float, bool or str, default=None
        The class considered positive, named in the y label. If None, the y
        label names no class.

    Attributes
    ----------
    line_precision_ : matplotlib Line2D
        The precision curve.
    line_recall_ : matplotlib Line2D
        The recall curve.
    marker_ : tuple of (Line2D, Line2D) or None
        If a threshold was marked, the vertical line at it and the two dots
        at the precision and recall there; None otherwise.
    ax_ : matplotlib Axes
        The Axes drawn on.
    figure_ : matplotlib Figure
        The figure holding ``ax_``.

    See Also
    --------
    sklearn.metrics.precision_recall_curve : Compute the three arrays.
    sklearn.metrics.PrecisionRecallDisplay : Draw precision against recall.
    sklearn.model_selection.FixedThresholdClassifier : Predict with a chosen
        threshold.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.metrics import precision_recall_curve
    >>> from digitkit.plotting import PrecisionRecallThresholdDisplay
    >>> y_true = np.array([0, 0, 1, 0, 1, 1])
    >>> y_score = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    >>> precision, recall, thresholds = precision_recall_curve(y_true, y_score)
    >>> display = PrecisionRecallThresholdDisplay(
    ...     precision=precision, recall=recall, thresholds=thresholds
    ... )
    >>> display = display.plot(threshold=0.75)
    >>> display.line_recall_.get_ydata().round(2).tolist()
    [1.0, 1.0, 1.0, 0.67, 0.67, 0.33]
    """

    def __init__(self, *, precision, recall, thresholds, estimator_name=None, pos_label=None):
        self.precision = precision
        self.recall = recall
        self.thresholds = thresholds
        self.estimator_name = estimator_name
        self.pos_label = pos_label

    def plot(self, ax=None, *, threshold=None, name=None, title=None, **kwargs):
        """Draw the precision and recall curves.

        Precision is drawn dashed in blue and recall solid in green, against
        the decision threshold, with a grid and a legend.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw. If None, a new figure and Axes are created.
        threshold : float, default=None
            If given, mark this threshold with a vertical dotted line, and put
            dots at the precision and recall of the lowest of ``thresholds``
            at or above it (the point of the curves that threshold selects).
            It must not exceed the largest of ``thresholds``.
        name : str, default=None
            Title of the legend, such as the classifier's name. If None,
            ``estimator_name``; if that is None too, the legend has no title.
        title : str, default=None
            Title above the plot.
        **kwargs : dict
            Keyword arguments passed to matplotlib's ``plot`` for both
            curves, such as ``linewidth`` or ``alpha``; they override the
            defaults (a ``color`` colours both curves). The curves are
            labelled "precision" and "recall", so ``label`` is refused.

        Returns
        -------
        display : PrecisionRecallThresholdDisplay
            This display, with ``ax_``, ``figure_``, ``line_precision_``,
            ``line_recall_`` and ``marker_`` set.

        Raises
        ------
        TypeError
            If an array does not hold numbers, ``threshold`` is not a number,
            or ``kwargs`` holds ``label``.
        ValueError
            If the arrays are not 1-D, have lengths that do not match, hold
            NaN or infinite values, if precision or recall falls outside
            [0, 1], the thresholds are not increasing, or ``threshold`` is
            larger than the largest threshold.
        """
        thresholds = _check_curve(self.thresholds, "thresholds")
        precision = _check_curve(self.precision, "precision")
        recall = _check_curve(self.recall, "recall")
        n_thresholds = thresholds.size
        for curve, values in (("precision", precision), ("recall", recall)):
            if values.size not in (n_thresholds, n_thresholds + 1):
                raise ValueError(
                    f"{curve} must have as many values as thresholds ({n_thresholds}), "
                    f"or one more; got {values.size}"
                )
            if values.min() < 0 or values.max() > 1:
                raise ValueError(f"{curve} must lie between 0 and 1")
        if np.any(np.diff(thresholds) < 0):
            raise ValueError("thresholds must be in increasing order")
        if threshold is not None:
            threshold = _check_threshold(threshold, thresholds[-1])
        line_kwargs = normalize_kwargs(kwargs, Line2D)
        if "label" in line_kwargs:
            raise TypeError(
                "plot() got label=, but the curves are labelled 'precision' and 'recall'; "
                "use name= to give the legend a title"
            )
        precision, recall = precision[:n_thresholds], recall[:n_thresholds]
        name = self.estimator_name if name is None else name

        if ax is None:
            _, ax = plt.subplots()
        precision_style = {"color": "tab:blue", "linestyle": "--", "label": "precision"}
        recall_style = {"color": "tab:green", "label": "recall"}
        (self.line_precision_,) = ax.plot(thresholds, precision,
                                          **{**precision_style, **line_kwargs})
        (self.line_recall_,) = ax.plot(thresholds, recall, **{**recall_style, **line_kwargs})
        self.marker_ = None
        if threshold is not None:
            index = np.searchsorted(thresholds, threshold)
            line = ax.axvline(threshold, color="black", linestyle=":", linewidth=1,
                              label=f"threshold = {_format_threshold(threshold)}")
            (dots,) = ax.plot([thresholds[index]] * 2, [precision[index], recall[index]],
                              "o", color="black")
            self.marker_ = (line, dots)
        ylabel = "precision / recall"
        if self.pos_label is not None:
            ylabel += f" (positive label: {self.pos_label})"
        ax.set(xlabel="decision threshold", ylabel=ylabel, ylim=(0, 1.02))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="center left", title=name)
        if title is not None:
            ax.set_title(title)
        self.ax_, self.figure_ = ax, ax.figure
        return self

    @classmethod
    @with_sections(drawing=_DRAWING_PARAMETERS, returns=_RETURNS_DISPLAY)
    def from_predictions(cls, y_true, y_score, *, pos_label=None, sample_weight=None,
                         drop_intermediate=False, threshold=None, name=None, title=None, ax=None,
                         **kwargs):
        """Draw precision and recall against the threshold, from labels and scores.

        The curves are computed by
        :func:`~sklearn.metrics.precision_recall_curve` and drawn by
        :meth:`plot`.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            True binary labels.
        y_score : array-like of shape (n_samples,)
            Scores of the positive class: the output of ``decision_function``,
            or the probability of that class from ``predict_proba``, such as
            the cross-validated scores of
            :func:`~sklearn.model_selection.cross_val_predict`.
        pos_label : int, float, bool or str, default=None
            The positive class. If None, ``y_true`` must take its values in
            {0, 1} or {-1, 1} (or be boolean), and the positive class is 1
            (True). When given, the y label names it.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        drop_intermediate : bool, default=False
            Whether to drop thresholds at which neither curve turns, for
            lighter curves (see
            :func:`~sklearn.metrics.precision_recall_curve`).
        threshold : float, default=None
            If given, mark this threshold (see :meth:`plot`).
        name : str, default=None
            Title of the legend, such as the classifier's name. If None, the
            legend has no title.
        {drawing}

        {returns}

        Raises
        ------
        TypeError
            If ``y_score`` does not hold numbers, or as in :meth:`plot`.
        ValueError
            If ``y_true`` is not binary, ``y_score`` is not 1-D or holds NaN
            or infinite values, the lengths of ``y_true``, ``y_score`` and
            ``sample_weight`` differ, ``pos_label`` is not a label of
            ``y_true`` (or is needed and not given), or as in :meth:`plot`.

        See Also
        --------
        PrecisionRecallThresholdDisplay.from_estimator : Score the data with
            a fitted classifier first.

        Examples
        --------
        >>> import numpy as np
        >>> from digitkit.plotting import PrecisionRecallThresholdDisplay
        >>> y_true = np.array([0, 0, 1, 0, 1, 1])
        >>> y_score = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
        >>> display = PrecisionRecallThresholdDisplay.from_predictions(
        ...     y_true, y_score, threshold=0.75, title="A tiny detector"
        ... )
        >>> display.thresholds.tolist()
        [-2.0, -1.0, -0.5, 0.5, 1.0, 2.0]
        >>> display.marker_[1].get_ydata().round(2).tolist()  # at the threshold 1.0
        [1.0, 0.67]
        """
        return cls._from_scores(
            y_true, y_score, "y_true", curve_pos_label=pos_label, pos_label=pos_label,
            sample_weight=sample_weight, drop_intermediate=drop_intermediate,
            threshold=threshold, name=name, title=title, ax=ax, **kwargs,
        )

    @classmethod
    @with_sections(drawing=_DRAWING_PARAMETERS, returns=_RETURNS_DISPLAY)
    def from_estimator(cls, estimator, X, y, *, response_method="auto", pos_label=None,
                       sample_weight=None, drop_intermediate=False, threshold=None, name=None,
                       title=None, ax=None, **kwargs):
        """Draw precision and recall against the threshold of a fitted classifier.

        The estimator scores ``X``; the curves are then computed and drawn as
        by :meth:`from_predictions`. Scores of the data a model was trained
        on flatter it: for honest curves, compute cross-validated scores with
        :func:`~sklearn.model_selection.cross_val_predict` and pass them to
        :meth:`from_predictions`, or pass held-out data here.

        Parameters
        ----------
        estimator : estimator instance
            A fitted binary classifier, or a fitted
            :class:`~sklearn.pipeline.Pipeline` ending in one.
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The samples to score.
        y : array-like of shape (n_samples,)
            Their true labels.
        response_method : {"auto", "decision_function", "predict_proba"}, \
default="auto"
            Which scores to threshold. "auto" uses ``decision_function`` if
            the estimator has one, else ``predict_proba``: the reverse of
            the order of
            :meth:`sklearn.metrics.PrecisionRecallDisplay.from_estimator`,
            because decision scores are what
            :class:`~sklearn.model_selection.FixedThresholdClassifier`
            thresholds by default.
        pos_label : int, float, bool or str, default=None
            The positive class, one of ``estimator.classes_``. If None,
            ``estimator.classes_[1]``. When given, the y label names it.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.
        drop_intermediate : bool, default=False
            Whether to drop thresholds at which neither curve turns (see
            :func:`~sklearn.metrics.precision_recall_curve`).
        threshold : float, default=None
            If given, mark this threshold (see :meth:`plot`).
        name : str, default=None
            Title of the legend. If None, the estimator's class name.
        {drawing}

        {returns}

        Raises
        ------
        TypeError
            If ``estimator`` is not a classifier, or as in
            :meth:`from_predictions`.
        sklearn.exceptions.NotFittedError
            If ``estimator`` is not fitted.
        ValueError
            If ``estimator`` is not binary or lacks the method
            ``response_method`` asks for, if ``response_method`` is not one of
            the three above, if ``pos_label`` is not one of its classes, or
            as in :meth:`from_predictions`.

        See Also
        --------
        PrecisionRecallThresholdDisplay.from_predictions : Draw the curves
            from scores you already have.

        Examples
        --------
        >>> from sklearn.datasets import load_digits
        >>> from sklearn.linear_model import LogisticRegression
        >>> from digitkit.plotting import PrecisionRecallThresholdDisplay
        >>> X, y = load_digits(return_X_y=True)
        >>> is_five = y == 5
        >>> model = LogisticRegression(max_iter=1000).fit(X[:1000], is_five[:1000])
        >>> display = PrecisionRecallThresholdDisplay.from_estimator(
        ...     model, X[1000:], is_five[1000:], threshold=0.0
        ... )
        >>> display.ax_.get_legend().get_title().get_text()
        'LogisticRegression'
        """
        y_score, curve_pos_label = _response_values(estimator, X, response_method, pos_label)
        return cls._from_scores(
            y, y_score, "y", curve_pos_label=curve_pos_label, pos_label=pos_label,
            sample_weight=sample_weight, drop_intermediate=drop_intermediate,
            threshold=threshold, name=type(estimator).__name__ if name is None else name,
            title=title, ax=ax, **kwargs,
        )

    @classmethod
    def _from_scores(cls, y_true, y_score, y_name, *, curve_pos_label, pos_label,
                     sample_weight, drop_intermediate, threshold, name, title, ax, **kwargs):
        """Compute the curves for ``curve_pos_label``; name ``pos_label`` in the y label."""
        y_score = _check_curve(y_score, "y_score")
        labels = np.unique(np.asarray(y_true))
        target_type = type_of_target(y_true, input_name=y_name)
        if target_type != "binary":
            raise ValueError(
                f"{y_name} must hold the labels of two classes (a binary target), "
                f"got a {target_type} target"
            )
        if len(y_true) != len(y_score):
            raise ValueError(
                f"{y_name} and y_score must have the same length, got {len(y_true)} "
                f"and {len(y_score)}"
            )
        if sample_weight is not None and len(sample_weight) != len(y_true):
            raise ValueError(
                f"sample_weight must have one value per sample ({len(y_true)}), "
                f"got {len(sample_weight)}"
            )
        if curve_pos_label is not None and curve_pos_label not in labels.tolist():
            raise ValueError(
                f"pos_label={curve_pos_label!r} is not one of the labels of {y_name}: "
                f"{labels.tolist()}"
            )
        precision, recall, thresholds = precision_recall_curve(
            y_true, y_score, pos_label=curve_pos_label, sample_weight=sample_weight,
            drop_intermediate=drop_intermediate,
        )
        display = cls(precision=precision, recall=recall, thresholds=thresholds,
                      estimator_name=name, pos_label=pos_label)
        return display.plot(ax=ax, threshold=threshold, title=title, **kwargs)
