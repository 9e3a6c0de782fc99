"""
Which digits are these errors? Data for the error browser
=========================================================

A confusion matrix counts a model's mistakes; the :ref:`error browser
<error_browser>` page lets you click a count and see the digits behind it.
This example makes what that page shows: the test-set predictions of two
models of this gallery, the tuned nearest neighbours and the kernel support
vector machine, their confusion matrices, which mistakes the two share, and
a small file with the labels, the predictions and the digits the page draws.
"""

# %%
# The data
# --------
#
# The usual split: the first 60,000 digits to train on, the last 10,000 to
# test. Every number on the error browser is about these 10,000 test digits,
# and every digit it shows is one of them, with its index in the test set
# (0 to 9,999; add 60,000 for its row in the full data set).
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sklearn.decomposition import PCA
from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score, confusion_matrix
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import SVC

from digitkit.confusion import export_error_browser, load_error_browser
from digitkit.datasets import fetch_mnist
from digitkit.deskew import deskew
from digitkit.plotting import plot_digit

X, y = fetch_mnist(return_X_y=True)
X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
print(f"training set: {X_train.shape}, test set: {X_test.shape}")

# %%
# Two models from the gallery
# ---------------------------
#
# The first is the nearest-neighbours model that :ref:`passed 97%
# <sphx_glr_auto_examples_06_better_accuracy_plot_01_knn_tuning.py>`: four
# neighbours, whose votes count more the closer they are, compared pixel by
# pixel with all 60,000 training digits.
knn = KNeighborsClassifier(n_neighbors=4, weights="distance", n_jobs=-1)
knn.fit(X_train, y_train)
y_pred_knn = knn.predict(X_test)
print(f"tuned KNN test accuracy: {accuracy_score(y_test, y_pred_knn):.4f}")
print(f"misclassified test digits: {np.sum(y_pred_knn != y_test)}")

# %%
# The second is the best model of "beyond the chapter", the :ref:`kernel
# support vector machine
# <sphx_glr_auto_examples_07_beyond_the_chapter_plot_03_kernel_svm.py>`:
# each digit is straightened (deskewed), reduced to its 50 principal
# components, and classified by an RBF kernel SVC with the width and ``C``
# that example chose on its validation split.
width, C = 1300, 3
svc_model = make_pipeline(
    FunctionTransformer(deskew),
    PCA(n_components=50, random_state=42),
    SVC(C=C, gamma=1 / width**2, random_state=42),
)
svc_model.fit(X_train, y_train)
y_pred_svc = svc_model.predict(X_test)
print(f"deskewed PCA + RBF SVC test accuracy: {accuracy_score(y_test, y_pred_svc):.4f}")
print(f"misclassified test digits: {np.sum(y_pred_svc != y_test)}")

# %%
# Their confusion matrices
# ------------------------
#
# Row *i*, column *j* counts the test digits showing *i* that the model
# read as *j*. With so few mistakes, the diagonal would take the whole colour
# scale, so these matrices colour the errors only (``sample_weight`` gives
# the correct predictions a weight of zero); the counts of correct digits
# are on the diagonal of the page. The two models make mostly the same kinds
# of mistakes, the SVC only far fewer of them.
models = {"tuned KNN": y_pred_knn, "kernel SVM": y_pred_svc}
fig, axes = plt.subplots(1, 2, figsize=(12, 5.5), layout="constrained")
for ax, (name, y_pred) in zip(axes, models.items()):
    ConfusionMatrixDisplay.from_predictions(
        y_test, y_pred, sample_weight=y_pred != y_test, values_format=".0f",
        ax=ax, colorbar=False, cmap="Reds",
    )
    ax.set_title(f"{name}: {np.sum(y_pred != y_test)} errors")
    counts = confusion_matrix(y_test, y_pred)
    np.fill_diagonal(counts, 0)
    true, predicted = np.unravel_index(counts.argmax(), counts.shape)
    print(f"{name}, most frequent mistake: {true} read as {predicted}, "
          f"{counts[true, predicted]} times")
fig.suptitle("Mistakes on the 10,000 test digits (true digit in rows)")

# %%
# The same digits?
# ----------------
#
# Two models that learn so differently could fail on different digits. They
# do only in part: most of the digits the SVC misreads fool the nearest
# neighbours too, and those are the digits a person would hesitate over. On
# the error browser, a digit under each model's matrix says what the other
# model read.
knn_wrong, svc_wrong = y_pred_knn != y_test, y_pred_svc != y_test
print(f"misread by both: {np.sum(knn_wrong & svc_wrong)}")
print(f"misread by the KNN only: {np.sum(knn_wrong & ~svc_wrong)}")
print(f"misread by the SVC only: {np.sum(svc_wrong & ~knn_wrong)}")

both = np.flatnonzero(knn_wrong & svc_wrong)[:8]
fig, axes = plt.subplots(1, 8, figsize=(10, 2.1), layout="constrained")
for ax, index in zip(axes, both):
    plot_digit(X_test[index], ax=ax,
               title=f"#{index}: {y_test[index]}\nKNN {y_pred_knn[index]}, SVC {y_pred_svc[index]}")
fig.suptitle("Test digits both models misread (index, true label, predictions)")

# %%
# A file for the page
# -------------------
#
# The page counts the matrices itself, from the true label and the two
# predictions of every test digit: three strings of 10,000 characters. To
# draw the digits of a cell, it also needs their pixels. It shows at most 100
# digits per cell, the first ones in the order of the test set: every
# mistake, and a sample of 100 correct digits of each class.
# :func:`~digitkit.confusion.export_error_browser` picks those digits and
# stores their grey levels losslessly, compressed, in a JavaScript file that
# sets ``window.DIGITKIT_ERRORS``; a ``<script>`` tag loads it, even from a
# page opened straight from disk.
descriptions = {
    "tuned KNN": "KNeighborsClassifier(n_neighbors=4, weights=\"distance\") on the raw "
                 "pixels of the 60,000 training digits.",
    "kernel SVM": "Deskewing, PCA to 50 components, then "
                  "SVC(C=3, gamma=1/1300\u00b2) with an RBF kernel.",
}
path = Path("digitkit_error_browser.js")
n_bytes = export_error_browser(path, y_test, models, X_test, per_cell=100,
                               descriptions=descriptions)
data = load_error_browser(path)
print(f"wrote {path.name}: {n_bytes / 1000:.0f} KB, "
      f"{len(data.images):,} test digits with their pixels")

# %%
# Reading the file back, the counts the page computes (here with the numpy
# twin of its JavaScript) are scikit-learn's confusion matrices.
for name, y_pred in models.items():
    same = np.array_equal(data.counts(name), confusion_matrix(y_test, y_pred))
    print(f"{name}: the page's counts equal confusion_matrix: {same}")

# %%
# Now open the :ref:`error browser <error_browser>`, switch between the two
# models, and look at the 4s read as 9s: which would you have got right?

# sphinx_gallery_thumbnail_number = 1
plt.show()

# sphinx_gallery_tags = ["intermediate", "MNIST", "in the browser", "multiclass", "metrics", "visualization"]
