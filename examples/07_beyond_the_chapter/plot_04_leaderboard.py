"""
The leaderboard: what each percent costs
========================================

Every model of the gallery, scored on the same 10,000 test digits and
measured the same way: test accuracy, time to fit, time to predict the test
set, and the size of the fitted model. One table and one figure show the
trade-offs: the most accurate models are not the slowest, and the biggest
are not the best.
"""

# %%
# Where the numbers come from
# ---------------------------
#
# :func:`digitkit.evaluation.evaluate` fits a model, predicts the test set and
# measures both steps. It keeps every report on disk, keyed by the model's
# settings and the data, so the models trained by earlier examples are not
# trained again here: in the build of this site, all but the first few rows
# come from that cache, and their times are those measured when the example
# that introduced the model fitted it, so this page takes about a minute to
# build. Run on its own with an empty cache, this example fits everything
# itself, which took four and a half minutes on a quiet two-core machine
# (and several times longer on a busy one); the last line it prints adds up
# the fit and predict times in the table.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sklearn.decomposition import PCA
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import SVC

from digitkit.augment import augment_with_shifts
from digitkit.datasets import fetch_mnist
from digitkit.deskew import deskew
from digitkit.evaluation import evaluate

# %%
# The contestants
# ---------------
#
# Each model is rebuilt exactly as the example that introduced it built it,
# with the same settings and the same training data, so that its report is
# found in the cache. Three cheap models join them here: a baseline that
# always answers the most frequent digit, and the two support vector
# classifiers of :ref:`the multiclass part <multiclass>`, trained there on
# the first 2,000 digits only and never scored on the test set. One less
# cheap model joins too, a random forest on all 60,000 digits, as a
# reference from another family.
#
# Evaluating a model returns its fitted copy, which for nearest neighbours
# holds the whole training set; we keep only the numbers, so that at most
# one model is in memory at a time.
rows = []
X, y = fetch_mnist(return_X_y=True)
y_train, y_test = y[:60000], y[60000:]


def enter(name, part, estimator, X_fit, y_fit, X_score):
    report = evaluate(estimator, X_fit, y_fit, X_score, y_test)
    rows.append({
        "model": name,
        "part": part,
        "accuracy": report.accuracy,
        "errors": report.n_errors,
        "fit (s)": report.fit_seconds,
        "predict (s)": report.predict_seconds,
        "size (MB)": report.model_bytes / 1e6,
    })


# The shifted copies of "Better accuracy" fill 0.9 GB, so they come first:
# we keep float32 copies of the pixels, as that example did, let go of the
# float64 array while the 300,000 shifted digits exist, and load it again
# afterwards (in a fraction of a second: digitkit keeps the files it read).
X_train_32, X_test_32 = X[:60000].astype(np.float32), X[60000:].astype(np.float32)
del X
X_train_aug, y_train_aug = augment_with_shifts(X_train_32, y_train)
tuned_knn = KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1)
enter("KNN, tuned, shifted copies", "better accuracy", tuned_knn,
      X_train_aug, y_train_aug, X_test_32)
del X_train_32, X_test_32, X_train_aug, y_train_aug

# Everything else is trained on the pixels as loaded, float64.
X, y = fetch_mnist(return_X_y=True)
X_train, X_test = X[:60000], X[60000:]
enter("most frequent digit", "this page", DummyClassifier(), X_train, y_train, X_test)
enter("SVC, 2,000 digits", "multiclass", SVC(random_state=42),
      X_train[:2000], y_train[:2000], X_test)
enter("one-vs-rest SVC, 2,000 digits", "multiclass",
      OneVsRestClassifier(SVC(random_state=42)), X_train[:2000], y_train[:2000], X_test)
enter("SGD, raw pixels", "multiclass", SGDClassifier(random_state=42, n_jobs=-1),
      X_train, y_train, X_test)
enter("random forest", "this page", RandomForestClassifier(random_state=42, n_jobs=-1),
      X_train, y_train, X_test)
enter("KNN, default", "better accuracy", KNeighborsClassifier(n_jobs=-1),
      X_train, y_train, X_test)
enter("KNN, tuned", "better accuracy", tuned_knn, X_train, y_train, X_test)

# The models of this part, as its examples build them.
enter("deskew + KNN", "beyond the chapter", make_pipeline(
    FunctionTransformer(deskew),
    KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1),
), X_train, y_train, X_test)
enter("deskew + PCA + KNN", "beyond the chapter", make_pipeline(
    FunctionTransformer(deskew),
    PCA(n_components=50, random_state=42),
    KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1),
), X_train, y_train, X_test)
# The width and C chosen on the validation split of the previous example.
enter("deskew + PCA + RBF SVC", "beyond the chapter", make_pipeline(
    FunctionTransformer(deskew),
    PCA(n_components=50, random_state=42),
    SVC(C=3, gamma=1 / 1300**2, random_state=42),
), X_train, y_train, X_test)

# %%
# The table
# ---------
#
# Sorted from the most to the least accurate. The times are wall-clock
# seconds on the machine that fitted each model, with every core it had;
# the size is that of the pickled model, what saving it to disk would take.
board = pd.DataFrame(rows).sort_values("accuracy", ascending=False, ignore_index=True)
board.index += 1
print(board.to_string(formatters={
    "accuracy": "{:.4f}".format,
    "fit (s)": "{:.1f}".format,
    "predict (s)": "{:.1f}".format,
    "size (MB)": "{:.1f}".format,
}))
best = board.iloc[0]
print(f"best model: {best['model']}")
print(f"best model test accuracy: {best['accuracy']:.4f}")

# %%
# The trade-offs in one picture
# -----------------------------
#
# The test error is on a logarithmic scale, so that each step down is the
# same share of mistakes removed; lower is better. The left panel puts it
# against the time to predict the 10,000 test digits, the right one against
# the time to fit; the area of each marker shows the size of the model, and
# the number is its rank in the table. The baseline that always answers the
# most frequent digit (88.65% error) is left out, to give the others room.
#
# Three families stand out. Nearest-neighbours models fit in an instant,
# since they only store the training set, but are the slowest to predict and
# the biggest, because every prediction compares against all of it. The
# support vector machine trained on 60,000 digits is among the slowest to
# fit, then predicts in seconds and makes the fewest mistakes, with a model
# smaller than any nearest-neighbours model. The linear model and the
# forest predict fastest but make more mistakes; the forest is also big.
shown = board[board["model"] != "most frequent digit"]
error = 100 * (1 - shown["accuracy"])
size = shown["size (MB)"]
marker_area = 20 + 400 * np.sqrt(size / board["size (MB)"].max())
colours = shown["part"].map({
    "this page": "tab:gray", "multiclass": "tab:blue",
    "better accuracy": "tab:orange", "beyond the chapter": "tab:green",
})
fig, axes = plt.subplots(1, 2, figsize=(11, 5.5), sharey=True, layout="constrained")
for ax, column in zip(axes, ["predict (s)", "fit (s)"]):
    ax.scatter(shown[column], error, s=marker_area, c=colours, alpha=0.6,
               edgecolors="black", linewidths=0.5)
    # Each rank sits just above and to the right of its marker, so that the
    # ranks of overlapping markers stay readable.
    for rank, x_value, y_value, area in zip(shown.index, shown[column], error, marker_area):
        offset = 0.7 * np.sqrt(area / np.pi) + 2
        ax.annotate(str(rank), (x_value, y_value), xytext=(offset, offset),
                    textcoords="offset points", fontsize="small", fontweight="bold")
    ax.set(xscale="log", xlabel=f"{column[:-4]} time (seconds, log scale)")
    ax.grid(True, which="major", alpha=0.3)
axes[0].set(yscale="log", ylabel="test error (%, log scale)")
error_ticks = [1, 1.5, 2, 3, 5, 7, 10, 15]
axes[0].set_yticks(error_ticks, labels=[f"{tick:g}" for tick in error_ticks])
axes[0].yaxis.set_minor_formatter(plt.NullFormatter())
axes[0].margins(y=0.1)
axes[0].set_title("Error against predict time")
axes[1].set_title("Error against fit time")
# A legend that lists the models by rank, coloured by the part they come from.
for rank, name, megabytes, colour in zip(shown.index, shown["model"], size, colours):
    axes[1].scatter([], [], s=40, color=colour, alpha=0.6, edgecolors="black",
                    linewidths=0.5, label=f"{rank}. {name} ({megabytes:,.1f} MB)")
axes[1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small",
               title="rank, model (size)", frameon=False)
fig.suptitle("The models of the gallery on the 10,000 MNIST test digits "
             "(marker area: model size)")

# %%
# Which model would you ship? Here, the support vector machine: the most
# accurate, among the smallest, and quick enough to predict. Its one
# drawback, the long fit, is paid once, while the cost of predicting is paid
# every time the model is used. Where every kilobyte counts, the linear model
# takes a fraction of a megabyte, at the price of many more mistakes.
total_minutes = (board["fit (s)"].sum() + board["predict (s)"].sum()) / 60
print(f"fitting and scoring every model from scratch: {total_minutes:.0f} min "
      f"on the machines that fitted them")

# sphinx_gallery_thumbnail_number = 1
plt.show()
