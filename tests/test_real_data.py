"""fetch_mnist on the real MNIST files, found (or downloaded) as the examples find them."""

from __future__ import annotations

import numpy as np
import pytest

from digitkit.datasets import fetch_mnist

pytestmark = pytest.mark.realdata

# Published class counts of the two sets.
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def mnist(mnist_data):
    return fetch_mnist(data_home=mnist_data, download_if_missing=False)


def test_shapes_and_values(mnist):
    assert mnist.data.shape == (70000, 784)
    assert mnist.images.shape == (70000, 28, 28)
    assert mnist.target.shape == (70000,)
    assert mnist.data.min() == 0 and mnist.data.max() == 255


def test_first_digits_are_the_canonical_ones(mnist):
    np.testing.assert_array_equal(mnist.target[:10], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])


def test_class_counts(mnist):
    np.testing.assert_array_equal(np.bincount(mnist.target[:60000]), TRAIN_COUNTS)
    np.testing.assert_array_equal(np.bincount(mnist.target[60000:]), TEST_COUNTS)


def test_mean_pixel_values_match_the_published_files(mnist):
    # Means of the raw files, as recorded when the files were verified.
    assert mnist.data[:60000].mean() == pytest.approx(33.3184, abs=1e-4)
    assert mnist.data[60000:].mean() == pytest.approx(33.7912, abs=1e-4)
