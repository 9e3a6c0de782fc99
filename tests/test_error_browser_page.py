"""The error browser, used as readers would: mouse, keyboard, touch, screen reader.

The page's counts must be scikit-learn's confusion matrices of the models'
predictions, the digits it shows for a cell those its numpy twin
(``docs/sphinxext/pagedata_errors.py``) lists, with exactly the MNIST
test images, and the models those the gallery trains (their error counts
are those the examples print). Every control is driven with the mouse, the
keyboard and a touch screen; axe finds no serious violation in light or dark
mode; the page never scrolls sideways on a 375-pixel-wide phone.

The tests use the ``site``, ``site_url`` and ``page`` fixtures of
``conftest.py``; set ``DIGITKIT_SITE`` to a site built earlier to run them
in seconds. Screenshots are saved as ``artifacts/screenshots/errors-*.png``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from sklearn.metrics import confusion_matrix

import browsing
from browsing import assert_no_serious_violations, open_ready, open_without_data, screenshot, site_data, watch
from digitkit.datasets import fetch_mnist
from pagedata_errors import load_error_browser
from sitebuild import printed_output

pytestmark = [pytest.mark.browser, pytest.mark.docs]

DATA = "_static/errors/digitkit_error_browser.js"
PAGE = "error-browser.html"
EXAMPLES = "auto_examples/"
#: The examples whose models the page shows, in the page's order.
MODEL_EXAMPLES = [EXAMPLES + "06_better_accuracy/plot_01_knn_tuning.html",
                  EXAMPLES + "07_beyond_the_chapter/plot_03_kernel_svm.html"]


@pytest.fixture(scope="module")
def data(site):
    return site_data(site, DATA, load_error_browser)


def open_page(page, url, scheme=None):
    open_ready(page, url, "window.digitkitErrors && window.digitkitErrors.state "
                          "&& window.digitkitErrors.state.imagesReady", scheme)


def shown_counts(page):
    """The 10 x 10 counts as the page shows them, from the cells' text."""
    texts = page.locator(".dk-errors-matrix tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td'), td => td.textContent))")
    return np.array([[int(t.replace(",", "")) for t in row] for row in texts])


def shown_digits(page):
    """Test-set indices of the digits listed for the chosen cell, from their captions."""
    captions = page.locator(".dk-errors-digit .dk-errors-index").all_inner_texts()
    return [int(c.lstrip("#")) for c in captions]


def cell(page, true, predicted):
    return page.locator(f'.dk-errors-matrix td[data-row="{true}"][data-column="{predicted}"]')


def choose_model(page, name):
    page.get_by_role("radio", name=re.compile(re.escape(name))).check()


def test_the_counts_are_sklearns_confusion_matrices(page, site_url, data):
    open_page(page, site_url + PAGE)
    names = list(data.predictions)
    assert len(names) >= 2
    radios = page.get_by_role("radio")
    assert radios.count() == len(names)
    for name in names:
        choose_model(page, name)
        expected = confusion_matrix(data.y_true, data.predictions[name], labels=range(10))
        np.testing.assert_array_equal(shown_counts(page), expected)
        n_errors = int(expected.sum() - np.trace(expected))
        assert f"misreads {n_errors:,} of the 10,000 test digits" in \
            page.locator(".dk-errors-summary").inner_text()
        assert f"({n_errors:,} errors)" in radios.nth(names.index(name)).locator(
            "xpath=..").inner_text()
    assert not page.problems()


def test_the_page_computes_what_its_twin_computes(page, site_url, data):
    open_page(page, site_url + PAGE)
    for m, name in enumerate(data.predictions):
        counts = np.array(page.evaluate(f"window.digitkitErrors.counts({m})"))
        np.testing.assert_array_equal(counts, data.counts(name))
        for true, predicted in [(4, 9), (7, 2), (3, 3), (0, 0)]:
            members = page.evaluate(f"window.digitkitErrors.cell({m}, {true}, {predicted})")
            np.testing.assert_array_equal(members, data.cell(name, true, predicted))


def test_the_data_is_the_real_test_set_and_small(site, data, mnist_data):
    size = (site / DATA).stat().st_size
    assert size <= 1_000_000, f"{DATA} is {size:,} bytes, more than the 1 MB budget"
    X, y = fetch_mnist(data_home=mnist_data, return_X_y=True)
    np.testing.assert_array_equal(data.y_true, y[60000:])
    indices = np.array(sorted(data.images))
    np.testing.assert_array_equal(np.array([data.images[i] for i in indices]).reshape(-1, 784),
                                  X[60000 + indices])


def test_the_models_are_those_the_gallery_trains(site, data):
    # Each model's error count on the page is the one its own example prints.
    for name, example in zip(data.predictions, MODEL_EXAMPLES, strict=True):
        output = printed_output(site / example)
        match = re.search(r"misclassified test digits: ([\d,]+) of", output)
        assert match, f"{example} printed no error count:\n{output[-1500:]}"
        assert data.n_errors(name) == int(match.group(1).replace(",", "")), name


def test_clicking_a_cell_shows_its_digits_with_their_pixels(page, site_url, data):
    open_page(page, site_url + PAGE)
    name = list(data.predictions)[0]
    counts = data.counts(name)
    off = counts - np.diag(np.diag(counts))
    true, predicted = np.unravel_index(np.argsort(off, axis=None)[-2], off.shape)
    cell(page, true, predicted).click()
    assert cell(page, true, predicted).get_attribute("aria-selected") == "true"
    assert page.locator('td[aria-selected="true"]').count() == 1
    expected = data.shown(name, true, predicted)
    assert shown_digits(page) == expected.tolist()
    assert len(expected) == counts[true, predicted]  # every mistake is shown
    title = page.locator(".dk-errors-cell-title").inner_text()
    assert title == f"{true}s read as {predicted} by the {name}"
    assert f"{counts[true, predicted]} test digits" in page.locator(
        ".dk-errors-cell-summary").inner_text()
    for index in expected:
        pixels = page.evaluate(f"window.digitkitErrors.pixels({index})")
        np.testing.assert_array_equal(pixels, data.images[index].ravel())
    # Each digit says what the other model read, in its text and its label.
    other = list(data.predictions)[1]
    first = page.locator(".dk-errors-digit").first
    reading = data.predictions[other][expected[0]]
    assert f"{other}: {reading}" in first.inner_text()
    assert f"{other} reads {reading}" in first.locator("canvas").get_attribute("aria-label")
    # The thumbnails were drawn: not blank.
    inked = page.evaluate("""() => {
      const canvas = document.querySelector('.dk-errors-digit canvas');
      const d = canvas.getContext('2d').getImageData(0, 0, 28, 28).data;
      return new Set(Array.from({length: 784}, (_, i) => d[4 * i])).size;
    }""")
    assert inked > 5
    assert not page.problems()


def test_the_diagonal_shows_a_sample_of_correct_digits(page, site_url, data):
    open_page(page, site_url + PAGE)
    name = list(data.predictions)[1]
    choose_model(page, name)
    cell(page, 3, 3).click()
    shown = shown_digits(page)
    assert shown == data.shown(name, 3, 3).tolist()
    assert len(shown) == data.per_cell < data.counts(name)[3, 3]
    assert all(data.y_true[i] == 3 and data.predictions[name][i] == 3 for i in shown)
    summary = page.locator(".dk-errors-cell-summary").inner_text()
    assert f"{data.counts(name)[3, 3]:,} test digits; the first {data.per_cell}" in summary


def test_the_matrix_is_a_grid_for_the_keyboard(page, site_url, data):
    open_page(page, site_url + PAGE)
    name = list(data.predictions)[0]
    assert page.get_by_role("grid").count() == 1
    # One tab stop for the whole grid: Tab from the model choice reaches one cell.
    page.get_by_role("radio").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.dataset.row, "
                            "document.activeElement.dataset.column]")
    assert None not in focused
    assert page.locator('td[tabindex="0"]').count() == 1
    start_row, start_col = map(int, focused)
    before = page.evaluate("window.digitkitErrors.state.updates")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    row, col = max(start_row - 1, 0), max(start_col - 1, 0)
    assert page.evaluate("document.activeElement.dataset.row") == str(row)
    assert page.evaluate("document.activeElement.dataset.column") == str(col)
    assert page.evaluate("window.digitkitErrors.state.updates") == before  # moving is not choosing
    page.keyboard.press("Enter")
    assert cell(page, row, col).get_attribute("aria-selected") == "true"
    assert shown_digits(page) == data.shown(name, row, col).tolist()
    # Home, End and the edges of the grid; Space chooses too.
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.dataset.column") == "0"
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")  # stays in the last column
    page.keyboard.press("Control+End")
    assert page.evaluate("[document.activeElement.dataset.row, "
                         "document.activeElement.dataset.column]") == ["9", "9"]
    page.keyboard.press("ArrowLeft")
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press(" ")
    assert cell(page, 9, 8).get_attribute("aria-selected") == "true"
    assert page.evaluate("window.scrollY") == scrolled  # Space chose; it did not scroll
    status = page.locator(".dk-errors-status")
    assert status.get_attribute("aria-live") == "polite"
    count = data.counts(name)[9, 8]
    assert status.inner_text() == (f"9s read as 8 by the {name}: {count} test digit"
                                   + ("" if count == 1 else "s")
                                   + (", shown below." if count == 1 else ", all shown below."))
    assert not page.problems()


def test_the_model_switch_works_from_the_keyboard(page, site_url, data):
    open_page(page, site_url + PAGE)
    first, second = list(data.predictions)[:2]
    cell(page, 7, 2).click()
    page.get_by_role("radio", name=re.compile(re.escape(first))).focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name=re.compile(re.escape(second))).is_checked()
    # The same cell, now of the other model.
    assert cell(page, 7, 2).get_attribute("aria-selected") == "true"
    assert shown_digits(page) == data.shown(second, 7, 2).tolist()
    np.testing.assert_array_equal(shown_counts(page), data.counts(second))
    status = page.locator(".dk-errors-status").inner_text()
    assert status.startswith(f"{second}: {data.n_errors(second)} of 10,000 test digits misread.")
    caption = page.get_by_role("grid").locator("caption").inner_text()
    assert second in caption
    assert not page.problems()


def test_the_cells_are_labelled_for_screen_readers(page, site_url, data):
    open_page(page, site_url + PAGE)
    name = list(data.predictions)[0]
    counts = data.counts(name)
    assert cell(page, 4, 9).get_attribute("aria-label") == \
        f"true 4, read as 9: {counts[4, 9]} test digits"
    assert cell(page, 1, 1).get_attribute("aria-label") == \
        f"true 1, read correctly: {counts[1, 1]:,} test digits"
    assert page.locator(".dk-errors-matrix thead th[scope=col]").count() == 11
    assert page.locator(".dk-errors-matrix tbody th[scope=row]").count() == 10
    assert page.get_by_role("group", name="Model").count() == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page, site_url, scheme):
    open_page(page, site_url + PAGE, scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    cell(page, 9, 4).click()
    assert_no_serious_violations(page)


def test_the_colours_follow_the_theme(page, site_url):
    def cell_colours(scheme):
        open_page(page, site_url + PAGE, scheme)
        thumb = page.evaluate("""() => {
          const d = document.querySelector('.dk-errors-digit canvas').getContext('2d')
            .getImageData(0, 0, 1, 1).data;
          return [d[0], d[1], d[2]];
        }""")
        # The paper of the digits: light in light mode, dark in dark mode.
        assert (sum(thumb) > 600) == (scheme == "light"), thumb
        return cell(page, 4, 9).evaluate(
            "td => [getComputedStyle(td).color, getComputedStyle(td).backgroundColor]")

    screenshots = {scheme: f"errors-1280-{scheme}" for scheme in ("light", "dark")}
    colours = browsing.colours_in_each_scheme(page, cell_colours, screenshots)
    assert colours["light"] != colours["dark"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_a_tap_chooses_a_cell_and_nothing_scrolls_sideways(browser, site_url, data,
                                                                        scheme):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    phone = context.new_page()
    watch(phone)
    try:
        phone.emulate_media(color_scheme=scheme)
        open_page(phone, site_url + PAGE)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        name = list(data.predictions)[0]
        cell(phone, 7, 1).tap()
        assert cell(phone, 7, 1).get_attribute("aria-selected") == "true"
        assert shown_digits(phone) == data.shown(name, 7, 1).tolist()
        box = cell(phone, 7, 1).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24  # a finger can hit it
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(phone, f"errors-375-{scheme}")
        assert not phone.problems()
    finally:
        context.close()


def test_on_a_laptop_the_matrix_and_the_digits_are_seen_together(page, site_url):
    page.set_viewport_size(browsing.LAPTOP)
    open_page(page, site_url + PAGE)
    for true, predicted in [(7, 1), (1, 1)]:  # a few mistakes; 100 digits, the most shown
        cell(page, true, predicted).click()
        browsing.assert_seen_together(page, ".dk-errors-matrix", ".dk-errors-cell-title",
                                      ".dk-errors-digits", where=f"cell {true}, {predicted}")
    assert not page.problems()


def test_on_a_phone_the_digits_come_right_after_the_matrix(browser, site_url):
    with browsing.phone(browser) as phone:
        open_page(phone, site_url + PAGE)
        cell(phone, 7, 1).tap()
        assert browsing.between(phone, ".dk-errors-matrix", ".dk-errors-cell-panel") == []
        assert not phone.problems()


def test_the_page_works_when_opened_from_disk(page, site, data):
    open_page(page, (site / PAGE).as_uri())
    name = list(data.predictions)[0]
    np.testing.assert_array_equal(shown_counts(page), data.counts(name))
    cell(page, 2, 7).click()
    assert shown_digits(page) == data.shown(name, 2, 7).tolist()
    assert not page.problems()


def test_without_its_data_the_page_says_so(page, site_url):
    message = open_without_data(page, site_url + PAGE, "digitkit_error_browser.js",
                                "digitkitErrors", ".dk-errors-message")
    assert "data is missing" in message.inner_text()
    assert not page.page_errors


def test_the_error_analysis_links_to_the_page(site):
    text = (site / EXAMPLES / "04_multiclass" / "plot_02_error_analysis.html").read_text()
    assert 'href="../../error-browser.html' in text
