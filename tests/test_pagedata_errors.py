"""The error browser's data and the test digits of Draw a digit (docs/sphinxext): written, read."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sklearn.metrics import confusion_matrix

from digitkit._pagefile import pack_digits, unpack_digits
from pagedata_digits import TestDigits, export_test_digits, load_test_digits
from pagedata_errors import ErrorBrowserData, export_error_browser, load_error_browser


def _digits(n, seed=0):
    """``n`` fake digits: mostly blank, a few strokes of ink, whole grey levels."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28), dtype=np.int64)
    for image in images:
        row, col = rng.integers(4, 20, size=2)
        image[row:row + 8, col:col + 3] = rng.integers(1, 256, size=(8, 3))
    return images


def _predictions(y_true, accuracy, seed):
    rng = np.random.default_rng(seed)
    wrong = rng.random(len(y_true)) > accuracy
    return np.where(wrong, (y_true + rng.integers(1, 10, len(y_true))) % 10, y_true)


def _read_document(path, name):
    text = path.read_text()
    return json.loads(re.search(rf"^window\.{name} = (\{{.*\}});$", text, re.M).group(1))


def _write_document(path, name, document):
    path.write_text(f"window.{name} = {json.dumps(document)};\n")


# -- packing ---------------------------------------------------------------------------


def test_packing_is_lossless_and_compact():
    images = _digits(200)
    text = pack_digits(images)
    np.testing.assert_array_equal(unpack_digits(text, 200), images)
    assert unpack_digits(text, 200).dtype == np.uint8
    assert len(text) < 200 * 784 / 2  # mostly blank digits compress well


def test_flat_rows_and_images_pack_alike():
    images = _digits(5)
    assert pack_digits(images) == pack_digits(images.reshape(5, 784))
    assert pack_digits(images.astype(np.float64)) == pack_digits(images.astype(np.uint8))


@pytest.mark.parametrize("images, error, match", [
    (np.full((2, 28, 28), 0.5), ValueError, "whole grey levels"),
    (np.full((2, 28, 28), 256), ValueError, "0 to 255"),
    (np.full((2, 28, 28), -1), ValueError, "0 to 255"),
    (np.zeros((2, 27, 28)), ValueError, "shape"),
    (np.zeros(784), ValueError, "shape"),
    (np.full((1, 784), np.nan), ValueError, "NaN"),
    (np.array([["a"] * 784]), TypeError, "numbers"),
])
def test_packing_refuses_what_is_not_mnist_grey_levels(images, error, match):
    with pytest.raises(error, match=match):
        pack_digits(images)


def test_unpacking_refuses_a_wrong_count_or_garbage():
    text = pack_digits(_digits(3))
    with pytest.raises(ValueError, match="3 images|2 images"):
        unpack_digits(text, 2)
    with pytest.raises(ValueError, match="could not be decoded"):
        unpack_digits("not base64 at all!", 1)


# -- the error browser ----------------------------------------------------------------------


@pytest.fixture
def two_models():
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 10, size=3000)
    predictions = {"good": _predictions(y_true, 0.97, 2), "better": _predictions(y_true, 0.99, 3)}
    return y_true, predictions, _digits(3000, seed=4)


def test_the_counts_are_sklearns_confusion_matrix(tmp_path, two_models):
    y_true, predictions, images = two_models
    export_error_browser(tmp_path / "e.js", y_true, predictions, images)
    data = load_error_browser(tmp_path / "e.js")
    assert list(data.predictions) == ["good", "better"]  # the page's order
    for name, y_pred in predictions.items():
        np.testing.assert_array_equal(data.counts(name), confusion_matrix(y_true, y_pred))
        assert data.n_errors(name) == np.sum(y_pred != y_true)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 300), n_models=st.integers(1, 3), per_cell=st.integers(1, 40),
       seed=st.integers(0, 2**32 - 1))
def test_every_digit_a_cell_shows_has_its_exact_image(tmp_path_factory, n, n_models, per_cell,
                                                      seed):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 10, size=n)
    predictions = {f"m{k}": _predictions(y_true, rng.random(), seed + k) for k in range(n_models)}
    images = rng.integers(0, 256, size=(n, 784))
    path = tmp_path_factory.mktemp("e") / "e.js"
    export_error_browser(path, y_true, predictions, images, per_cell=per_cell)
    data = load_error_browser(path)
    for name, y_pred in predictions.items():
        np.testing.assert_array_equal(data.counts(name), confusion_matrix(y_true, y_pred,
                                                                          labels=range(10)))
        for true in range(10):
            for predicted in range(10):
                members = data.cell(name, true, predicted)
                expected = np.flatnonzero((y_true == true) & (y_pred == predicted))
                np.testing.assert_array_equal(members, expected)
                shown = data.shown(name, true, predicted)
                np.testing.assert_array_equal(shown, expected[:per_cell])
                for index in shown:
                    np.testing.assert_array_equal(data.images[index], images[index].reshape(28, 28))
    # Nothing more than what the page can show.
    needed = {int(i) for name, y_pred in predictions.items() for t in range(10) for p in range(10)
              for i in data.shown(name, t, p)}
    assert set(data.images) == needed


def test_all_mistakes_and_a_sample_of_each_diagonal_are_kept(tmp_path, two_models):
    y_true, predictions, images = two_models
    export_error_browser(tmp_path / "e.js", y_true, predictions, images, per_cell=50)
    data = load_error_browser(tmp_path / "e.js")
    for name, y_pred in predictions.items():
        assert set(np.flatnonzero(y_pred != y_true)) <= set(data.images)
        for digit in range(10):
            right = np.flatnonzero((y_true == digit) & (y_pred == digit))
            assert len(right) > 50
            np.testing.assert_array_equal(data.shown(name, digit, digit), right[:50])
    assert data.per_cell == 50


def test_descriptions_and_metadata_are_kept(tmp_path, two_models):
    y_true, predictions, images = two_models
    export_error_browser(tmp_path / "e.js", y_true, predictions, images,
                         descriptions={"good": "A good model."}, metadata={"source": "test"})
    data = load_error_browser(tmp_path / "e.js")
    assert isinstance(data, ErrorBrowserData)
    assert data.descriptions == {"good": "A good model.", "better": ""}
    assert data.metadata == {"source": "test"}
    np.testing.assert_array_equal(data.y_true, y_true)


def test_the_file_is_a_script_setting_one_global(tmp_path, two_models):
    y_true, predictions, images = two_models
    n_bytes = export_error_browser(tmp_path / "e.js", y_true, predictions, images)
    text = (tmp_path / "e.js").read_text()
    assert n_bytes == (tmp_path / "e.js").stat().st_size
    assert text.startswith("//")
    document = _read_document(tmp_path / "e.js", "DIGITKIT_ERRORS")
    assert document["format"] == "digitkit-errors" and document["version"] == 1
    assert len(document["y_true"]) == len(y_true)
    assert [m["name"] for m in document["models"]] == ["good", "better"]


def test_an_unknown_model_is_named_in_the_error(tmp_path, two_models):
    y_true, predictions, images = two_models
    export_error_browser(tmp_path / "e.js", y_true, predictions, images)
    with pytest.raises(ValueError, match="unknown model 'best'.*good"):
        load_error_browser(tmp_path / "e.js").counts("best")


@pytest.mark.parametrize("change, error, match", [
    (lambda a: {**a, "y_true": a["y_true"] + [10]}, ValueError, "digits 0 to 9"),
    (lambda a: {**a, "y_true": np.asarray(a["y_true"], dtype=float)}, ValueError, "digits 0 to 9"),
    (lambda a: {**a, "predictions": {"m": a["y_true"][:-1]}}, ValueError, "expected"),
    (lambda a: {**a, "predictions": [a["y_true"]]}, TypeError, "dict"),
    (lambda a: {**a, "predictions": {}}, TypeError, "non-empty"),
    (lambda a: {**a, "images": a["images"][:-1]}, ValueError, "images has"),
    (lambda a: {**a, "per_cell": 0}, ValueError, "per_cell"),
    (lambda a: {**a, "per_cell": 2.5}, ValueError, "per_cell"),
    (lambda a: {**a, "metadata": {"x": object()}}, TypeError, "JSON"),
    (lambda a: {**a, "metadata": []}, TypeError, "metadata must be a dict"),
    (lambda a: {**a, "descriptions": "no"}, TypeError, "descriptions"),
])
def test_bad_input_is_refused_clearly(tmp_path, change, error, match):
    y_true = list(range(10)) * 3
    arguments = {"y_true": y_true, "predictions": {"m": y_true}, "images": _digits(30),
                 "per_cell": 5, "metadata": None, "descriptions": None}
    arguments = change(arguments)
    with pytest.raises(error, match=match):
        export_error_browser(tmp_path / "e.js", arguments.pop("y_true"),
                             arguments.pop("predictions"), arguments.pop("images"), **arguments)


@pytest.fixture
def written(tmp_path, two_models):
    y_true, predictions, images = two_models
    path = tmp_path / "e.js"
    export_error_browser(path, y_true, predictions, images)
    return path


@pytest.mark.parametrize("tamper, match", [
    (lambda d: {**d, "format": "other"}, "format"),
    (lambda d: {**d, "version": 2}, "version 2"),
    (lambda d: {**d, "models": []}, "no models"),
    (lambda d: {**d, "models": [{**d["models"][0], "y_pred": d["models"][0]["y_pred"][:-1]}]},
     "predictions"),
    (lambda d: {**d, "y_true": "72x0"}, "string of digits"),
    (lambda d: {**d, "images": {**d["images"], "count": d["images"]["count"] - 1}}, "images"),
    (lambda d: {**d, "per_cell": d["per_cell"] + 1}, "no image of them"),
])
def test_a_broken_file_is_refused_with_its_name(written, tamper, match):
    _write_document(written, "DIGITKIT_ERRORS", tamper(_read_document(written, "DIGITKIT_ERRORS")))
    with pytest.raises(ValueError, match=match) as raised:
        load_error_browser(written)
    assert str(written) in str(raised.value)


def test_a_file_without_the_global_is_refused(tmp_path):
    (tmp_path / "e.js").write_text("window.SOMETHING_ELSE = {};\n")
    with pytest.raises(ValueError, match="DIGITKIT_ERRORS"):
        load_error_browser(tmp_path / "e.js")
    with pytest.raises(FileNotFoundError):
        load_error_browser(tmp_path / "missing.js")


# -- test digits for Draw a digit ----------------------------------------------------------


def test_test_digits_round_trip_exactly(tmp_path):
    images = _digits(40)
    labels = np.arange(40) % 10
    indices = np.arange(100, 140)
    n_bytes = export_test_digits(tmp_path / "d.js", images, labels, indices, metadata={"n": 40})
    assert n_bytes == (tmp_path / "d.js").stat().st_size
    digits = load_test_digits(tmp_path / "d.js")
    assert isinstance(digits, TestDigits)
    np.testing.assert_array_equal(digits.images, images)
    np.testing.assert_array_equal(digits.labels, labels)
    np.testing.assert_array_equal(digits.indices, indices)
    assert digits.metadata == {"n": 40}
    # What the page gives its model: the grey levels divided by 255, in float64.
    pixels = digits.pixels(117)
    assert pixels.shape == (784,) and pixels.dtype == np.float64
    np.testing.assert_array_equal(pixels, images[17].reshape(-1) / 255)
    with pytest.raises(ValueError, match="not in this set"):
        digits.pixels(99)
    with pytest.raises(ValueError, match="not in this set"):
        digits.pixels(140)


def test_test_digits_file_sets_its_global(tmp_path):
    export_test_digits(tmp_path / "d.js", _digits(2), [3, 4], [0, 1])
    document = _read_document(tmp_path / "d.js", "DIGITKIT_TEST_DIGITS")
    assert document["format"] == "digitkit-digits"
    assert document["labels"] == "34" and document["count"] == 2


@pytest.mark.parametrize("labels, indices, match", [
    ([1, 2, 3], [0, 1], "indices"),
    ([1, 2, 3], [0, 2, 1], "increasing"),
    ([1, 2, 3], [0, 1, 70000], "65,535"),
    ([1, 2, 3], [-1, 0, 1], "indices"),
    ([1, 2, 3], [0.0, 1.0, 2.0], "whole numbers"),
    ([1, 2, 13], [0, 1, 2], "digits 0 to 9"),
    ([1, 2], [0, 1, 2], "labels has 2"),
])
def test_test_digits_refuse_inconsistent_input(tmp_path, labels, indices, match):
    with pytest.raises(ValueError, match=match):
        export_test_digits(tmp_path / "d.js", _digits(3), labels, indices)


def test_a_broken_test_digits_file_is_refused(tmp_path):
    export_test_digits(tmp_path / "d.js", _digits(3), [1, 2, 3], [0, 1, 2])
    document = _read_document(tmp_path / "d.js", "DIGITKIT_TEST_DIGITS")
    _write_document(tmp_path / "d.js", "DIGITKIT_TEST_DIGITS", {**document, "labels": "12"})
    with pytest.raises(ValueError, match="2 labels for 3 digits"):
        load_test_digits(tmp_path / "d.js")
    _write_document(tmp_path / "d.js", "DIGITKIT_TEST_DIGITS", {**document, "format": "x"})
    with pytest.raises(ValueError, match="digitkit-digits"):
        load_test_digits(tmp_path / "d.js")
