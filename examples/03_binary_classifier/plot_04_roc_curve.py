"""
The ROC curve, and comparing two 5-detectors
============================================

The receiver operating characteristic (ROC) curve is another way to see every
threshold of a binary classifier at once: the share of 5s found against the
share of other digits wrongly flagged. This example draws it for the SGD
5-detector, summarises it by the area under the curve (AUC), and then uses
both the ROC and the precision/recall curves to compare the SGD model with a
random forest.
"""

# %%
# Cross-validated scores of the SGD detector
# ------------------------------------------
#
# As in the :ref:`previous example
# <sphx_glr_auto_examples_03_binary_classifier_plot_03_precision_recall_tradeoff.py>`,
# every training digit gets a decision score from a model that did not see
# it. These scores feed every curve below.
import matplotlib.pyplot as plt

from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import (
    PrecisionRecallDisplay,
    RocCurveDisplay,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import cross_val_predict

from digitkit.datasets import fetch_mnist

mnist = fetch_mnist()
X_train, y_train = mnist.data[:60000], mnist.target[:60000]
y_train_5 = y_train == 5

y_scores = cross_val_predict(
    SGDClassifier(random_state=42), X_train, y_train_5, cv=3,
    method="decision_function", n_jobs=-1,
)

# %%
# The ROC curve
# -------------
#
# For each threshold, the ROC curve plots the **true positive rate** (the
# recall: the share of 5s flagged) against the **false positive rate** (the
# share of non-5s flagged). A perfect detector hugs the top-left corner; one
# that guesses at random follows the diagonal. Both rates rise together as
# the threshold falls, so here too higher recall costs more false alarms.
#
# To place the detector of the previous example on the curve, we find again
# the lowest threshold that gives 90% precision, and compute both rates
# there.
precisions, recalls, thresholds = precision_recall_curve(y_train_5, y_scores)
threshold_90 = thresholds[(precisions >= 0.90).argmax()]
y_pred_90 = y_scores >= threshold_90
tpr_90 = recall_score(y_train_5, y_pred_90)
fpr_90 = (y_pred_90 & ~y_train_5).sum() / (~y_train_5).sum()
print(f"at threshold {threshold_90:.2f}: true positive rate {tpr_90:.4f}, "
      f"false positive rate {fpr_90:.4f}")
print(f"false alarms there: {(y_pred_90 & ~y_train_5).sum()} of {(~y_train_5).sum()} non-5s")

disp = RocCurveDisplay.from_predictions(
    y_train_5, y_scores, name="SGD 5-detector", plot_chance_level=True
)
disp.ax_.plot(fpr_90, tpr_90, "ko", label="90% precision")
disp.ax_.annotate(
    f"threshold {threshold_90:,.0f}\nrecall {tpr_90:.0%}, false positive rate {fpr_90:.1%}",
    xy=(fpr_90, tpr_90), xytext=(0.15, 0.6), arrowprops={"arrowstyle": "->"},
)
disp.ax_.set(xlabel="false positive rate (share of non-5s flagged)",
             ylabel="true positive rate (recall)",
             title="ROC curve of the 5-detector")
_ = disp.ax_.legend(loc="lower right")

# %%
# Area under the curve
# --------------------
#
# The area under the ROC curve sums it up in one number: 1 for a perfect
# detector, 0.5 for random guessing. It is also the chance that a randomly
# chosen 5 scores higher than a randomly chosen other digit.
print(f"SGD ROC AUC: {roc_auc_score(y_train_5, y_scores):.4f}")

# %%
# An AUC of 0.96 sounds excellent, yet this detector finds only 48% of the 5s
# at 90% precision. The ROC curve flatters it because the non-5s are so
# many: the 289 false alarms at the marked point are still a tiny false
# positive rate, under 1%. When the positive class is rare, or when false
# positives matter more than false negatives, the precision/recall curve is
# the more telling of the two.
#
# A random forest
# ---------------
#
# A :class:`~sklearn.ensemble.RandomForestClassifier` has no
# ``decision_function``; it estimates the probability of each class with
# ``predict_proba``. The probability of the positive class serves as a score.
# Its trees are built in parallel with ``n_jobs=-1``, which does not change
# the forest.
forest_clf = RandomForestClassifier(random_state=42, n_jobs=-1)
y_probas_forest = cross_val_predict(
    forest_clf, X_train, y_train_5, cv=3, method="predict_proba"
)
print("probabilities of 'not 5' and '5' for the first two digits:")
print(y_probas_forest[:2].round(2))
y_scores_forest = y_probas_forest[:, 1]

# %%
# The forest gives the first digit, a 5, a probability of 0.89 of being a 5,
# and the second, a 0, only 0.01. Saying 5 when that probability is at least
# 0.5 gives a far better detector than the SGD model, whose F1 score was
# 0.73 in the :ref:`confusion matrix example
# <sphx_glr_auto_examples_03_binary_classifier_plot_02_confusion_matrix.py>`:
# it is right 99% of the time when it says 5, and finds 87% of the 5s.
y_pred_forest = y_scores_forest >= 0.5
print(f"random forest ROC AUC: {roc_auc_score(y_train_5, y_scores_forest):.4f}")
print(f"random forest F1 score: {f1_score(y_train_5, y_pred_forest):.4f}")
print(f"random forest precision: {precision_score(y_train_5, y_pred_forest):.4f}")
print(f"random forest recall: {recall_score(y_train_5, y_pred_forest):.4f}")

# %%
# Both models, both curves
# ------------------------
#
# On both plots the forest's curve runs much closer to the ideal corner (top
# right for precision/recall, top left for ROC): at any precision it finds
# more 5s, and at any false positive rate it finds more 5s too. The gap looks
# far wider on the precision/recall curve, which does not hide the false
# alarms among the many non-5s.
fig, (ax_pr, ax_roc) = plt.subplots(1, 2, figsize=(11, 5), layout="constrained")
for name, scores in [("SGD", y_scores), ("random forest", y_scores_forest)]:
    PrecisionRecallDisplay.from_predictions(y_train_5, scores, name=name, ax=ax_pr)
    RocCurveDisplay.from_predictions(y_train_5, scores, name=name, ax=ax_roc)
ax_pr.set(xlabel="recall", ylabel="precision", title="Precision/recall curves")
ax_pr.legend(loc="lower left")
ax_roc.plot([0, 1], [0, 1], "k:", label="chance level (AUC = 0.5)")
ax_roc.set(xlabel="false positive rate", ylabel="true positive rate (recall)",
           title="ROC curves")
ax_roc.legend(loc="lower right")
fig.suptitle("The 5-detector: SGD against a random forest (cross-validated)")

# sphinx_gallery_thumbnail_number = 2
plt.show()

# sphinx_gallery_tags = ["intermediate", "MNIST", "binary classification", "metrics", "ensembles"]
