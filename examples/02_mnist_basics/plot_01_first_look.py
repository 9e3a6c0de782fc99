"""
A first look at MNIST
=====================

Before training a model, get to know the data. This example loads the 70,000
MNIST digits with :func:`digitkit.datasets.fetch_mnist`, shows what one digit
looks like to the computer, draws the first hundred, explains why the data
comes already split into a training and a test set, and checks that every
digit is about equally common.
"""

# %%
# Load the data
# -------------
#
# :func:`~digitkit.datasets.fetch_mnist` follows scikit-learn's dataset
# conventions: it returns a :class:`~sklearn.utils.Bunch` whose ``data`` has one
# row per image and ``target`` the digit each image shows. The first call
# downloads the four files (11 MB) and checks them; later calls read the
# copies on your disk.
import matplotlib.pyplot as plt
import numpy as np

from digitkit.datasets import fetch_mnist
from digitkit.plotting import plot_digit, plot_digits

mnist = fetch_mnist()
X, y = mnist.data, mnist.target
print(f"data: {X.shape}, target: {y.shape}")
print(f"pixel values from {X.min():.0f} to {X.max():.0f}")

# %%
# ``DESCR`` says where the digits come from, how they were prepared and how
# they are split. Here are its key facts.
facts = [line for line in mnist.DESCR.splitlines() if line.startswith(":")]
print("\n".join(facts))

# %%
# One digit
# ---------
#
# Each row holds 784 grey levels. Reshaped to 28x28, they draw the digit. The
# first one is a 5, and its label agrees.
some_digit = X[0]
print(f"label of the first digit: {y[0]}")
plot_digit(some_digit, title=f"The first digit, labelled {y[0]}")

# %%
# To the computer, it is only numbers. Here is the middle of the image: 0 is
# background, 255 full ink.
with np.printoptions(linewidth=120):
    print(some_digit.reshape(28, 28)[8:16, 8:20].astype(int))

# %%
# The first hundred digits
# ------------------------
#
# Handwriting varies a lot: slanted, thick, thin, open or closed loops. A
# model has to see past all of that.
fig, ax = plt.subplots(figsize=(7, 7))
plot_digits(X[:100], n_cols=10, ax=ax, padding=2)
ax.set_title("The first 100 MNIST digits")

# %%
# A fixed split, and balanced classes
# -----------------------------------
#
# The first 60,000 images are the training set and the last 10,000 the test
# set. The split comes with the data and is the standard one, for two
# reasons.
#
# - **The test digits are written by other people.** MNIST's creators (the
#   ``Creators`` printed above) mixed two NIST collections: digits written
#   by Census Bureau employees (Special Database 3) and by high-school
#   students (Special Database 1), whose writing is harder to read. Each set
#   takes half of its digits from each collection, and, as they state on
#   their MNIST web page, no one wrote digits for both sets. A model is thus
#   tested on writers it has never seen, as it will be once in use.
# - **Results can be compared.** Results published on MNIST are measured
#   on the same 10,000 test digits, so one model's score can be set against
#   another's.
#
# Keep the test set for the very end: a model chosen or tuned by its test
# score would make that score optimistic.
#
# Every digit makes up about a tenth of each set, so accuracy is a fair
# first score, except for a detector of a single digit, as the next part
# shows.
X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
train_counts = np.bincount(y_train, minlength=10)
test_counts = np.bincount(y_test, minlength=10)
for digit in range(10):
    print(f"digit {digit}: {train_counts[digit]:5d} training, {test_counts[digit]:4d} test")

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.bar(np.arange(10) - 0.2, train_counts / len(y_train), width=0.4, label="training")
ax.bar(np.arange(10) + 0.2, test_counts / len(y_test), width=0.4, label="test")
ax.axhline(0.1, color="black", linestyle=":", linewidth=1, label="one tenth")
ax.set(xticks=range(10), xlabel="digit", ylabel="share of the set",
       title="How often each digit appears")
ax.legend(loc="lower right")

# sphinx_gallery_thumbnail_number = 2
plt.show()

# sphinx_gallery_tags = ["beginner", "MNIST", "visualization"]
