"""
Confusion matrix, precision and recall of the 5-detector
========================================================

Accuracy hides what a detector gets wrong. This example counts the four
possible outcomes of the 5-detector in a confusion matrix, built from clean
cross-validated predictions, and derives precision, recall and the F1 score
from those four counts, once with scikit-learn and once by hand.
"""

# %%
# Clean predictions with cross_val_predict
# ----------------------------------------
#
# To count mistakes fairly, every training digit needs a prediction from a
# model that did not learn from it. The :ref:`previous example
# <sphx_glr_auto_examples_03_binary_classifier_plot_01_five_detector.py>`
# computed exactly that with
# :func:`~sklearn.model_selection.cross_val_predict`: three-fold
# cross-validated *decision scores*, one per digit. The detector says "5"
# exactly when that score is above 0, so the scores give the predictions.
# This example makes the same call, so that it runs on its own; the next two
# examples draw their precision/recall and ROC curves from the very same
# scores.
import matplotlib.pyplot as plt
import numpy as np

from sklearn.linear_model import SGDClassifier
from sklearn.metrics import (
    ConfusionMatrixDisplay,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)
from sklearn.model_selection import cross_val_predict

from digitkit.datasets import fetch_mnist
from digitkit.plotting import plot_digits

mnist = fetch_mnist()
X_train, y_train = mnist.data[:60000], mnist.target[:60000]
y_train_5 = y_train == 5

y_scores = cross_val_predict(
    SGDClassifier(random_state=42), X_train, y_train_5, cv=3,
    method="decision_function", n_jobs=-1,
)
y_train_pred = y_scores > 0
print(f"digits flagged as 5: {y_train_pred.sum()} of {len(y_train_pred)}")

# %%
# The confusion matrix
# --------------------
#
# :func:`~sklearn.metrics.confusion_matrix` counts each pair of true and
# predicted class. Rows are the truth ("not 5", then "5"), columns the
# prediction. The first row holds the non-5s: most are rightly rejected (true
# negatives), a few are wrongly flagged as 5 (false positives). The second
# row holds the 5s: some are missed (false negatives), the rest are found
# (true positives).
cm = confusion_matrix(y_train_5, y_train_pred)
print(f"confusion matrix: {cm.tolist()}")
tn, fp, fn, tp = cm.ravel()
print(f"true negatives: {tn}, false positives: {fp}")
print(f"false negatives: {fn}, true positives: {tp}")

# %%
# A perfect detector would leave only the diagonal: every non-5 rejected,
# every 5 found.
y_train_perfect = y_train_5
print(f"perfect predictions: {confusion_matrix(y_train_5, y_train_perfect).tolist()}")

# %%
# The same counts as a heat map, with a second panel that divides each row by
# its total. It reads more easily: only 1.26% of the non-5s are flagged, but
# more than a third of the 5s are missed.
print(f"non-5s flagged as 5: {fp / (tn + fp):.2%}, 5s missed: {fn / (fn + tp):.2%}")
fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
for ax, normalize, title in [
    (axes[0], None, "Counts"),
    (axes[1], "true", "Share of each true class"),
]:
    ConfusionMatrixDisplay.from_predictions(
        y_train_5, y_train_pred, display_labels=["not 5", "5"], normalize=normalize,
        values_format=".2%" if normalize else "d", cmap="Blues", ax=ax,
    )
    ax.set_title(title)
_ = fig.suptitle("Confusion matrix of the 5-detector (cross-validated)")

# %%
# Precision, recall and F1
# ------------------------
#
# Two ratios summarise the matrix from the point of view of the 5s:
#
# - **precision** is the share of digits flagged as 5 that really are 5s,
#   ``TP / (TP + FP)``: how far you can trust a "yes";
# - **recall** is the share of 5s that get flagged, ``TP / (TP + FN)``: how
#   many of the 5s the detector finds.
#
# The **F1 score** combines them into one number, their harmonic mean. It is
# high only when both are high.
precision = precision_score(y_train_5, y_train_pred)
recall = recall_score(y_train_5, y_train_pred)
f1 = f1_score(y_train_5, y_train_pred)
print(f"precision: {precision:.4f}")
print(f"recall: {recall:.4f}")
print(f"F1 score: {f1:.4f}")

# %%
# By hand from the four counts
# ----------------------------
#
# The functions compute nothing more than ratios of the matrix cells. The
# harmonic mean ``2 / (1 / precision + 1 / recall)`` simplifies to
# ``TP / (TP + (FN + FP) / 2)``: every mistake, of either kind, pulls F1 down.
print(f"precision by hand: {tp / (tp + fp):.4f}")
print(f"recall by hand: {tp / (tp + fn):.4f}")
print(f"F1 by hand: {tp / (tp + (fn + fp) / 2):.4f}")

# %%
# When the detector says 5 it is right about 84% of the time, but it finds
# only about 65% of the 5s. The 95% accuracy of the :ref:`previous example
# <sphx_glr_auto_examples_03_binary_classifier_plot_01_five_detector.py>`
# hid both numbers.
#
# What the mistakes look like
# ---------------------------
#
# The false positives are digits the detector takes for 5s. Counting them by
# their true label shows which digits fool it most: 3s above all, then 6s
# and 8s, which share strokes with a 5.
false_positive = ~y_train_5 & y_train_pred
false_negative = y_train_5 & ~y_train_pred
counts = np.bincount(y_train[false_positive], minlength=10)
print("false positives by true digit:")
print(", ".join(f"{digit}s: {count}" for digit, count in enumerate(counts) if digit != 5))

# %%
# Below, the first 25 of each kind of mistake. The false negatives are more
# humbling: most of these missed 5s are plain to a human eye. A linear model
# that weighs each pixel on its own is a blunt tool, and later parts of the
# chapter do better.
false_positives = X_train[false_positive]
false_negatives = X_train[false_negative]
fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
plot_digits(false_positives[:25], n_cols=5, ax=axes[0], padding=2,
            title=f"False positives (first 25 of {fp})")
plot_digits(false_negatives[:25], n_cols=5, ax=axes[1], padding=2,
            title=f"False negatives (first 25 of {fn})")

# sphinx_gallery_thumbnail_number = 1
plt.show()

# sphinx_gallery_tags = ["beginner", "MNIST", "binary classification", "metrics"]
