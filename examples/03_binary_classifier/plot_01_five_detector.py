"""
A 5-detector, and why accuracy can mislead
==========================================

This example trains a binary classifier that answers one question, "is this
digit a 5?", and measures it with cross-validation, first with
:func:`~sklearn.model_selection.cross_val_predict` and then by hand. A dummy
model that never says 5 scores almost as well, which shows why accuracy is a
poor yardstick when one class is rare.
"""

# %%
# Load the data and make binary labels
# ------------------------------------
#
# The first 60,000 MNIST digits are the training set. A binary classifier
# needs two classes, so the target becomes ``True`` for every 5 and ``False``
# for every other digit. Only about one digit in eleven is a 5.
import matplotlib.pyplot as plt
import numpy as np

from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict, cross_val_score

from digitkit.datasets import fetch_mnist
from digitkit.plotting import plot_digit

mnist = fetch_mnist()
X, y = mnist.data, mnist.target
X_train, y_train = X[:60000], y[:60000]

y_train_5 = y_train == 5
print(f"5s in the training set: {y_train_5.sum()} of {len(y_train_5)} "
      f"({y_train_5.mean():.1%})")

# %%
# Train a stochastic gradient descent classifier
# ----------------------------------------------
#
# :class:`~sklearn.linear_model.SGDClassifier` fits a linear model one
# sample at a time, which keeps it fast on large data sets. It shuffles the
# samples between passes, so ``random_state`` fixes the result: run this
# example twice and you get the same model, digit for digit.
sgd_clf = SGDClassifier(random_state=42)
sgd_clf.fit(X_train, y_train_5)

# %%
# The first digit of the training set is a 5. The detector agrees.
some_digit = X[0]
is_five = sgd_clf.predict([some_digit])[0]
print(f"is the first digit a 5? {is_five}")
fig, ax = plt.subplots(figsize=(3, 3))
_ = plot_digit(some_digit, ax=ax, title=f"Is it a 5? The detector says {is_five}")

# %%
# Cross-validated scores with cross_val_predict
# ---------------------------------------------
#
# One right answer proves little. Three-fold cross-validation splits the
# training set into three folds, trains on two and judges the third, three
# times over, so every digit is judged by a model that never saw it. For a
# classifier, the folds are stratified: each holds the same share of 5s.
#
# :func:`~sklearn.model_selection.cross_val_predict` does exactly that and
# returns, for every training digit, the answer of the fold model that did
# not see it. Asked for ``method="decision_function"``, it returns each
# digit's *decision score*: the detector says 5 exactly when the score is
# above 0. Those scores give the accuracy of each fold here, and the next
# three examples draw the confusion matrix, the precision/recall curves and
# the ROC curve from the very same call. ``n_jobs=-1`` trains the three fold
# models side by side on all your CPU cores; the scores are the same either
# way.
y_scores = cross_val_predict(
    sgd_clf, X_train, y_train_5, cv=3, method="decision_function", n_jobs=-1
)
y_train_pred = y_scores > 0

# cross_val_predict split the digits with StratifiedKFold(n_splits=3).
skfolds = StratifiedKFold(n_splits=3)
test_folds = [test for _, test in skfolds.split(X_train, y_train_5)]
cv_accuracy = [float(np.mean(y_train_pred[test] == y_train_5[test]))
               for test in test_folds]
print(f"accuracy per fold: {cv_accuracy}")

# %%
# Over 95% of the digits are classified correctly in every fold.
#
# The same thing by hand
# ----------------------
#
# Writing the loop out shows what happens inside:
# :class:`~sklearn.model_selection.StratifiedKFold` yields the row indices of
# each split, and :func:`~sklearn.base.clone` makes a fresh, unfitted copy of
# the model with the same settings, so no fold benefits from another fold's
# training.
by_hand = []
for fold, (train_index, test_index) in enumerate(skfolds.split(X_train, y_train_5), 1):
    clone_clf = clone(sgd_clf)
    clone_clf.fit(X_train[train_index], y_train_5[train_index])
    y_pred = clone_clf.predict(X_train[test_index])
    n_correct = (y_pred == y_train_5[test_index]).sum()
    by_hand.append(n_correct / len(y_pred))
    print(f"fold {fold}: {n_correct} of {len(y_pred)} right, accuracy {by_hand[-1]}")

print(f"same as cross_val_predict: {np.array_equal(by_hand, cv_accuracy)}")

# %%
# ``cross_val_predict`` uses the same unshuffled stratified folds and the
# same clones, so the numbers match exactly.
#
# A model that never says 5
# -------------------------
#
# Is 95% good? Compare with the dumbest possible detector.
# :class:`~sklearn.dummy.DummyClassifier` ignores the images and always
# predicts the most common class, here "not a 5".
dummy_clf = DummyClassifier()
dummy_clf.fit(X_train, y_train_5)
print(f"does the dummy ever say 5? {dummy_clf.predict(X_train).any()}")

# %%
# When only the score of each fold matters,
# :func:`~sklearn.model_selection.cross_val_score` is the shortcut: it runs
# the same loop and returns one score per fold.
dummy_accuracy = cross_val_score(dummy_clf, X_train, y_train_5, cv=3, scoring="accuracy")
print(f"never-5 accuracy per fold: {dummy_accuracy.tolist()}")

# %%
# The dummy is right about 91% of the time without finding a single 5,
# simply because about 91% of the digits are not 5s. Against that baseline,
# the detector's 95-96% is a much smaller achievement than it first looked.
#
# This is the trouble with accuracy on skewed classes: when one class is
# rare, the share of correct answers is dominated by the common class, and a
# model can score high while missing most of what it is meant to find.
# Better measures look at the 5s directly: how many of the digits flagged as
# 5 really are 5s, and how many of the 5s get flagged. The confusion matrix,
# in the :ref:`next example
# <sphx_glr_auto_examples_03_binary_classifier_plot_02_confusion_matrix.py>`,
# counts exactly that.
fig, ax = plt.subplots(figsize=(7, 3.5))
folds = np.arange(1, 4)
bars_sgd = ax.bar(folds - 0.2, cv_accuracy, width=0.4, label="SGD 5-detector")
bars_dummy = ax.bar(folds + 0.2, dummy_accuracy, width=0.4, label='dummy ("never 5")')
for bars in (bars_sgd, bars_dummy):
    ax.bar_label(bars, fmt="%.3f", padding=2)
ax.set(xticks=folds, xticklabels=[f"fold {fold}" for fold in folds], ylim=(0, 1.3),
       yticks=np.linspace(0, 1, 6), ylabel="accuracy",
       title="Cross-validated accuracy: a detector and a dummy")
ax.legend(loc="upper center", ncols=2)

# sphinx_gallery_thumbnail_number = 2
plt.show()

# sphinx_gallery_tags = ["beginner", "MNIST", "binary classification", "cross-validation", "linear models"]
