"""
Decision scores for the threshold explorer
==========================================

The :ref:`threshold explorer <threshold_explorer>` page puts the 5-detector's
decision threshold under your finger: move it, and the confusion matrix,
precision, recall, F1 and false-positive rate change at once, with a marker
on three curves. This example makes what the page runs on: the 60,000
cross-validated scores of the precision/recall example and the true labels.
It draws the three curves the page draws, shows how any threshold's counts
follow from the scores sorted once, and writes the scores to a file the page
loads.
"""

# %%
# The scores
# ----------
#
# The page explores the detector of the :ref:`precision/recall example
# <sphx_glr_auto_examples_03_binary_classifier_plot_03_precision_recall_tradeoff.py>`,
# so its scores are made exactly as there: an
# :class:`~sklearn.linear_model.SGDClassifier` with ``random_state=42``, three
# folds, and for every training digit the score of the fold model that did not
# see it. A digit is called a 5 when its score is at or above the threshold.
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sklearn.linear_model import SGDClassifier
from sklearn.metrics import (
    ConfusionMatrixDisplay,
    PrecisionRecallDisplay,
    RocCurveDisplay,
    confusion_matrix,
    precision_recall_curve,
    precision_score,
    recall_score,
)
from sklearn.model_selection import cross_val_predict

from digitkit.datasets import fetch_mnist
from digitkit.plotting import PrecisionRecallThresholdDisplay
from digitkit.thresholds import ThresholdExplorer, export_scores, load_scores

mnist = fetch_mnist()
X, y = mnist.data, mnist.target
X_train, y_train = X[:60000], y[:60000]
y_train_5 = y_train == 5

y_scores = cross_val_predict(
    SGDClassifier(random_state=42), X_train, y_train_5, cv=3,
    method="decision_function", n_jobs=-1,
)
print(f"scores: {len(y_scores):,}, of which {len(np.unique(y_scores)):,} distinct")
print(f"lowest score: {y_scores.min():,.0f}, highest: {y_scores.max():,.0f}")
print(f"share of 5s: {y_train_5.mean():.4f}")

# %%
# Every score is different, so every one of them is a threshold at which one
# digit changes sides: 60,000 thresholds, from far below zero to far above.
#
# Two thresholds to start from
# ----------------------------
#
# The page has a button for each. Threshold 0 is the one ``predict`` uses.
# The other is the lowest threshold with at least 90% precision, found as the
# precision/recall example finds it, with
# :func:`~sklearn.metrics.precision_recall_curve`.
precisions, recalls, thresholds = precision_recall_curve(y_train_5, y_scores)
threshold_90 = thresholds[(precisions >= 0.90).argmax()]

for name, threshold in [("threshold 0", 0), ("90% precision", threshold_90)]:
    y_pred = y_scores >= threshold
    print(f"{name}: threshold {threshold:.2f}")
    print(f"  confusion matrix: {confusion_matrix(y_train_5, y_pred).tolist()}")
    print(f"  precision: {precision_score(y_train_5, y_pred):.4f}, "
          f"recall: {recall_score(y_train_5, y_pred):.4f}")

# %%
# Side by side, the two matrices show the trade: raising the threshold from
# 0 to 3,370 removes more than half of the false alarms (top right), and
# misses almost a thousand more 5s (bottom left).
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
titles = ["threshold 0", f"90% precision: threshold {threshold_90:,.2f}"]
for ax, title, threshold in zip(axes, titles, [0, threshold_90]):
    ConfusionMatrixDisplay.from_predictions(
        y_train_5, y_scores >= threshold, display_labels=["not 5", "5"], ax=ax,
        colorbar=False, values_format=",d", cmap="Blues",
    )
    ax.set_title(title)
fig.suptitle("The 5-detector's confusion matrix at two thresholds")

# %%
# The three curves of the page
# ----------------------------
#
# The page draws these three curves and moves a marker along each as the
# threshold changes. Here the two thresholds above are marked: the white dot
# at 0, the black one at 90% precision. On the precision/recall and ROC
# curves a threshold is a point; on the middle plot it is a vertical line
# through both curves.
fig, (ax_pr, ax_t, ax_roc) = plt.subplots(1, 3, figsize=(13, 4.2), layout="constrained")
PrecisionRecallDisplay.from_predictions(y_train_5, y_scores, ax=ax_pr, name="SGD",
                                        plot_chance_level=True)
PrecisionRecallThresholdDisplay.from_predictions(y_train_5, y_scores, ax=ax_t,
                                                 title="Against the threshold")
ax_t.set_xlim(-50000, 50000)
RocCurveDisplay.from_predictions(y_train_5, y_scores, ax=ax_roc, name="SGD",
                                 plot_chance_level=True)

explorer = ThresholdExplorer(y_train_5, y_scores)
for threshold, face in [(0, "white"), (threshold_90, "black")]:
    m = explorer.metrics(threshold)
    style = {"marker": "o", "markersize": 8, "markerfacecolor": face, "color": "black"}
    ax_pr.plot(m["recall"], m["precision"], **style)
    ax_t.axvline(threshold, color="0.4", linewidth=1)
    ax_t.plot([threshold, threshold], [m["precision"], m["recall"]], linestyle="none", **style)
    ax_roc.plot(m["false_positive_rate"], m["recall"], **style)
ax_pr.set(xlabel="recall", ylabel="precision", title="Precision against recall")
ax_roc.set(xlabel="false-positive rate", ylabel="recall (true-positive rate)",
           title="ROC curve")

# %%
# Any threshold from sorted scores
# --------------------------------
#
# Recomputing 60,000 predictions at every move of the slider would work, but
# there is a shorter way. Sort the scores from highest to lowest once and
# count the 5s as you go: the digits at or above a threshold are then the
# first ones of the sorted list, and their number of 5s is read off the
# running count. Finding where a threshold falls in the sorted list is a
# binary search, 16 steps for 60,000 scores.
order = np.argsort(y_scores)[::-1]
sorted_scores = y_scores[order]
fives_so_far = np.cumsum(y_train_5[order])

threshold = 0
n_called_5 = np.searchsorted(-sorted_scores, -threshold, side="right")
tp = fives_so_far[n_called_5 - 1]
fp = n_called_5 - tp
print(f"at threshold {threshold}: {n_called_5:,} digits called a 5, "
      f"{tp:,} true positives, {fp:,} false positives")

# %%
# :class:`~digitkit.thresholds.ThresholdExplorer` does just this, with care
# for scores that tie, and the page runs the same steps in JavaScript. Its
# counts must be those of :func:`~sklearn.metrics.confusion_matrix`, at any
# threshold: here at a few random ones.
rng = np.random.default_rng(0)
random_thresholds = rng.uniform(-30000, 30000, size=5)
agree = all(
    np.array_equal(explorer.confusion_matrix(t), confusion_matrix(y_train_5, y_scores >= t))
    for t in random_thresholds
)
print(f"same counts as confusion_matrix at {len(random_thresholds)} random thresholds: {agree}")
print(f"90% precision threshold found by the explorer: "
      f"{explorer.threshold_for_precision(0.90):.2f}")

# %%
# Write the file for the page
# ---------------------------
#
# :func:`~digitkit.thresholds.export_scores` writes the labels and the scores
# into a JavaScript file that sets ``window.DIGITKIT_THRESHOLD_SCORES``, which
# a page loads with a plain ``<script>`` tag, even when opened from disk. The
# scores are kept exactly, eight bytes each, so the page finds the very
# threshold 3,370.02 found above; the labels take one bit each.
path = Path("digitkit_threshold_scores.js")
n_bytes = export_scores(
    y_train_5, y_scores, path,
    metadata={"positive": "5", "model": "SGDClassifier(random_state=42)",
              "scores": "cross_val_predict, cv=3, method='decision_function'"},
)
print(f"wrote {path.name}: {n_bytes / 1000:.0f} KB")

loaded = load_scores(path)
print(f"scores read back unchanged: {np.array_equal(loaded.y_scores, y_scores)}")
print(f"labels read back unchanged: {np.array_equal(loaded.y_true, y_train_5)}")

# %%
# Now move the threshold yourself on the :ref:`threshold explorer
# <threshold_explorer>` page. Watch how slowly precision rises above 90%, how
# fast recall falls on the way, and how the false-positive rate, tiny at any
# threshold above 0, hides the difference the confusion matrix makes plain.

# sphinx_gallery_thumbnail_number = 2
plt.show()

# sphinx_gallery_tags = ["intermediate", "MNIST", "in the browser", "decision threshold", "metrics"]
