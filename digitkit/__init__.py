"""digitkit: helpers for learning handwritten-digit classification with scikit-learn.

The package is deliberately small; the examples in the gallery do the
teaching. Its modules:

- :mod:`digitkit.datasets` -- :func:`~digitkit.datasets.fetch_mnist`, the verified MNIST loader;
- :mod:`digitkit.idx` -- reading and writing the IDX file format;
- :mod:`digitkit.plotting` -- digit images and grids, precision and recall against the threshold;
- :mod:`digitkit.augment` -- shifted copies of digits, to grow a training set;
- :mod:`digitkit.deskew` -- straighten slanted digits and centre them;
- :mod:`digitkit.virtual` -- a support vector classifier trained again on its shifted support vectors;
- :mod:`digitkit.cache` -- a disk cache that can only make things faster (decompressed data);
- :mod:`digitkit.export` -- a trained model in a web page: export, reload, check with numpy;
- :mod:`digitkit.drawing` -- a drawing made into an MNIST-like 28 x 28 image, as the web page does;
- :mod:`digitkit.exercises` -- checks that say whether an exercise's answer is right, not what it is.
"""

__version__ = "0.1.0"
