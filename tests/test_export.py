"""Exporting a model for the browser, loading it back, and refusing what is broken."""

from __future__ import annotations

import base64
import json
import re
import warnings

import numpy as np
import pytest

from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier

from digitkit.export import BrowserModel, export_model, load_model


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X / 16, y


def _train(X, y, hidden=(16,), activation="relu", seed=0):
    # Fixed passes with partial_fit: no ConvergenceWarning whatever the data.
    model = MLPClassifier(hidden_layer_sizes=hidden, activation=activation, random_state=seed)
    for _ in range(30):
        model.partial_fit(X, y, classes=np.unique(y))
    return model


@pytest.fixture(scope="module")
def model(digits):
    return _train(*digits)


# -- round trip -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".js", ".json"])
def test_round_trip_keeps_shapes_classes_and_metadata(tmp_path, model, suffix):
    path = tmp_path / f"model{suffix}"
    n_bytes = export_model(model, path, metadata={"note": "tiny", "epochs": 30})
    assert n_bytes == path.stat().st_size
    loaded = load_model(path)
    assert isinstance(loaded, BrowserModel)
    assert [layer.weights.shape for layer in loaded.layers] == [(16, 64), (10, 16)]
    assert [layer.activation for layer in loaded.layers] == ["relu", "softmax"]
    assert loaded.n_features_in_ == 64
    np.testing.assert_array_equal(loaded.classes_, model.classes_)
    assert loaded.metadata == {"note": "tiny", "epochs": 30}


def test_the_js_file_sets_a_global_and_the_json_file_is_plain_json(tmp_path, model):
    export_model(model, tmp_path / "model.js")
    export_model(model, tmp_path / "model.json")
    script = (tmp_path / "model.js").read_text()
    assert script.startswith("//")
    match = re.search(r"^window\.DIGITKIT_MODEL = (\{.*\});$", script, re.M)
    assert match is not None
    assert json.loads(match.group(1)) == json.loads((tmp_path / "model.json").read_text())


def test_float32_weights_are_stored_exactly(tmp_path, model):
    export_model(model, tmp_path / "model.js", dtype="float32")
    loaded = load_model(tmp_path / "model.js")
    for layer, coef, intercept in zip(loaded.layers, model.coefs_, model.intercepts_, strict=True):
        assert layer.scales is None
        np.testing.assert_array_equal(layer.weights, coef.T.astype(np.float32))
        np.testing.assert_allclose(layer.biases, intercept, rtol=1e-6)


def test_int8_weights_are_within_half_a_step_of_the_originals(tmp_path, model):
    export_model(model, tmp_path / "model.js")
    loaded = load_model(tmp_path / "model.js")
    for layer, coef in zip(loaded.layers, model.coefs_, strict=True):
        assert layer.weights.dtype == np.int8
        assert np.abs(layer.weights).max() == 127
        restored = layer.weights * layer.scales[:, np.newaxis]
        step = np.abs(coef.T).max(axis=1, keepdims=True) / 127
        assert np.all(np.abs(restored - coef.T) <= 0.5 * step * (1 + 1e-6))


# -- predictions -----------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["int8", "float32"])
def test_probabilities_sum_to_one_and_match_scikit_learn(tmp_path, model, digits, dtype):
    X, _ = digits
    export_model(model, tmp_path / "model.js", dtype=dtype)
    loaded = load_model(tmp_path / "model.js")
    proba = loaded.predict_proba(X)
    assert proba.shape == (len(X), 10)
    assert np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    expected = model.predict_proba(X)
    if dtype == "float32":
        np.testing.assert_allclose(proba, expected, atol=1e-5)
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    else:
        # One byte per weight: the same answer on (nearly) every sample.
        assert np.abs(proba - expected).max() < 0.05
        assert np.mean(loaded.predict(X) == model.predict(X)) > 0.99


@pytest.mark.parametrize("activation", ["tanh", "logistic", "identity"])
def test_other_hidden_activations_and_two_hidden_layers(tmp_path, digits, activation):
    X, y = digits
    model = _train(X[:600], y[:600], hidden=(12, 8), activation=activation)
    export_model(model, tmp_path / "model.json", dtype="float32")
    loaded = load_model(tmp_path / "model.json")
    assert [layer.activation for layer in loaded.layers] == [activation, activation, "softmax"]
    np.testing.assert_allclose(loaded.predict_proba(X), model.predict_proba(X), atol=1e-5)


def test_string_class_labels_survive(tmp_path, digits):
    X, y = digits
    names = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven",
                      "eight", "nine"])
    model = _train(X[:500], names[y[:500]])
    export_model(model, tmp_path / "model.js")
    loaded = load_model(tmp_path / "model.js")
    assert loaded.classes_.tolist() == sorted(names.tolist())
    assert np.mean(loaded.predict(X[:500]) == model.predict(X[:500])) > 0.99


def test_predict_accepts_images_as_well_as_rows(tmp_path, model, digits):
    X, _ = digits
    export_model(model, tmp_path / "model.js")
    loaded = load_model(tmp_path / "model.js")
    np.testing.assert_array_equal(loaded.predict_proba(X[:5].reshape(5, 8, 8)),
                                  loaded.predict_proba(X[:5]))


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.zeros((3, 63)), ValueError, "shape"),
        (np.zeros(64), ValueError, "shape"),
        (np.full((1, 64), np.nan), ValueError, "NaN"),
        ([["a"] * 64], TypeError, "numbers"),
    ],
)
def test_predict_rejects_bad_input_clearly(tmp_path, model, X, error, match):
    export_model(model, tmp_path / "model.js")
    with pytest.raises(error, match=match):
        load_model(tmp_path / "model.js").predict_proba(X)


# -- what cannot be exported or loaded ----------------------------------------------


def test_export_refuses_other_estimators_and_unfitted_models(tmp_path, digits):
    X, y = digits
    with pytest.raises(TypeError, match="MLPClassifier"):
        export_model(KNeighborsClassifier().fit(X, y), tmp_path / "m.js")
    with pytest.raises(NotFittedError):
        export_model(MLPClassifier(), tmp_path / "m.js")
    assert not (tmp_path / "m.js").exists()


def test_export_refuses_binary_and_multilabel_models(tmp_path, digits):
    X, y = digits
    binary = _train(X[:300], y[:300] % 2)
    with pytest.raises(ValueError, match="2 classes"):
        export_model(binary, tmp_path / "m.js")
    multilabel = MLPClassifier(hidden_layer_sizes=(8,), max_iter=20, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        multilabel.fit(X[:300], np.c_[y[:300] % 2, y[:300] > 4, y[:300] < 2])
    with pytest.raises(ValueError, match="several labels"):
        export_model(multilabel, tmp_path / "m.js")


def test_export_refuses_bad_options(tmp_path, model):
    with pytest.raises(ValueError, match="dtype"):
        export_model(model, tmp_path / "m.js", dtype="float16")
    with pytest.raises(TypeError, match="metadata must be a dict"):
        export_model(model, tmp_path / "m.js", metadata=["a"])
    with pytest.raises(TypeError, match="JSON"):
        export_model(model, tmp_path / "m.js", metadata={"when": object()})


def test_export_refuses_a_diverged_model(tmp_path, digits):
    X, y = digits
    model = _train(X[:300], y[:300])
    model.coefs_[0][0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        export_model(model, tmp_path / "m.js")


def _document(tmp_path, model):
    export_model(model, tmp_path / "model.json")
    return json.loads((tmp_path / "model.json").read_text())


def _write(tmp_path, document):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    return path


def test_load_refuses_files_that_are_not_models(tmp_path):
    (tmp_path / "other.js").write_text("window.SOMETHING_ELSE = {};\n")
    with pytest.raises(ValueError, match="DIGITKIT_MODEL"):
        load_model(tmp_path / "other.js")
    (tmp_path / "garbage.json").write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_model(tmp_path / "garbage.json")
    (tmp_path / "other.json").write_text('{"format": "something-else"}')
    with pytest.raises(ValueError, match="format"):
        load_model(tmp_path / "other.json")
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.js")


def test_load_refuses_another_version(tmp_path, model):
    document = _document(tmp_path, model)
    document["version"] = 2
    with pytest.raises(ValueError, match="version 2"):
        load_model(_write(tmp_path, document))


@pytest.mark.parametrize(
    "damage, match",
    [
        (lambda d: d["layers"][0].update(data=base64.b64encode(b"\x01\x02").decode()), "bytes"),
        (lambda d: d["layers"][0].update(data="not base64!"), "layer 0"),
        (lambda d: d["layers"][0].pop("scales"), "scales"),
        (lambda d: d["layers"][0].update(biases=[0.0]), "biases"),
        (lambda d: d["layers"][1].update(n_inputs=5), "layer 1"),
        (lambda d: d["layers"][0].update(activation="softmax"), "activation"),
        (lambda d: d["layers"][1].update(dtype="float16"), "dtype"),
        (lambda d: d["layers"][0].pop("n_outputs"), "n_outputs"),
        (lambda d: d.update(classes=d["classes"][:9]), "classes"),
        (lambda d: d.update(layers=[]), "no layers"),
    ],
)
def test_load_names_what_is_wrong_in_a_damaged_file(tmp_path, model, damage, match):
    document = _document(tmp_path, model)
    damage(document)
    with pytest.raises(ValueError, match=match):
        load_model(_write(tmp_path, document))
