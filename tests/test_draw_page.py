"""The Draw a digit page, used as a reader would: drawing with the mouse.

A simulated mouse draws digits on the page's canvas. Each must be read as
the digit meant, with ten probabilities that add up to 1, a 28 x 28 preview
that shows the drawing, no error in the console and no request leaving
127.0.0.1 (the ``page`` fixture blocks and records any). The page's
JavaScript must also compute exactly what its Python twin computes
(:func:`digitkit.drawing.strokes_to_image` and
:meth:`digitkit.export.BrowserModel.predict_proba`) for the same strokes.

The tests use the ``site``, ``site_url`` and ``page`` fixtures of
``conftest.py``; set ``DIGITKIT_SITE`` to a site built earlier to run them
in seconds. A screenshot of the page after drawing is saved as
``artifacts/screenshots/draw.png``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import browsing
from browsing import assert_no_serious_violations, open_ready, open_without_data, screenshot, site_data
from digitkit.drawing import strokes_to_image
from digitkit.export import load_model
from pagedata_digits import load_test_digits
from sitebuild import printed_output

pytestmark = [pytest.mark.browser, pytest.mark.docs]

MODEL = "_static/draw/digitkit_mnist_model.js"
EXAMPLE_PAGE = "auto_examples/08_draw_a_digit/plot_01_model_for_the_browser.html"
PAD = ".dk-draw-pad"


def _ellipse(cx, cy, rx, ry, start=-90, stop=270, n=36):
    angles = [math.radians(start + (stop - start) * k / (n - 1)) for k in range(n)]
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]


#: Digits as a person would draw them: strokes of (x, y) points, as fractions
#: of the drawing area (x to the right, y down), and the digit each one is.
DIGITS = {
    "1 as one vertical stroke": (1, [[(0.5, 0.15), (0.5, 0.85)]]),
    "0 as a closed loop": (0, [_ellipse(0.5, 0.5, 0.22, 0.33)]),
    "7 as two strokes": (7, [[(0.28, 0.18), (0.72, 0.18)], [(0.72, 0.18), (0.42, 0.86)]]),
    "4 as two strokes": (4, [[(0.54, 0.14), (0.29, 0.59), (0.72, 0.59)],
                             [(0.59, 0.36), (0.59, 0.86)]]),
    "2 as one stroke": (2, [_ellipse(0.5, 0.34, 0.2, 0.18, start=200, stop=380, n=20)
                            + [(0.67, 0.41), (0.3, 0.84), (0.71, 0.84)]]),
}


def open_draw_page(page, site_url, scheme=None):
    open_ready(page, site_url + "draw.html", "window.digitkitDraw && window.digitkitDraw.state",
               scheme)
    return page.locator(PAD)


def draw(page, strokes):
    """Draw ``strokes`` on the pad with the mouse, waiting for the page after each.

    When a stroke ends, the page updates its prediction and then announces
    it in its status line, in that order and in the same animation frame:
    once the announcement is back, the page has read every point drawn.
    """
    box = page.locator(PAD).bounding_box()
    for stroke in strokes:
        points = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in stroke]
        page.evaluate("document.querySelector('.dk-draw-status').textContent = ''")
        page.mouse.move(*points[0])
        page.mouse.down()
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            # A real mouse reports a position every few pixels.
            page.mouse.move(x1, y1, steps=max(1, round(math.hypot(x1 - x0, y1 - y0) / 6)))
        page.mouse.up()
        page.wait_for_function(
            "() => document.querySelector('.dk-draw-status').textContent.startsWith('Predicted')"
        )


def shown_probabilities(page):
    """The probabilities of the ten rows, from their attributes and from their text."""
    rows = page.locator(".dk-draw-probabilities tbody tr")
    values = rows.evaluate_all("rows => rows.map(r => Number(r.dataset.probability))")
    texts = rows.locator(".dk-draw-percent").all_inner_texts()
    labels = rows.locator("th").all_inner_texts()
    return labels, np.array(values), [float(t.rstrip("%")) for t in texts]


def preview_ink(page):
    """How many of the preview's 28 x 28 pixels are not white."""
    return page.evaluate("""() => {
      const canvas = document.querySelector('.dk-draw-preview');
      const data = canvas.getContext('2d').getImageData(0, 0, 28, 28).data;
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) { if (data[i] < 250) inked++; }
      return inked;
    }""")


@pytest.fixture(scope="module")
def exported(site):
    return site_data(site, MODEL, load_model)


@pytest.mark.parametrize("name", DIGITS)
def test_a_drawn_digit_is_read_correctly(page, site_url, name):
    expected, strokes = DIGITS[name]
    open_draw_page(page, site_url)
    assert page.locator(".dk-draw-prediction").inner_text() == "?"
    assert preview_ink(page) == 0

    draw(page, strokes)

    assert page.locator(".dk-draw-prediction").inner_text() == str(expected), name
    labels, values, texts = shown_probabilities(page)
    assert labels == [str(digit) for digit in range(10)]
    assert values.sum() == pytest.approx(1.0, abs=1e-9)
    assert int(np.argmax(values)) == expected
    assert sum(texts) == pytest.approx(100, abs=0.6)  # each rounded to 0.1%
    best = page.locator(".dk-draw-best th").inner_text()
    assert best == str(expected)
    assert preview_ink(page) > 20, "the 28 x 28 preview did not show the drawing"
    status = page.locator(".dk-draw-status").inner_text()
    assert status.startswith(f"Predicted digit: {expected}")
    # Everything came from 127.0.0.1; anything else would have been blocked.
    assert not page.problems()


@pytest.mark.parametrize("name", ["7 as two strokes", "0 as a closed loop"])
def test_the_page_computes_what_python_computes(page, site_url, exported, name):
    _, strokes = DIGITS[name]
    open_draw_page(page, site_url)
    draw(page, strokes)
    recorded = page.evaluate("window.digitkitDraw.state.strokes")
    page_image = np.array(page.evaluate("Array.from(window.digitkitDraw.state.image)"))
    page_proba = np.array(page.evaluate("window.digitkitDraw.state.probabilities"))

    assert len(recorded) == len(strokes)
    image = strokes_to_image([np.array(points) for points in recorded])
    np.testing.assert_allclose(page_image.reshape(28, 28), image, atol=1e-9)
    np.testing.assert_allclose(page_proba, exported.predict_proba(image[np.newaxis])[0],
                               atol=1e-9)
    assert not page.problems()


def test_clear_works_from_the_keyboard(page, site_url):
    open_draw_page(page, site_url)
    draw(page, DIGITS["1 as one vertical stroke"][1])
    assert preview_ink(page) > 0
    clear = page.get_by_role("button", name="Clear")
    clear.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.digitkitDraw.state.probabilities === null")
    assert page.locator(".dk-draw-prediction").inner_text() == "?"
    assert preview_ink(page) == 0
    assert page.evaluate("window.digitkitDraw.state.strokes.length") == 0
    assert page.locator(".dk-draw-status").inner_text() == "Drawing cleared."
    # The area can be drawn on again after clearing.
    draw(page, DIGITS["0 as a closed loop"][1])
    assert page.locator(".dk-draw-prediction").inner_text() == "0"
    assert not page.problems()


def test_the_page_is_labelled_for_screen_readers(page, site_url):
    open_draw_page(page, site_url)
    assert "draw one digit" in page.locator(PAD).get_attribute("aria-label").lower()
    assert page.locator(".dk-draw-preview").get_attribute("aria-label")
    assert page.get_by_role("table", name="Probability of each digit").count() == 1
    assert page.locator(".dk-draw-probabilities tbody tr").count() == 10
    assert page.locator(".dk-draw-status").get_attribute("aria-live") == "polite"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page, site_url, scheme):
    open_draw_page(page, site_url, scheme)
    draw(page, DIGITS["7 as two strokes"][1])
    assert_no_serious_violations(page)


def test_ink_follows_the_theme(page, site_url):
    def ink_and_paper(scheme):
        open_draw_page(page, site_url, scheme)
        draw(page, DIGITS["7 as two strokes"][1])
        ink, paper = page.locator(PAD).evaluate(
            "pad => [getComputedStyle(pad).color, getComputedStyle(pad).backgroundColor]"
        )
        assert ink != paper
        return ink, paper

    colours = browsing.colours_in_each_scheme(page, ink_and_paper, {"light": "draw", "dark": "draw-dark"})
    assert colours["light"] != colours["dark"]


def test_the_page_works_when_opened_from_disk(page, site):
    # file:// pages may not fetch() files; the model comes in a <script> tag.
    page.goto((site / "draw.html").as_uri())
    page.wait_for_function("() => window.digitkitDraw && window.digitkitDraw.state")
    draw(page, DIGITS["1 as one vertical stroke"][1])
    assert page.locator(".dk-draw-prediction").inner_text() == "1"
    assert not page.problems()


def test_without_its_model_the_page_says_so(page, site_url):
    message = open_without_data(page, site_url + "draw.html", "digitkit_mnist_model.js",
                                "digitkitDraw", ".dk-draw-message")
    assert page.evaluate("window.digitkitDraw.model") is None
    assert "model" in message.inner_text().lower()
    assert page.get_by_role("button", name="Clear").is_disabled()
    assert not page.page_errors


def test_the_model_file_is_small(site):
    size = (site / MODEL).stat().st_size
    assert 50_000 < size < 2_000_000


def test_the_example_prints_the_accuracy_of_the_exported_model(site):
    output = printed_output(site / EXAMPLE_PAGE)
    match = re.search(
        r"accuracy of the exported model on the 10,000 test digits: (\d\.\d{4})", output
    )
    assert match, f"the example did not print the exported model's accuracy:\n{output[-2000:]}"
    assert float(match.group(1)) >= 0.97


# -- Test digits, for readers without a pointer -------------------------------------------

TEST_DIGITS = "_static/draw/digitkit_test_digits.js"


def open_with_test_digits(page, url, scheme=None):
    open_ready(page, url, "window.digitkitDraw && window.digitkitDraw.state"
                          " && window.digitkitDraw.state.testDigitsReady", scheme)


def wait_for_test_digit(page):
    page.wait_for_function("() => document.querySelector('.dk-draw-status')"
                           ".textContent.startsWith('Test digit')")


@pytest.fixture(scope="module")
def test_digits(site):
    return site_data(site, TEST_DIGITS, load_test_digits)


def check_reading(page, exported, test_digits, index):
    """The page shows test digit ``index`` and reads it exactly as Python does."""
    state = page.evaluate("window.digitkitDraw.state")
    assert state["loaded"]["index"] == index
    label = int(test_digits.labels[np.searchsorted(test_digits.indices, index)])
    assert state["loaded"]["label"] == label
    pixels = test_digits.pixels(index)
    page_image = np.array(page.evaluate("Array.from(window.digitkitDraw.state.image)"))
    np.testing.assert_array_equal(page_image, pixels)  # exactly the test digit's pixels
    expected = exported.predict_proba(pixels[np.newaxis])[0]
    np.testing.assert_allclose(np.array(state["probabilities"]), expected, atol=1e-9)
    answer = int(exported.classes_[expected.argmax()])
    assert page.locator(".dk-draw-prediction").inner_text() == str(answer)
    truth = page.locator(".dk-draw-truth")
    assert truth.is_visible()
    assert truth.locator(".dk-draw-true-label").inner_text() == str(label)
    assert f"test digit #{index}" in truth.inner_text()
    assert ("read correctly" if answer == label else "misread") in truth.inner_text()
    status = page.locator(".dk-draw-status").inner_text()
    assert status.startswith(f"Test digit {index}, true label {label}. Predicted digit: {answer}")
    assert preview_ink(page) > 20
    pad_ink = page.evaluate("""() => {
      const pad = document.querySelector('.dk-draw-pad');
      const d = pad.getContext('2d').getImageData(0, 0, pad.width, pad.height).data;
      let inked = 0;
      for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) inked++; }
      return inked;
    }""")
    assert pad_ink > 1000, "the pad does not show the test digit"


def test_a_test_digit_is_loaded_by_its_number_from_the_keyboard(page, site_url, exported,
                                                                test_digits):
    open_with_test_digits(page, site_url + "draw.html")
    index = int(test_digits.indices[len(test_digits.indices) // 3])
    # Tab order: Clear, Random test digit, the number, Load.
    page.get_by_role("button", name="Clear").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Random test digit"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dk-draw-index"
    page.keyboard.press("Control+A")
    page.keyboard.type(str(index))
    page.keyboard.press("Enter")
    wait_for_test_digit(page)
    check_reading(page, exported, test_digits, index)
    assert page.get_by_label("Test digit number").input_value() == str(index)
    assert not page.problems()


def test_the_load_button_and_every_digit_read_as_python_reads_it(page, site_url, exported,
                                                                 test_digits):
    open_with_test_digits(page, site_url + "draw.html")
    # A few digits, among them one the model misreads if there is one.
    predicted = exported.predict(test_digits.images / 255)
    wrong = test_digits.indices[predicted != test_digits.labels]
    indices = [int(test_digits.indices[0]), int(test_digits.indices[-1])] + \
        [int(i) for i in wrong[:1]]
    for index in indices:
        page.get_by_label("Test digit number").fill(str(index))
        page.evaluate("document.querySelector('.dk-draw-status').textContent = ''")
        page.get_by_role("button", name="Load").click()
        wait_for_test_digit(page)
        check_reading(page, exported, test_digits, index)
    assert not page.problems()


def test_a_random_test_digit_from_the_keyboard(page, site_url, exported, test_digits):
    open_with_test_digits(page, site_url + "draw.html")
    seen = set()
    random_button = page.get_by_role("button", name="Random test digit")
    random_button.focus()
    for key in ("Enter", " ", "Enter"):
        page.evaluate("document.querySelector('.dk-draw-status').textContent = ''")
        page.keyboard.press(key)
        wait_for_test_digit(page)
        index = page.evaluate("window.digitkitDraw.state.loaded.index")
        assert index in set(test_digits.indices.tolist())
        check_reading(page, exported, test_digits, index)
        assert page.get_by_label("Test digit number").input_value() == str(index)
        seen.add(index)
    assert not page.problems()


def test_a_number_not_on_the_page_is_refused_clearly(page, site_url, test_digits):
    open_with_test_digits(page, site_url + "draw.html")
    number = page.get_by_label("Test digit number")
    for text in (str(int(test_digits.indices[-1]) + 1), "-3"):
        number.fill(text)
        number.press("Enter")
        assert number.get_attribute("aria-invalid") == "true"
        help_text = page.locator(".dk-draw-index-help").inner_text()
        assert f"There is no test digit {text}" in help_text
        assert f"{int(test_digits.indices[-1]):,}" in help_text
        assert page.evaluate("window.digitkitDraw.state.loaded") is None
        assert page.locator(".dk-draw-prediction").inner_text() == "?"
    assert not page.problems()


def test_drawing_or_clearing_replaces_a_test_digit(page, site_url, test_digits):
    open_with_test_digits(page, site_url + "draw.html")
    page.get_by_label("Test digit number").fill(str(int(test_digits.indices[5])))
    page.get_by_role("button", name="Load").click()
    wait_for_test_digit(page)
    draw(page, DIGITS["1 as one vertical stroke"][1])
    assert page.evaluate("window.digitkitDraw.state.loaded") is None
    assert page.locator(".dk-draw-truth").is_hidden()
    assert page.locator(".dk-draw-prediction").inner_text() == "1"
    assert "test digit" not in page.locator(PAD).get_attribute("aria-label")
    page.get_by_label("Test digit number").fill(str(int(test_digits.indices[6])))
    page.get_by_role("button", name="Load").click()
    wait_for_test_digit(page)
    assert "test digit" in page.locator(PAD).get_attribute("aria-label")
    assert page.evaluate("window.digitkitDraw.state.strokes.length") == 0
    page.get_by_role("button", name="Clear").click()
    page.wait_for_function("() => window.digitkitDraw.state.probabilities === null")
    assert page.evaluate("window.digitkitDraw.state.loaded") is None
    assert page.locator(".dk-draw-truth").is_hidden()
    assert preview_ink(page) == 0
    assert not page.problems()


def test_the_test_digits_are_the_real_ones_and_the_page_stays_small(site, test_digits,
                                                                    mnist_data):
    from digitkit.datasets import fetch_mnist

    X, y = fetch_mnist(data_home=mnist_data, return_X_y=True)
    np.testing.assert_array_equal(test_digits.images.reshape(len(test_digits.indices), -1),
                                  X[60000 + test_digits.indices])
    np.testing.assert_array_equal(test_digits.labels, y[60000 + test_digits.indices])
    total = (site / MODEL).stat().st_size + (site / TEST_DIGITS).stat().st_size
    assert total <= 1_000_000, f"the page's data is {total:,} bytes, more than 1 MB"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_loaded_test_digit_has_no_serious_accessibility_violations(page, site_url, scheme):
    open_with_test_digits(page, site_url + "draw.html", scheme)
    page.get_by_role("button", name="Random test digit").click()
    wait_for_test_digit(page)
    assert_no_serious_violations(page)
    screenshot(page, f"draw-test-digit-{scheme}")


def test_on_a_phone_nothing_scrolls_sideways(browser, site_url):
    from browsing import watch

    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True,
                                  is_mobile=True, device_scale_factor=2)
    phone = context.new_page()
    watch(phone)
    try:
        open_with_test_digits(phone, site_url + "draw.html")
        phone.get_by_role("button", name="Random test digit").tap()
        wait_for_test_digit(phone)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(phone, "draw-375")
        assert not phone.problems()
    finally:
        context.close()


# -- The pad and the answer in one view ---------------------------------------------------

#: The pad and its Clear button; the answer and its bars.
ANSWER = (PAD, ".dk-draw-clear", ".dk-draw-prediction", ".dk-draw-probabilities")
READING = "section[aria-labelledby='dk-draw-read-title']"  # the answer's panel


def test_on_a_laptop_the_pad_and_the_answer_are_seen_together(page, site_url, exported,
                                                              test_digits):
    page.set_viewport_size(browsing.LAPTOP)
    open_with_test_digits(page, site_url + "draw.html")
    browsing.assert_seen_together(page, *ANSWER, where="before drawing")
    draw(page, DIGITS["7 as two strokes"][1])
    browsing.assert_seen_together(page, *ANSWER, where="after drawing")
    # A misread test digit: the answer's longest text.
    predicted = exported.predict(test_digits.images / 255)
    index = int(test_digits.indices[predicted != test_digits.labels][0])
    page.get_by_label("Test digit number").fill(str(index))
    page.get_by_role("button", name="Load").click()
    wait_for_test_digit(page)
    assert "misread" in page.locator(".dk-draw-truth").inner_text()
    browsing.assert_seen_together(page, *ANSWER, where=f"test digit {index}")
    screenshot(page, "draw-1280x800")
    assert not page.problems()


def test_on_a_phone_the_answer_comes_right_after_the_pad(browser, site_url):
    with browsing.phone(browser) as phone:
        open_with_test_digits(phone, site_url + "draw.html")
        assert browsing.between(phone, PAD, READING) == []
        phone.get_by_role("button", name="Random test digit").tap()
        wait_for_test_digit(phone)
        assert browsing.between(phone, PAD, READING) == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= browsing.PHONE["width"]
        clear = phone.get_by_role("button", name="Clear").bounding_box()
        assert clear["width"] >= 44 and clear["height"] >= 32  # a finger can hit it
        assert not phone.problems()


def test_without_its_test_digits_the_page_still_draws(page, site_url):
    page.route(re.compile(r"/digitkit_test_digits\.js"), lambda route: route.abort())
    page.goto(site_url + "draw.html")
    page.wait_for_function("() => document.querySelector('.dk-draw-test-ready')")
    assert "missing" in page.locator(".dk-draw-index-help").inner_text()
    assert page.get_by_role("button", name="Random test digit").is_disabled()
    draw(page, DIGITS["1 as one vertical stroke"][1])
    assert page.locator(".dk-draw-prediction").inner_text() == "1"
    assert not page.page_errors
