"""Take a trained digit classifier to the browser, and check it there with numpy.

The :doc:`Draw a digit </draw>` page of this site classifies what the reader
draws in the browser itself, with no server. This module holds the model's
side of that:

- :func:`export_model` writes a fitted
  :class:`~sklearn.neural_network.MLPClassifier` to a small file that a web
  page loads with a ``<script>`` tag (or to plain JSON);
- :func:`load_model` reads such a file back as a :class:`BrowserModel`, whose
  numpy forward pass computes exactly what the page's JavaScript computes, so
  the accuracy measured in Python is the accuracy the page gets.

What the page does to the drawing before the model sees it (a 28 x 28 image
made like an MNIST digit) is in :mod:`digitkit.drawing`.

**The file format.** The file holds one JSON object; a ``.js`` file
assigns it to the global variable ``DIGITKIT_MODEL``. Besides ``format``
(``"digitkit-mlp"``), ``version`` (1), the ``classes`` and free-form
``metadata``, its ``layers`` list the dense layers in order. Each has
``n_inputs``, ``n_outputs``, an ``activation`` (``relu``, ``tanh``,
``logistic`` or ``identity``; ``softmax`` for the last layer), ``biases``
and ``data``: the weight matrix of shape ``(n_outputs, n_inputs)``, row by
row, as base64 bytes. With ``"dtype": "int8"`` the bytes are whole numbers
from -127 to 127 and row ``j`` is multiplied by ``scales[j]``; with
``"float32"`` they are little-endian float32 values. A layer computes
``activation(weights @ inputs + biases)``; the inputs of the first layer
are the image's pixels, row by row, from 0 (background) to 1 (ink).
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import _pagefile
from ._validation import _as_numeric_array

__all__ = [
    "BrowserModel",
    "Layer",
    "export_model",
    "load_model",
]

#: Name of the file format, stored in every file.
FORMAT = "digitkit-mlp"
#: Version of the file format; :func:`load_model` refuses other versions.
FORMAT_VERSION = 1
#: The global variable a ``.js`` model file assigns.
JS_GLOBAL = "DIGITKIT_MODEL"

_HIDDEN_ACTIVATIONS = ("identity", "logistic", "tanh", "relu")
_DTYPES = ("int8", "float32")


@dataclass(frozen=True)
class Layer:
    """One dense layer of an exported model, as stored in the file.

    Attributes
    ----------
    weights : numpy.ndarray of shape (n_outputs, n_inputs)
        The stored weights: int8 whole numbers (to multiply by ``scales``) or
        float32 values.
    scales : numpy.ndarray of shape (n_outputs,) or None
        For int8 weights, the factor of each row; None for float32 weights.
    biases : numpy.ndarray of shape (n_outputs,)
        The bias of each output, float64.
    activation : str
        ``"relu"``, ``"tanh"``, ``"logistic"``, ``"identity"`` or ``"softmax"``.
    """

    weights: np.ndarray
    scales: np.ndarray | None
    biases: np.ndarray
    activation: str

    @property
    def n_inputs(self) -> int:
        """Number of inputs of the layer."""
        return self.weights.shape[1]

    @property
    def n_outputs(self) -> int:
        """Number of outputs of the layer."""
        return self.weights.shape[0]

    def forward(self, inputs: np.ndarray) -> np.ndarray:
        """Apply the layer to a batch, in float64, as the page's JavaScript does.

        Parameters
        ----------
        inputs : numpy.ndarray of shape (n_samples, n_inputs)
            The outputs of the previous layer, or the pixels.

        Returns
        -------
        outputs : numpy.ndarray of shape (n_samples, n_outputs)
        """
        z = inputs @ self.weights.T.astype(np.float64)
        if self.scales is not None:
            z *= self.scales
        z += self.biases
        if self.activation == "relu":
            return np.maximum(z, 0.0)
        if self.activation == "tanh":
            return np.tanh(z)
        if self.activation == "logistic":
            return 1.0 / (1.0 + np.exp(-z))
        if self.activation == "softmax":
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
        return z


@dataclass(frozen=True)
class BrowserModel:
    """A model loaded from an exported file, predicting with numpy.

    The forward pass mirrors the JavaScript of the :doc:`Draw a digit </draw>`
    page operation by operation (int8 weights times their scale, float64
    sums, a stable softmax), so its predictions are those the page makes.
    Create it with :func:`load_model`.

    Attributes
    ----------
    layers : tuple of Layer
        The dense layers, first to last.
    classes_ : numpy.ndarray of shape (n_classes,)
        The class labels, in the order of the probabilities.
    metadata : dict
        Free-form information stored with the model (training set, accuracy).
    """

    layers: tuple
    classes_: np.ndarray
    metadata: dict = field(default_factory=dict)

    @property
    def n_features_in_(self) -> int:
        """Number of inputs the model expects: 784 for 28 x 28 images."""
        return self.layers[0].n_inputs

    def predict_proba(self, X) -> np.ndarray:
        """Probability of each class for each image.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, height, width)
            The images, with pixels from 0 (background) to 1 (ink): the MNIST
            pixels divided by 255, or the output of
            :func:`digitkit.drawing.strokes_to_image`.

        Returns
        -------
        proba : numpy.ndarray of shape (n_samples, n_classes)
            Each row sums to 1; columns follow ``classes_``.

        Raises
        ------
        TypeError
            If ``X`` does not hold numbers.
        ValueError
            If ``X`` has the wrong shape or holds NaN or infinite values.
        """
        activations = self._check_input(X)
        for layer in self.layers:
            activations = layer.forward(activations)
        return activations

    def predict(self, X) -> np.ndarray:
        """Most probable class of each image.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, height, width)
            The images, with pixels from 0 (background) to 1 (ink).

        Returns
        -------
        y_pred : numpy.ndarray of shape (n_samples,)
            An element of ``classes_`` for each image.
        """
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def _check_input(self, X) -> np.ndarray:
        array = _as_numeric_array(X, "X")
        if array.ndim == 3:
            array = array.reshape(len(array), -1)
        n_features = self.n_features_in_
        if array.ndim != 2 or array.shape[1] != n_features:
            raise ValueError(
                f"X must have shape (n_samples, {n_features}) or (n_samples, height, width) "
                f"with {n_features} pixels per image; got shape {np.shape(X)}"
            )
        array = array.astype(np.float64)
        if not np.isfinite(array).all():
            raise ValueError("X contains NaN or infinite values")
        return array


# -- export ------------------------------------------------------------------------


def _check_mlp(model):
    from sklearn.neural_network import MLPClassifier
    from sklearn.utils.validation import check_is_fitted

    if not isinstance(model, MLPClassifier):
        raise TypeError(
            "export_model exports a fitted sklearn.neural_network.MLPClassifier, "
            f"got {type(model).__name__}. Pipelines and other estimators are not supported."
        )
    check_is_fitted(model)
    if model.out_activation_ != "softmax":
        raise ValueError(
            "export_model supports multiclass classifiers (three or more classes, one "
            f"label per sample); this MLPClassifier has {len(model.classes_)} classes"
            + (" and several labels per sample" if getattr(model, "_label_binarizer", None)
               is not None and model._label_binarizer.y_type_.startswith("multilabel") else "")
        )
    if model.activation not in _HIDDEN_ACTIVATIONS:
        raise ValueError(f"unsupported hidden activation {model.activation!r}")
    classes = []
    for label in model.classes_:
        if isinstance(label, (str, np.str_)):
            classes.append(str(label))
        elif isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
            classes.append(int(label))
        else:
            raise ValueError(
                f"class labels must be whole numbers or strings to be stored, got {label!r}"
            )
    for coef, intercept in zip(model.coefs_, model.intercepts_, strict=True):
        if not (np.isfinite(coef).all() and np.isfinite(intercept).all()):
            raise ValueError("the model's weights hold NaN or infinite values; training diverged")
    return classes


def _short_float(value) -> float:
    """The float32 value, as a short decimal that both JSON readers parse alike."""
    return float(str(np.float32(value)))


def _encode_weights(matrix: np.ndarray, dtype: str) -> dict:
    """Encode a (n_outputs, n_inputs) matrix; int8 keeps one factor per row."""
    if dtype == "float32":
        return {"dtype": "float32", "data": _pagefile.encode_array(matrix, "<f4")}
    largest = np.abs(matrix).max(axis=1)
    scales = np.array([_short_float(s) for s in largest / 127.0])
    safe = np.where(scales > 0, scales, 1.0)
    quantized = np.clip(np.rint(matrix / safe[:, np.newaxis]), -127, 127).astype(np.int8)
    return {
        "dtype": "int8",
        "scales": scales.tolist(),
        "data": _pagefile.encode_array(quantized, "i1"),
    }


def export_model(model, path, *, dtype="int8", metadata=None):
    """Write a fitted MLPClassifier to a file a web page can load.

    The weights are stored row by row as base64 bytes inside one JSON object
    (see the module description for the format). A ``.js`` file assigns that
    object to ``window.DIGITKIT_MODEL``, so a page loads it with a plain
    ``<script>`` tag, which works even when the page is opened from disk
    (``file://``), where browsers refuse to fetch a ``.json`` file. Any other
    suffix writes plain JSON.

    Parameters
    ----------
    model : sklearn.neural_network.MLPClassifier
        A fitted multiclass classifier, trained on pixels from 0 to 1.
    path : str or path-like
        The file to write; ``.js`` for a script, anything else for JSON.
        Its folder must exist.
    dtype : {"int8", "float32"}, default="int8"
        How to store the weights. ``"int8"`` keeps each weight in one byte
        (127 steps either side of zero, with one factor per unit): a quarter
        of the size of ``"float32"``, usually at no cost in accuracy. The
        biases are always stored as float32 values.
    metadata : dict, default=None
        Extra information to store, such as how the model was trained; it
        must be serialisable as JSON.

    Returns
    -------
    n_bytes : int
        Size of the written file.

    Raises
    ------
    TypeError
        If ``model`` is not an MLPClassifier or ``metadata`` is not a dict.
    sklearn.exceptions.NotFittedError
        If ``model`` is not fitted.
    ValueError
        If the model is binary or multilabel, has unstorable class labels or
        non-finite weights, or if ``dtype`` is not supported.

    See Also
    --------
    load_model : Read the file back and predict with numpy.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.neural_network import MLPClassifier
    >>> from digitkit.export import export_model, load_model
    >>> X, y = load_digits(return_X_y=True)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), random_state=0)
    >>> for epoch in range(30):  # a fixed number of passes over the data
    ...     model = model.partial_fit(X / 16, y, classes=list(range(10)))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "model.js"
    ...     n_bytes = export_model(model, path)
    ...     agreement = (load_model(path).predict(X / 16) == model.predict(X / 16)).mean()
    >>> n_bytes < 5000, bool(agreement > 0.99)
    (True, True)
    """
    if dtype not in _DTYPES:
        raise ValueError(f"dtype must be one of {_DTYPES}, got {dtype!r}")
    metadata = _pagefile.check_metadata(metadata)
    classes = _check_mlp(model)
    n_layers = len(model.coefs_)
    layers = []
    for index, (coef, intercept) in enumerate(zip(model.coefs_, model.intercepts_, strict=True)):
        last = index == n_layers - 1
        layer = {
            "n_inputs": int(coef.shape[0]),
            "n_outputs": int(coef.shape[1]),
            "activation": "softmax" if last else model.activation,
            "biases": [_short_float(b) for b in intercept],
        }
        layer.update(_encode_weights(np.asarray(coef, dtype=np.float64).T, dtype))
        layers.append(layer)
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "input": "pixels row by row, from 0 (background) to 1 (ink)",
        "classes": classes,
        "metadata": metadata,
        "layers": layers,
    }
    return _pagefile.write(path, JS_GLOBAL, document,
                           "A digit classifier for the browser, written by "
                           "digitkit.export.export_model.")


# -- load -------------------------------------------------------------------------


def _fail(path, message):
    _pagefile.fail(path, "digitkit model", message)


def _decode_layer(path, index, spec, n_inputs_expected, last):
    where = f"layer {index}"
    if not isinstance(spec, dict):
        _fail(path, f"{where} is not an object")
    try:
        n_inputs, n_outputs = int(spec["n_inputs"]), int(spec["n_outputs"])
        activation, dtype = spec["activation"], spec["dtype"]
        raw = base64.b64decode(spec["data"], validate=True)
        biases = np.asarray(spec["biases"], dtype=np.float64)
    except KeyError as exc:
        _fail(path, f"{where} has no {exc.args[0]!r}")
    except (TypeError, ValueError) as exc:
        _fail(path, f"{where}: {exc}")
    if n_inputs < 1 or n_outputs < 1:
        _fail(path, f"{where} has {n_inputs} inputs and {n_outputs} outputs")
    if n_inputs_expected is not None and n_inputs != n_inputs_expected:
        _fail(path, f"{where} has {n_inputs} inputs but the layer before has "
                    f"{n_inputs_expected} outputs")
    allowed = ("softmax",) if last else _HIDDEN_ACTIVATIONS
    if activation not in allowed:
        _fail(path, f"{where} has activation {activation!r}; expected one of {allowed}")
    if dtype not in _DTYPES:
        _fail(path, f"{where} has weights of dtype {dtype!r}; expected one of {_DTYPES}")
    numpy_dtype = np.int8 if dtype == "int8" else np.dtype("<f4")
    n_weights = n_inputs * n_outputs
    if len(raw) != n_weights * np.dtype(numpy_dtype).itemsize:
        _fail(path, f"{where} holds {len(raw)} bytes of weights; "
                    f"{n_outputs} x {n_inputs} {dtype} weights need "
                    f"{n_weights * np.dtype(numpy_dtype).itemsize}")
    weights = np.frombuffer(raw, dtype=numpy_dtype).reshape(n_outputs, n_inputs)
    scales = None
    if dtype == "int8":
        try:
            scales = np.asarray(spec["scales"], dtype=np.float64)
        except KeyError:
            _fail(path, f"{where} has int8 weights but no 'scales'")
        except (TypeError, ValueError) as exc:
            _fail(path, f"{where}: scales: {exc}")
        if scales.shape != (n_outputs,):
            _fail(path, f"{where} has {scales.size} scales for {n_outputs} outputs")
    if biases.shape != (n_outputs,):
        _fail(path, f"{where} has {biases.size} biases for {n_outputs} outputs")
    return Layer(weights=weights, scales=scales, biases=biases, activation=activation)


def load_model(path) -> BrowserModel:
    """Read a model file written by :func:`export_model`.

    Parameters
    ----------
    path : str or path-like
        A ``.js`` or JSON model file.

    Returns
    -------
    model : BrowserModel
        The model, ready to predict with numpy exactly as the web page does.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not a digitkit model file, has another format version,
        or is inconsistent (layer sizes, number of weights, class count).

    See Also
    --------
    export_model : Write such a file.

    Examples
    --------
    >>> from digitkit.export import load_model
    >>> model = load_model("digitkit_mnist_model.js")  # doctest: +SKIP
    >>> model.predict(X_test / 255)  # doctest: +SKIP
    """
    path = Path(os.fspath(path))
    document = _pagefile.read(path, JS_GLOBAL, FORMAT, FORMAT_VERSION, "digitkit model")
    specs, classes = document.get("layers"), document.get("classes")
    if not isinstance(specs, list) or not specs:
        _fail(path, "it has no layers")
    if not isinstance(classes, list) or len(classes) < 3:
        _fail(path, "it needs a list of at least three classes")
    layers, n_inputs = [], None
    for index, spec in enumerate(specs):
        layer = _decode_layer(path, index, spec, n_inputs, last=index == len(specs) - 1)
        layers.append(layer)
        n_inputs = layer.n_outputs
    if n_inputs != len(classes):
        _fail(path, f"the last layer has {n_inputs} outputs for {len(classes)} classes")
    return BrowserModel(
        layers=tuple(layers),
        classes_=np.asarray(classes),
        metadata=dict(document.get("metadata") or {}),
    )
