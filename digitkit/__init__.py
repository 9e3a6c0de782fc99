"""digitkit: helpers for learning handwritten-digit classification with scikit-learn.

The package is deliberately small; the examples in the gallery do the
teaching. Its modules:

- :mod:`digitkit.datasets` -- :func:`~digitkit.datasets.fetch_mnist`, the verified MNIST loader;
- :mod:`digitkit.idx` -- reading and writing the IDX file format;
- :mod:`digitkit.plotting` -- digit images and grids.
"""

__version__ = "0.1.0"
