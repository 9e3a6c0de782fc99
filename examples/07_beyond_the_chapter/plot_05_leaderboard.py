"""
The leaderboard: what each percent costs
========================================

The digit classifiers of the gallery, scored on the same 10,000 test
digits and measured the same way: test accuracy, time to fit, time to
predict the test set, and the size of the fitted model. One table and one
figure show the trade-offs: what each step in accuracy costs in time and
memory, and which model is worth keeping.
"""

# %%
# Measuring a model
# -----------------
#
# :func:`~sklearn.model_selection.cross_validate` fits a model, scores it
# and times both steps. Its ``cv`` argument is usually a number of folds,
# but it also accepts a list of (train indices, test indices) pairs, and a
# list with a single pair is a valid choice: the standard split of MNIST,
# the first 60,000 digits for training and the last 10,000 for testing.
# It returns ``fit_time``, the seconds spent in ``fit``, and ``score_time``,
# the seconds spent predicting the 10,000 test digits and computing the
# accuracy: wall-clock seconds, best read by comparing the models with one
# another. They depend on the machine and on what else runs on it: the
# site's build runs another example beside this one, which can stretch a
# time by half or more, so your own run may well be faster. With
# ``return_estimator=True`` it also returns the fitted model, whose size we
# take as the length of its pickle, what saving it to a file
# takes. We measure it by saving the model to a temporary file: the pickle
# of a model that stores its training digits is as big as they are, and a
# file does not have to hold it in memory, as ``pickle.dumps`` would.
import pickle
import tempfile
from time import perf_counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sklearn.decomposition import PCA
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import cross_validate
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import SVC

from digitkit.augment import augment_with_shifts
from digitkit.datasets import fetch_mnist
from digitkit.deskew import deskew
from digitkit.virtual import VirtualSupportVectorClassifier

X, y = fetch_mnist(return_X_y=True)
train_all, train_2000 = np.arange(60000), np.arange(2000)
test = np.arange(60000, 70000)


def pickled_megabytes(model):
    """The length of ``model``'s pickle, in MB: the bytes written to a temporary file."""
    with tempfile.TemporaryFile() as file:
        pickle.dump(model, file)
        return file.tell() / 1e6


# %%
# The contestants
# ---------------
#
# The board holds the models of the gallery that read a whole digit and
# answer which one it is, 0 to 9. (The 5-detectors of the
# :ref:`binary classifier part <binary_classifier>` and the models of the
# :ref:`multilabel and multioutput part <multilabel_multioutput>` answer
# other questions.) Each model is built exactly as the example that
# introduced it built it, with the same settings and the same training
# digits, so where that example printed a test accuracy, the table shows
# the same one. Three cheap models
# join them here: a baseline that always answers the most frequent digit,
# and the two support vector classifiers of :ref:`the multiclass part
# <multiclass>`, trained there on the first 2,000 digits only and never
# scored on the test set. One less cheap model joins too, a random forest on
# all 60,000 digits, as a reference from another family. ``n_jobs=-1`` lets
# the linear model, the forest and the nearest-neighbours models use all
# your CPU cores; the results are the same.
#
# The virtual SVM trains twice: once on the digits, once on its support
# vectors and their shifted copies. Its example does both steps by hand;
# here :class:`~digitkit.virtual.VirtualSupportVectorClassifier` does the
# same two fits as one estimator, so that it is timed and scored like the
# others. Deskewing comes before it, since the copies are shifted after
# deskewing, and PCA inside it, since each fit projects its own digits.
#
# The small neural network of the :ref:`next part
# <sphx_glr_auto_examples_08_draw_a_digit_plot_01_model_for_the_browser.py>`
# joins them further down. Two digit classifiers of the gallery are left
# out, to keep this page's run short; their pages print how accurate they
# are. One is the linear model of the :ref:`error analysis
# <sphx_glr_auto_examples_04_multiclass_plot_02_error_analysis.py>`: on
# standardized pixels, stochastic gradient descent makes up to
# ``max_iter=1000`` passes over the digits. The other is the
# nearest-neighbours model of the :ref:`data augmentation example
# <sphx_glr_auto_examples_06_better_accuracy_plot_02_data_augmentation.py>`,
# which stores 300,000 digits and compares each test digit with all of
# them, five times the work of the plain one.
contestants = [
    ("most frequent digit", "this page", DummyClassifier(), train_all),
    ("SVC, 2,000 digits", "multiclass", SVC(random_state=42), train_2000),
    ("one-vs-rest SVC, 2,000 digits", "multiclass",
     OneVsRestClassifier(SVC(random_state=42)), train_2000),
    ("SGD, raw pixels", "multiclass", SGDClassifier(random_state=42, n_jobs=-1), train_all),
    ("random forest", "this page", RandomForestClassifier(random_state=42, n_jobs=-1),
     train_all),
    ("KNN, default", "better accuracy", KNeighborsClassifier(n_jobs=-1), train_all),
    ("KNN, tuned", "better accuracy",
     KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1), train_all),
    # The models of this part, as its examples build them.
    ("deskew + KNN", "beyond the chapter", make_pipeline(
        FunctionTransformer(deskew),
        KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1),
    ), train_all),
    ("deskew + PCA + KNN", "beyond the chapter", make_pipeline(
        FunctionTransformer(deskew),
        PCA(n_components=50, random_state=42),
        KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1),
    ), train_all),
    # The width and C chosen on the validation split of the previous example.
    ("deskew + PCA + RBF SVC", "beyond the chapter", make_pipeline(
        FunctionTransformer(deskew),
        PCA(n_components=50, random_state=42),
        SVC(C=3, gamma=1 / 1300**2, random_state=42),
    ), train_all),
    # The copies chosen on the validation split of the virtual SVM example.
    ("virtual SVM", "beyond the chapter", make_pipeline(
        FunctionTransformer(deskew),
        VirtualSupportVectorClassifier(make_pipeline(
            PCA(n_components=50, random_state=42),
            SVC(C=3, gamma=1 / 1300**2, random_state=42),
        ), shifts=[(-1, 0), (1, 0), (0, 1), (0, -1), (-2, 0), (2, 0), (0, 2), (0, -2)]),
    ), train_all),
]

# %%
# Each model is measured in turn. The fitted model of a nearest-neighbours
# classifier holds its whole training set, so we keep only the numbers and
# let the model go before the next one is trained.
rows = []
for name, part, model, train in contestants:
    result = cross_validate(model, X, y, cv=[(train, test)], scoring="accuracy",
                            return_estimator=True)
    accuracy = result["test_score"][0]
    rows.append({
        "model": name,
        "part": part,
        "accuracy": accuracy,
        "errors": round((1 - accuracy) * len(test)),
        "fit (s)": result["fit_time"][0],
        "score (s)": result["score_time"][0],
        "size (MB)": pickled_megabytes(result["estimator"][0]),
    })
    del result

# %%
# The neural network of the next part is trained in a loop that
# :func:`~sklearn.model_selection.cross_validate` cannot run: its example
# divides the grey levels by 255 (in float32), adds four copies of every
# training digit shifted by one pixel, and makes exactly three passes over
# them with :meth:`~sklearn.neural_network.MLPClassifier.partial_fit`, for
# reasons that page explains. We repeat those steps and time them by
# hand, the way ``cross_validate`` times the others: the fit includes
# making the copies, the score includes scaling the test digits. Two steps
# swap places: we make the float32 copies first (``dtype=np.float32``),
# then divide all of them by 255 in place, so that no scaled copy of the
# training digits sits in memory beside the augmented set. The numbers
# are the very same: a whole number from 0 to 255 divided by 255 rounds to
# the same float32 either way. As that page explains, the network's
# float32 sums are not always rounded the same way, so its accuracy here
# can differ from the one printed there in the last digit.
start = perf_counter()
# X[:60000] holds the digits of train_all as a view; X[train_all] would copy them.
X_train_aug, y_train_aug = augment_with_shifts(X[:60000], y[:60000], dtype=np.float32)
X_train_aug /= 255  # in place: no second array of 300,000 digits
network = MLPClassifier(hidden_layer_sizes=(128,), batch_size=200, random_state=0)
for _ in range(3):  # three passes, as in the next part
    network.partial_fit(X_train_aug, y_train_aug, classes=np.arange(10))
fit_seconds = perf_counter() - start
del X_train_aug, y_train_aug
start = perf_counter()
accuracy = network.score((X[test] / 255).astype(np.float32), y[test])
score_seconds = perf_counter() - start
rows.append({
    "model": "neural network",
    "part": "draw a digit",
    "accuracy": accuracy,
    "errors": round((1 - accuracy) * len(test)),
    "fit (s)": fit_seconds,
    "score (s)": score_seconds,
    "size (MB)": pickled_megabytes(network),
})

# %%
# The table
# ---------
#
# Sorted from the most to the least accurate. ``score (s)`` is the time to
# predict the 10,000 test digits and compute the accuracy; for the pipelines,
# both times include the steps before the classifier (deskewing, and PCA
# where there is one). Below the table, the slowest and the biggest models,
# read from it.
board = pd.DataFrame(rows).sort_values("accuracy", ascending=False, ignore_index=True)
board.index += 1
print(board.to_string(formatters={
    "accuracy": "{:.4f}".format,
    "fit (s)": "{:.1f}".format,
    "score (s)": "{:.1f}".format,
    "size (MB)": "{:.1f}".format,
}))
best = board.iloc[0]
print(f"best model: {best['model']}")
print(f"best model test accuracy: {best['accuracy']:.4f}")
for column, what in [("fit (s)", "slowest to fit"), ("score (s)", "slowest to predict")]:
    slowest = board.loc[board[column].idxmax()]
    print(f"{what}: {slowest['model']} ({slowest[column]:.1f} s)")
# Models of the same size to within 1 MB count as tied.
biggest = board[board["size (MB)"] > board["size (MB)"].max() - 1]
print(f"biggest: {'; '.join(biggest['model'])} ({biggest['size (MB)'].max():.1f} MB)")

# %%
# The trade-offs in one picture
# -----------------------------
#
# The test error is on a logarithmic scale, so that each step down is the
# same share of mistakes removed; lower is better. The left panel puts it
# against the score time (predicting the 10,000 test digits), the right one
# against the time to fit; the area of each marker shows the size of the
# model, and the number is its rank in the table. The baseline that always
# answers the most frequent digit (8,865 errors out of 10,000) is left out,
# to give the others room.
#
# Each family has its own trade-off. Nearest-neighbours models on the
# pixels fit in an instant, since they only store the training set (the
# deskewed one spends its fit deskewing the digits), but
# they are the biggest models and take seconds to predict, because every
# prediction compares against all of it; with 50 PCA components instead of
# 784 pixels, both shrink. The support vector machines trained on 60,000
# digits make the fewest mistakes, with models smaller than any
# nearest-neighbours model. The plain one takes longer to fit than any
# nearest-neighbours model, then predicts in seconds. The virtual one,
# trained a second time on the shifted copies of its support vectors,
# removes about a quarter of the remaining mistakes, and pays for it: it
# takes at least twice as long as the plain one to fit and to predict, since
# it trains twice and keeps several times as many support vectors. The
# neural network makes fewer mistakes than any model that reads the digits
# as written, is smaller than any model but the linear one and the
# baseline, and predicts in a fraction of a second. The linear model and the forest predict as quickly,
# but make more mistakes; the forest is also big.
shown = board[board["model"] != "most frequent digit"]
error = 100 * (1 - shown["accuracy"])
size = shown["size (MB)"]
marker_area = 20 + 400 * np.sqrt(size / board["size (MB)"].max())
colours = shown["part"].map({
    "this page": "tab:gray", "multiclass": "tab:blue",
    "better accuracy": "tab:orange", "beyond the chapter": "tab:green",
    "draw a digit": "tab:purple",
})
fig, axes = plt.subplots(1, 2, figsize=(11, 5.5), sharey=True, layout="constrained")
for ax, column in zip(axes, ["score (s)", "fit (s)"]):
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
error_ticks = [0.7, 1, 1.5, 2, 3, 5, 7, 10, 15]
axes[0].set_yticks(error_ticks, labels=[f"{tick:g}" for tick in error_ticks])
axes[0].yaxis.set_minor_formatter(plt.NullFormatter())
axes[0].margins(y=0.1)
axes[0].set_title("Error against score time (predicting the test set)")
axes[1].set_title("Error against fit time")
# A legend that lists the models by rank, coloured by the part they come from.
for rank, name, megabytes, colour in zip(shown.index, shown["model"], size, colours):
    axes[1].scatter([], [], s=40, color=colour, alpha=0.6, edgecolors="black",
                    linewidths=0.5, label=f"{rank}. {name} ({megabytes:,.1f} MB)")
axes[1].legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small",
               title="rank, model (size)", frameon=False)
fig.suptitle("The digit classifiers of the gallery on the 10,000 MNIST test digits "
             "(marker area: model size)")

# %%
# Which model would you ship? Where every mistake counts, a support vector
# machine: the two are the most accurate models, and smaller than any
# nearest-neighbours model. The virtual one makes the fewest mistakes; the
# plain one predicts at least twice as fast, for about a third more
# mistakes. The long fit is paid once, while the cost of predicting is paid
# every time the model is used. Where predictions must be instant and the
# model small, as in a web page, the neural network, for about twice the
# mistakes of the virtual SVM. Where every kilobyte counts, the linear model
# takes a fraction of a megabyte, at the price of many more mistakes.
total_minutes = (board["fit (s)"].sum() + board["score (s)"].sum()) / 60
print(f"fitting and scoring every model above took {total_minutes:.1f} min")

# sphinx_gallery_thumbnail_number = 1
plt.show()

# sphinx_gallery_tags = ["advanced", "MNIST", "model selection", "metrics"]
