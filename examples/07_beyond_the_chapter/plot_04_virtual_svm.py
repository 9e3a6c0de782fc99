"""
Virtual support vectors: shifted copies where they count
========================================================

The support vector machine of the previous example keeps only a few
thousand of its 60,000 training digits, the *support vectors*; the others
play no part in its decisions. This example shifts those few digits by a
pixel or two, trains again on them and their copies, and so teaches the
model that a digit moved by a pixel or two is the same digit, for a
fraction of the cost of shifting the whole training set. Which copies to add is chosen on a
validation split; the test set is used only at the end.
"""

# %%
# The data
# --------
#
# The usual split. The shifted copies must be made *after* deskewing: as
# the :ref:`deskewing example
# <sphx_glr_auto_examples_07_beyond_the_chapter_plot_01_deskewing.py>`
# showed, deskewing centres every digit and would move a shifted copy
# straight back. So we deskew the training digits once, here, and shift the
# deskewed digits.
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np

from sklearn.decomposition import PCA
from sklearn.metrics import accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from digitkit.augment import augment_with_shifts
from digitkit.datasets import fetch_mnist
from digitkit.deskew import deskew
from digitkit.plotting import plot_digit

X, y = fetch_mnist(return_X_y=True)
X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
X_train_deskewed = deskew(X_train)
print(f"training set: {X_train.shape}, test set: {X_test.shape}")
# Only the deskewed training digits are used from here on. X_train and X_test are
# slices of X, views that keep all 70,000 raw digits in memory; with a copy of the
# test digits, X can go: the raw training digits' 376 MB make room for the shifted
# copies below.
X_test = X_test.copy()
del X, X_train

# %%
# The support vectors
# -------------------
#
# We start from the model of the :ref:`kernel SVM example
# <sphx_glr_auto_examples_07_beyond_the_chapter_plot_03_kernel_svm.py>`:
# 50 principal components and an RBF :class:`~sklearn.svm.SVC` of width
# 1,300 with ``C=3``, the settings chosen there on a validation split. Its
# decision for a new digit is a weighted vote of its support vectors
# alone, the training digits that lie on or inside the margin around a
# boundary between two classes; ``support_`` holds their row numbers.
# The SVC, trained again on the 50 coordinates of those digits alone,
# would find the same boundaries, to the precision of its solver: the other
# digits lie outside the margin, on their own side, and do not shape it
# (its settings ``C`` and ``gamma`` are fixed numbers). The whole
# pipeline would not quite, since its PCA, fitted on those digits alone,
# would find somewhat different components. Each model below is trained
# from scratch, its PCA included, on the digits it is given.
def make_svc_model():
    """The model of the kernel SVM example, without its deskewing step."""
    return make_pipeline(
        PCA(n_components=50, random_state=42),
        SVC(C=3, gamma=1 / 1300**2, random_state=42),
    )


first_model = make_svc_model().fit(X_train_deskewed, y_train)
support = first_model[-1].support_
print(f"support vectors: {len(support):,} of {len(X_train_deskewed):,} training digits")

# %%
# These are the hard digits: near a boundary, written a little like another
# class. Most training digits lie far inside the region of their own class,
# and a shifted copy of such a digit would lie there too and change nothing.
# The idea of *virtual support vectors* (Schölkopf, Burges and Vapnik, 1996)
# is to shift only the support vectors. Here are a few, with their four
# copies moved by one pixel, made by
# :func:`~digitkit.augment.augment_with_shifts`.
one_pixel = [(-1, 0), (1, 0), (0, 1), (0, -1)]
few = support[:: len(support) // 6][:6]
copies, _ = augment_with_shifts(X_train_deskewed[few], y_train[few], shifts=one_pixel)
fig, axes = plt.subplots(5, 6, figsize=(8, 7), layout="constrained")
row_titles = ["support vector", "1 px left", "1 px right", "1 px down", "1 px up"]
for row, title in enumerate(row_titles):
    for col in range(len(few)):
        plot_digit(copies[row * len(few) + col], ax=axes[row, col],
                   title=title if col == 0 else None)
fig.suptitle("Support vectors of the SVC (top) and their shifted copies (below)")

# %%
# Choosing the copies on a validation split
# -----------------------------------------
#
# Which copies help: the four one-pixel shifts, or shifts by two pixels as
# well? Each shift adds a copy of every support vector, and the time to
# train a kernel SVM grows faster than the number of digits, so the choice
# is also one of cost. The test set stays out of it: we hold out the last
# 10,000 training digits, train the first model on the other 50,000, take
# its support vectors, add each candidate set of copies, train again and
# score on the held-out digits. The candidates differ by a few digits in
# 10,000, so the models must be nearly as big as the final one to tell them
# apart; models trained on a fifth of the data could rank them by chance.
# That makes this the slowest step of the example, and a reason to try few
# candidates.
candidates = {
    "none (the first model)": [],
    "1 px, 4 directions": one_pixel,
    "1 and 2 px, 4 directions": one_pixel + [(-2, 0), (2, 0), (0, 2), (0, -2)],
}
X_fit, y_fit = X_train_deskewed[:50000], y_train[:50000]
X_validation, y_validation = X_train_deskewed[50000:], y_train[50000:]
model_50k = make_svc_model().fit(X_fit, y_fit)
support_50k = model_50k[-1].support_


def retrain_on_virtual_support_vectors(X, y, support, shifts):
    """Train the model again on the support vectors and their shifted copies."""
    X_virtual, y_virtual = augment_with_shifts(X[support], y[support], shifts=shifts)
    return make_svc_model().fit(X_virtual, y_virtual), len(X_virtual)


print(f"{'copies added':<26}{'training digits':>16}{'validation accuracy':>21}")
validation_accuracy = {}
for name, shifts in candidates.items():
    if shifts:
        model, n_digits = retrain_on_virtual_support_vectors(X_fit, y_fit, support_50k, shifts)
    else:
        model, n_digits = model_50k, len(X_fit)
    validation_accuracy[name] = model.score(X_validation, y_validation)
    print(f"{name:<26}{n_digits:>16,}{validation_accuracy[name]:>21.4f}")

# %%
# Both sets of copies help. The two-pixel shifts win by a few more digits,
# with nearly twice as many digits to train on. We keep the most accurate
# candidate; had two tied, the one with fewer copies would have won, since
# it costs less to train and keeps fewer support vectors to compare each new
# digit with.
best_name = max(candidates, key=lambda name: (validation_accuracy[name], -len(candidates[name])))
best_shifts = candidates[best_name]
print(f"chosen copies: {best_name}")

# %%
# The final model
# ---------------
#
# The chosen copies of the support vectors of the model trained on all
# 60,000 digits, then the same kind of model trained again on them and
# nothing else. The test digits come last, deskewed once: with every
# setting fixed, they score the new model, and the first one for
# comparison.
virtual_model, n_virtual = retrain_on_virtual_support_vectors(X_train_deskewed, y_train,
                                                             support, best_shifts)
X_test_deskewed = deskew(X_test)
y_pred = virtual_model.predict(X_test_deskewed)
errors = np.flatnonzero(y_pred != y_test)
n_support_virtual = virtual_model[-1].n_support_.sum()
print(f"virtual training set: {n_virtual:,} digits")
print(f"support vectors: {n_support_virtual:,} "
      f"({n_support_virtual / len(support):.1f} times as many as the first model)")
print(f"virtual SVM test accuracy: {accuracy_score(y_test, y_pred):.4f}")
print(f"misclassified test digits: {len(errors)} of {len(y_test):,}")
first_errors = np.sum(first_model.predict(X_test_deskewed) != y_test)
print(f"misclassified by the first model: {first_errors}, "
      f"so the copies remove {1 - len(errors) / first_errors:.0%} of its mistakes")

# %%
# The first model is the model of the :ref:`kernel SVM example
# <sphx_glr_auto_examples_07_beyond_the_chapter_plot_03_kernel_svm.py>`
# (deskewing done beforehand instead of inside it), and misreads the same
# test digits. The shifted copies remove about a quarter of its mistakes.
# The price is paid at prediction time: the second model keeps more than
# five times as many support vectors, and compares every new digit with
# each of them.

# %%
# What is left
# ------------
#
# The remaining mistakes, with the pairs of classes confused most often.
# The 4s and 9s lead, confused both ways: a 4 whose top is closed differs
# from a 9 by a few pixels. Many of the others are digits a person would
# hesitate over too.
pairs = Counter(zip(y_test[errors].tolist(), y_pred[errors].tolist()))
print("most confused (true as predicted):",
      ", ".join(f"{true} as {pred}: {count}" for (true, pred), count in pairs.most_common(5)))
n_cols = 12
n_rows = int(np.ceil(len(errors) / n_cols))
fig, axes = plt.subplots(n_rows, n_cols, figsize=(10, 0.95 * n_rows + 0.6), layout="constrained")
for ax in axes.ravel():
    ax.set_axis_off()
for ax, index in zip(axes.ravel(), errors):
    plot_digit(X_test[index], ax=ax, title=f"{y_test[index]} as {y_pred[index]}")
fig.suptitle(f"The {len(errors)} test digits the virtual SVM gets wrong (true label as prediction)")

# %%
# How this compares
# -----------------
#
# LeCun's table of MNIST results lists, among the classical methods, a
# polynomial SVM of degree 4 on deskewed digits at 1.1% test error, and the
# virtual SVM of DeCoste and Schölkopf (2002), a polynomial kernel of degree
# 9 on deskewed digits with shifted copies of its support vectors, at
# 0.56%. Our RBF model on 50 principal components lands between the two,
# with no neural network.
#
# Both fits, and the shifting in between, can be wrapped into a single
# scikit-learn estimator, :class:`digitkit.virtual.VirtualSupportVectorClassifier`,
# which the :ref:`leaderboard
# <sphx_glr_auto_examples_07_beyond_the_chapter_plot_05_leaderboard.py>`
# uses to measure the model beside all the others.

# sphinx_gallery_thumbnail_number = 1
plt.show()

# sphinx_gallery_tags = ["advanced", "MNIST", "support vector machines", "data augmentation"]
