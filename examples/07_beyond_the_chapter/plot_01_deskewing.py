"""
Deskewing: standing the digits up straight
==========================================

Handwriting slants, and a model that compares digits pixel by pixel pays
for it: a 1 leaning right and an upright 1 share few inked pixels. This
example measures the slant of every digit from the moments of its ink,
removes it with :func:`digitkit.deskew.deskew`, and shows why the tuned
nearest-neighbours model of the previous part then makes half as many
mistakes.
"""

# %%
# The data
# --------
#
# The usual split: the first 60,000 digits train, the last 10,000 test.
from time import perf_counter

import matplotlib.pyplot as plt
import numpy as np

from sklearn.metrics import accuracy_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from digitkit.augment import shift_images
from digitkit.datasets import fetch_mnist
from digitkit.deskew import deskew, estimate_skew
from digitkit.plotting import plot_digit, plot_digits

X, y = fetch_mnist(return_X_y=True)
X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
print(f"training set: {X_train.shape}, test set: {X_test.shape}")

# %%
# How much do the digits slant?
# -----------------------------
#
# Think of the grey levels as ink. The *centre of mass* of a digit is the
# average position of its ink. The *slant* is the slope of the straight line
# that best fits the ink (by least squares): how many pixels the ink moves to
# the right for every pixel up. Both come from the moments of the image, the
# same averages a physicist uses to find the balance point and the tilt of a
# flat object: :func:`~digitkit.deskew.estimate_skew` computes the slant of
# all 60,000 training digits at once, with array operations.
slant_train = estimate_skew(X_train)
print(f"median slant: {np.median(slant_train):+.3f} pixel per pixel up")
print(f"digits leaning right by more than 0.25: {np.mean(slant_train > 0.25):.1%}")
print(f"digits leaning left by more than 0.25: {np.mean(slant_train < -0.25):.1%}")
median_by_digit = [np.median(slant_train[y_train == digit]) for digit in range(10)]
print(f"median slant of the digits 0-9: {' '.join(f'{m:+.2f}' for m in median_by_digit)}")

# %%
# Most writers lean to the right, some a lot: a slant of 0.25 puts the top
# of a digit a quarter of its height to the right of its bottom. The box
# plot shows the slant of each digit class: by their medians, the 0s, 1s,
# 5s and 8s lean right the most, the 6s, 7s and 9s the least, but every
# class has digits leaning each way (the whiskers cross the red line).
fig, ax = plt.subplots(figsize=(8, 4))
ax.boxplot([slant_train[y_train == digit] for digit in range(10)], positions=range(10),
           showfliers=False)
ax.axhline(0, color="tab:red", linewidth=1, label="upright")
ax.set(xticks=range(10), xlabel="digit", ylabel="slant (pixels right per pixel up)",
       title="Slant of the 60,000 training digits, by class\n"
             "(boxes: middle half; whiskers: 1.5 box lengths; outliers not shown)")
ax.legend(loc="upper right")
ax.grid(axis="y", alpha=0.3)
fig.tight_layout()

# %%
# Deskewing
# ---------
#
# :func:`~digitkit.deskew.deskew` undoes the slant with a *shear*: each row
# of pixels slides sideways, in proportion to its distance from the centre
# of mass, until the best-fitting line stands vertical. It also moves the
# centre of mass to the centre of the image. Here too the whole batch of
# 70,000 digits is processed with array operations.
start = perf_counter()
X_deskewed = deskew(X)
print(f"deskewed {len(X):,} digits in {perf_counter() - start:.1f} s")
still_slanted = np.abs(estimate_skew(X_deskewed)) > 0.01
print(f"digits still slanting by more than 0.01: {still_slanted.sum()} of {len(X):,}")

# %%
# The few digits still slanted lost some ink past the border of the image
# while being straightened. Here are the first five training digits that
# lean right by more than 0.3, and the first three that lean left by as
# much. The red line is the best-fitting line through the ink, the dot the
# centre of mass. After deskewing (bottom row) the line is vertical and the
# dot sits in the middle. A shear keeps straight lines straight and every
# row keeps its ink, so the digits stand up without other changes to their
# shape. (A digit whose ink runs mostly sideways, such as a flat 5, gets a
# large slant and comes out distorted; such digits are rare.)
rows, cols = np.mgrid[:28, :28]


def centre_of_mass(image):
    """(row, column) of the centre of mass of one flat 28 x 28 image."""
    image = image.reshape(28, 28)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


def draw_slant_line(ax, image, slant):
    row_c, col_c = centre_of_mass(image)
    line_rows = np.array([row_c - 9, row_c + 9])
    ax.plot(col_c - slant * (line_rows - row_c), line_rows, color="tab:red", linewidth=1.5)
    ax.plot(col_c, row_c, "o", color="tab:red", markersize=4)


examples = np.sort(np.concatenate([
    np.flatnonzero(slant_train > 0.3)[:5], np.flatnonzero(slant_train < -0.3)[:3]
]))
fig, axes = plt.subplots(2, 8, figsize=(10, 3.4), layout="constrained")
for top, bottom, index in zip(axes[0], axes[1], examples):
    plot_digit(X_train[index], ax=top, title=f"slant {slant_train[index]:+.2f}")
    draw_slant_line(top, X_train[index], slant_train[index])
    plot_digit(X_deskewed[index], ax=bottom)
    draw_slant_line(bottom, X_deskewed[index], 0.0)
fig.suptitle("Training digits before (top) and after deskewing (bottom)")

# %%
# Why it helps: digits of a class look more alike
# ------------------------------------------------
#
# A nearest-neighbours model calls a test digit a 1 if the closest training
# digits are 1s. The more the 1s differ from one another, the more often a
# digit of another class comes closer. The average image of each class
# shows how much the writers disagree: where the digits differ, the average
# smears. After deskewing, the averages are much sharper.
class_means = np.array([X_train[y_train == digit].mean(axis=0) for digit in range(10)])
class_means_deskewed = np.array(
    [X_deskewed[:60000][y_train == digit].mean(axis=0) for digit in range(10)]
)
fig, ax = plt.subplots(figsize=(10, 2.6), layout="constrained")
plot_digits(np.concatenate([class_means, class_means_deskewed]), n_cols=10, padding=2, ax=ax,
            title="Average training digit of each class: as written (top), deskewed (bottom)")

# %%
# In numbers: the distance from each training digit to the average of its
# class (the square root of the summed squared pixel differences, the
# distance nearest neighbours use) shrinks by about a fifth.


def average_distance_to_class_mean(images, labels, means):
    """Mean distance from each image to the mean of its class, one class at a time."""
    total = sum(np.linalg.norm(images[labels == digit] - means[digit], axis=1).sum()
                for digit in range(10))
    return total / len(images)


spread_before = average_distance_to_class_mean(X_train, y_train, class_means)
spread_after = average_distance_to_class_mean(X_deskewed[:60000], y_train,
                                              class_means_deskewed)
print(f"average distance to the class average: {spread_before:,.0f} as written, "
      f"{spread_after:,.0f} deskewed ({spread_after / spread_before - 1:+.1%})")

# %%
# Nearest neighbours on deskewed digits
# -------------------------------------
#
# The tuned model of the :ref:`previous part
# <sphx_glr_auto_examples_06_better_accuracy_plot_01_knn_tuning.py>` is four
# neighbours, with votes weighted by distance. We train it again here on the
# digits as written, to have its mistakes at hand. ``n_jobs=-1`` uses all
# your CPU cores to compare the test digits with the training digits; the
# result is the same.
tuned_knn = KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1)
y_pred_before = tuned_knn.fit(X_train, y_train).predict(X_test)
print(f"tuned KNN test accuracy: {accuracy_score(y_test, y_pred_before):.4f}")

# %%
# To deskew, we put :func:`~digitkit.deskew.deskew` in front of the same
# model in a :class:`~sklearn.pipeline.Pipeline`.
# :class:`~sklearn.preprocessing.FunctionTransformer` turns the function into
# a pipeline step; it learns nothing, since every digit is deskewed on its
# own. The pipeline takes raw digits, for training and for prediction alike,
# so the test digits are deskewed the same way and the model can be saved
# and used as one piece. Deskewing is cheap; nearly all of the work is still
# comparing each test digit with the 60,000 training digits. (The pipeline
# deskews by itself, so we no longer need the deskewed copy made above.)
del X_deskewed
deskewed_knn = make_pipeline(
    FunctionTransformer(deskew),
    KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1),
)
y_pred_after = deskewed_knn.fit(X_train, y_train).predict(X_test)
print(f"deskewed KNN test accuracy: {accuracy_score(y_test, y_pred_after):.4f}")
print(f"misclassified test digits: {np.sum(y_pred_before != y_test)} -> "
      f"{np.sum(y_pred_after != y_test)}")

# %%
# Deskewing alone halves the mistakes; the shifted copies of the
# :ref:`previous part
# <sphx_glr_auto_examples_06_better_accuracy_plot_02_data_augmentation.py>`
# took the same model from 286 to 237. Nearly every digit gains, the 8s
# most; the 0s and 1s had few mistakes to begin with.
errors_before = np.bincount(y_test[y_pred_before != y_test], minlength=10)
errors_after = np.bincount(y_test[y_pred_after != y_test], minlength=10)
print(f"mistakes per digit 0-9, as written: {errors_before.tolist()}")
print(f"mistakes per digit 0-9, deskewed:   {errors_after.tolist()}")
gain = errors_before - errors_after
print(f"digits with fewer mistakes: {np.sum(gain > 0)} of 10; "
      f"largest drop: the {gain.argmax()}s, {errors_before[gain.argmax()]} -> "
      f"{errors_after[gain.argmax()]}")
digits = np.arange(10)
fig, ax = plt.subplots(figsize=(8, 4))
ax.bar(digits - 0.2, errors_before, width=0.4, color="tab:gray", label="as written")
ax.bar(digits + 0.2, errors_after, width=0.4, color="tab:green", label="deskewed")
ax.set(xticks=digits, xlabel="true digit", ylabel="misclassified test digits",
       title="Mistakes of the tuned KNN on the 10,000 test digits, by class")
ax.legend()
ax.grid(axis="y", alpha=0.3)
fig.tight_layout()

# %%
# Some test digits that only the deskewed model reads correctly, shown as
# written (top, with the old model's answer) and as the model now sees them
# (bottom).
fixed = np.flatnonzero((y_pred_before != y_test) & (y_pred_after == y_test))[:8]
fig, axes = plt.subplots(2, 8, figsize=(10, 3.4), layout="constrained")
for top, bottom, index in zip(axes[0], axes[1], fixed):
    plot_digit(X_test[index], ax=top, title=f"read as {y_pred_before[index]}")
    plot_digit(deskew(X_test[index : index + 1])[0], ax=bottom,
               title=f"now {y_pred_after[index]}")
fig.suptitle("Test digits fixed by deskewing: as written (top), deskewed (bottom)")

# %%
# What about shifted copies?
# --------------------------
#
# The previous part added shifted copies of the training digits. After
# deskewing they would be wasted: deskewing centres every digit, so a copy
# shifted by a pixel comes out exactly like the original, unless the shift
# pushed some ink past the border.
sample = X_train[:10000]
shifted_back = deskew(shift_images(sample, dx=1, dy=0))
same = np.all(np.abs(shifted_back - deskew(sample)) < 1e-6, axis=1)
print(f"deskewed copy shifted 1 px right is identical: {same.sum():,} of {len(sample):,} digits")

# %%
# Deskewing and centring make the pixels of different writers line up. The
# :ref:`next example
# <sphx_glr_auto_examples_07_beyond_the_chapter_plot_02_pca.py>` compresses
# the aligned digits with PCA, which cuts the work of the nearest-neighbours
# search about fifteenfold and opens the way to a kernel support vector
# machine.

# sphinx_gallery_thumbnail_number = 2
plt.show()

# sphinx_gallery_tags = ["advanced", "MNIST", "preprocessing", "nearest neighbors"]
