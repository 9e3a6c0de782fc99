"""
Multilabel classification: several yes-or-no answers per digit
==============================================================

A multilabel classifier gives each sample several binary labels at once. This
example asks two questions about every digit, "is it large (7, 8 or 9)?" and
"is it odd?", answers both with a single k-nearest-neighbours model, and
scores it with macro- and weighted-averaged F1. It then shows how
:class:`~sklearn.multioutput.ClassifierChain` lets a model that only knows
one label at a time, such as a support vector classifier, do the same job.
"""

# %%
# Two labels per digit
# --------------------
#
# The target becomes a table with one column per question: ``y_multilabel``
# has 60,000 rows and two boolean columns. The first digit, a 5, is small and
# odd.
import matplotlib.pyplot as plt
import numpy as np

from sklearn.metrics import f1_score
from sklearn.model_selection import cross_val_predict
from sklearn.multioutput import ClassifierChain
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from digitkit.datasets import fetch_mnist
from digitkit.plotting import plot_digit

mnist = fetch_mnist()
X, y = mnist.data, mnist.target
X_train, y_train = X[:60000], y[:60000]
some_digit = X[0]

y_train_large = y_train >= 7
y_train_odd = y_train % 2 == 1
y_multilabel = np.c_[y_train_large, y_train_odd]
print(f"targets: {y_multilabel.shape}, labels of the first digit ({y_train[0]}): {y_multilabel[0]}")
print(f"share of large digits: {y_multilabel[:, 0].mean():.1%}, "
      f"of odd digits: {y_multilabel[:, 1].mean():.1%}")

# %%
# A classifier that handles both at once
# --------------------------------------
#
# :class:`~sklearn.neighbors.KNeighborsClassifier` supports multilabel
# targets natively: it finds the five training digits closest to the new one
# and takes a majority vote on each label separately. Fitting only stores the
# training set, so it is instant; the work happens at prediction time.
# ``n_jobs=-1`` spreads that work over all cores without changing the result.
knn_clf = KNeighborsClassifier(n_jobs=-1)
knn_clf.fit(X_train, y_multilabel)
print(f"prediction for the first digit [large, odd]: {knn_clf.predict([some_digit])[0]}")

# %%
# Right on both counts: a 5 is not large, and it is odd.
#
# Scoring several labels
# ----------------------
#
# Out-of-fold predictions from three-fold cross-validation give every
# training digit a pair of labels from a model that never saw it. Comparing
# each digit with the other two folds, two thirds of the training set, is
# the slow part here, so we compute the predictions once and derive every
# score from them.
y_train_knn_pred = cross_val_predict(knn_clf, X_train, y_multilabel, cv=3)

# %%
# The F1 score combines precision and recall for one binary label. With
# several labels, ``average="macro"`` takes the plain mean of the per-label
# scores, treating the labels as equally important. ``average="weighted"``
# weights each label by its support, the number of digits that have it; odd
# digits are more common than large ones, so their score counts more.
f1_per_label = f1_score(y_multilabel, y_train_knn_pred, average=None)
f1_macro = f1_score(y_multilabel, y_train_knn_pred, average="macro")
f1_weighted = f1_score(y_multilabel, y_train_knn_pred, average="weighted")
print(f"F1 per label: large {f1_per_label[0]:.4f}, odd {f1_per_label[1]:.4f}")
print(f"F1, macro average: {f1_macro:.4f}")
print(f"F1, weighted average: {f1_weighted:.4f}")

# %%
# Both averages are close to 98%. Here are the first twelve training digits
# on which at least one of the two answers is wrong; wrong answers are in
# capitals.
# Some are oddly drawn (the third one, a 9, could pass for an 8); others
# look clear to us.
answer_names = [("small", "large"), ("even", "odd")]
wrong = np.flatnonzero((y_train_knn_pred != y_multilabel).any(axis=1))[:12]
fig, axes = plt.subplots(2, 6, figsize=(10, 4.4))
for ax, index in zip(axes.ravel(), wrong):
    answers = []
    for names, predicted, true in zip(answer_names, y_train_knn_pred[index], y_multilabel[index]):
        answer = names[int(predicted)]
        answers.append(answer if predicted == true else answer.upper())
    plot_digit(X_train[index], ax=ax, title=f"true {y_train[index]}\n{', '.join(answers)}")
fig.suptitle("Mistakes of the k-nearest-neighbours model: true digit, then its answers")
fig.tight_layout()

# %%
# Chaining binary classifiers
# ---------------------------
#
# :class:`~sklearn.svm.SVC` does not accept a two-column target. One way
# around it is :class:`~sklearn.multioutput.ClassifierChain`: it trains one
# model per label, in order, and gives each model the predictions of the
# previous ones as extra features. The second model, which answers "odd?",
# thus also knows what the first one said about "large?". With ``cv=3``,
# those extra features are out-of-fold predictions during training, so the
# second model learns from the kind of imperfect answers it will see in use.
# As with any SVC, we train on the first 2,000 images to keep it quick.
chain_clf = ClassifierChain(SVC(), cv=3, random_state=42)
chain_clf.fit(X_train[:2000], y_multilabel[:2000])
chain_pred = chain_clf.predict([some_digit])[0].astype(bool)
print(f"chain prediction for the first digit [large, odd]: {chain_pred}")
print(f"features seen by each model in the chain: "
      f"{[estimator.n_features_in_ for estimator in chain_clf.estimators_]}")

# %%
# The chain also answers small and odd. Its second model sees 785 features:
# the 784 pixels plus the first model's answer. When the labels are
# independent of each other, :class:`~sklearn.multioutput.MultiOutputClassifier`
# is the simpler choice: it fits one classifier per label, side by side.

plt.show()

# sphinx_gallery_tags = ["intermediate", "MNIST", "multilabel", "nearest neighbors", "metrics"]
