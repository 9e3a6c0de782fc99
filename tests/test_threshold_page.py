"""The threshold explorer page, used as a reader would, checked against its Python twin.

Every control is driven (the slider with the keyboard, the typed box, the
two buttons, a press on the charts, a tap on a phone), and after each the
page must show what its numpy twin (``docs/sphinxext/pagedata_threshold.py``) computes
from the very scores file the page loaded, and the chapter's published
figures: at threshold 0 the matrix [[53892, 687], [1891, 3530]]; at the
lowest threshold with 90% precision, 3370.02, precision 0.9000 and recall
0.4800. The page must also be labelled for screen readers, pass axe in light
and dark mode, fit a 375-pixel-wide phone, work from disk and say so when
its data is missing.

The tests use the ``site``, ``site_url``, ``browser`` and ``page``
fixtures of ``conftest.py``; set ``DIGITKIT_SITE`` to a site built earlier
to run them in seconds. Screenshots are saved in ``artifacts/screenshots/``
(or ``DIGITKIT_SCREENSHOTS``) as ``threshold-<width>-<scheme>.png``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from sklearn.metrics import precision_recall_curve

import browsing
from browsing import assert_no_serious_violations, open_ready, open_without_data, screenshot, site_data, watch
from pagedata_threshold import ThresholdExplorer, load_scores
from pinned import THRESHOLD_PAGE
from sitebuild import printed_output

pytestmark = [pytest.mark.browser, pytest.mark.docs]

PAGE = "threshold-explorer.html"
DATA = "_static/threshold/digitkit_threshold_scores.js"
PR_EXAMPLE_PAGE = "auto_examples/03_binary_classifier/plot_03_precision_recall_tradeoff.html"
SLIDER = ".dk-threshold-range"
BOX = ".dk-threshold-number"

#: The chapter's published figures.
PUBLISHED_MATRIX_AT_0 = THRESHOLD_PAGE["matrix_at_0"]
PUBLISHED_THRESHOLD_90 = THRESHOLD_PAGE["threshold_90"]
PUBLISHED_PRECISION_90, PUBLISHED_RECALL_90 = THRESHOLD_PAGE["precision_90"], THRESHOLD_PAGE["recall_90"]

RATES = ("precision", "recall", "f1", "false_positive_rate")


@pytest.fixture(scope="module")
def data(site):
    return site_data(site, DATA, load_scores)


@pytest.fixture(scope="module")
def twin(data):
    return ThresholdExplorer(data.y_true, data.y_scores)


def open_page(page, site_url, scheme=None):
    open_ready(page, site_url + PAGE, "window.digitkitThreshold && window.digitkitThreshold.state",
               scheme)


def shown(page):
    """What the page shows: the four counts (ints), the four rates (text) and the threshold."""
    counts = page.locator("[data-count]").evaluate_all(
        "cells => Object.fromEntries(cells.map(c => [c.dataset.count, c.textContent]))")
    rates = page.locator("[data-metric]").evaluate_all(
        "cells => Object.fromEntries(cells.map(c => [c.dataset.metric, c.textContent]))")
    return {
        **{key: int(text.replace(",", "")) for key, text in counts.items()},
        **rates,
        "shown_threshold": page.locator(".dk-threshold-value").inner_text(),
        "threshold": page.evaluate("window.digitkitThreshold.state.threshold"),
        "state": page.evaluate("window.digitkitThreshold.state.metrics"),
    }


def matrix(numbers):
    return [[numbers["tn"], numbers["fp"]], [numbers["fn"], numbers["tp"]]]


def assert_shows_the_twin(numbers, twin):
    """The page's numbers at its threshold are the twin's, exactly; the text is them rounded."""
    expected = twin.metrics(numbers["threshold"])
    for key in ("tn", "fp", "fn", "tp"):
        assert numbers[key] == expected[key], key
        assert numbers["state"][key] == expected[key], key
    for key in RATES:
        value = expected[key]
        if math.isnan(value):
            assert numbers[key] == "undefined", key
            assert numbers["state"][key] is None or math.isnan(numbers["state"][key])
        else:
            assert numbers["state"][key] == value, key
            assert re.fullmatch(r"\d\.\d{4}", numbers[key]), numbers[key]
            assert float(numbers[key]) == pytest.approx(value, abs=5.001e-5), key


def wait_for_announcement(page, before):
    page.wait_for_function(f"() => window.digitkitThreshold.state.announced > {before}")
    return page.locator(".dk-threshold-status").inner_text()


def test_threshold_0_shows_the_published_matrix(page, site_url, twin):
    open_page(page, site_url)
    numbers = shown(page)
    assert numbers["threshold"] == 0
    assert matrix(numbers) == PUBLISHED_MATRIX_AT_0
    assert matrix(numbers) == twin.confusion_matrix(0).tolist()
    assert_shows_the_twin(numbers, twin)
    assert page.locator(SLIDER).input_value() == "0"
    assert page.locator(BOX).input_value() == "0"
    # Away and back with the button.
    page.get_by_role("button", name="90% precision").click()
    page.get_by_role("button", name="threshold 0").click()
    numbers = shown(page)
    assert numbers["threshold"] == 0 and numbers["shown_threshold"] == "0.00"
    assert matrix(numbers) == PUBLISHED_MATRIX_AT_0
    assert not page.problems()


def test_90_percent_precision_is_the_published_threshold(page, site_url, data, twin):
    open_page(page, site_url)
    page.get_by_role("button", name="90% precision").click()
    numbers = shown(page)
    # The very score Python finds, as the precision/recall example finds it.
    precisions, _, thresholds = precision_recall_curve(data.y_true, data.y_scores)
    expected = thresholds[(precisions >= 0.90).argmax()]
    assert numbers["threshold"] == expected == twin.threshold_for_precision(0.9)
    assert f"{numbers['threshold']:.2f}" == PUBLISHED_THRESHOLD_90
    assert numbers["shown_threshold"] == "3,370.02"
    assert page.locator(BOX).input_value() == PUBLISHED_THRESHOLD_90
    assert numbers["precision"] == PUBLISHED_PRECISION_90
    assert numbers["recall"] == PUBLISHED_RECALL_90
    assert numbers["state"]["precision"] >= 0.9
    assert_shows_the_twin(numbers, twin)
    assert page.evaluate("window.digitkitThreshold.thresholdForPrecision(0.9)") == expected
    assert not page.problems()


def test_keyboard_moves_the_slider_and_the_numbers_follow(page, site_url, twin):
    open_page(page, site_url)
    slider = page.locator(SLIDER)
    step = float(slider.get_attribute("step"))
    slider.focus()
    before = page.evaluate("window.digitkitThreshold.state.updates")
    moves = ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowLeft", "PageUp", "PageDown",
             "PageDown", "End", "Home"]
    seen = []
    for key in moves:
        previous = float(slider.input_value())
        page.keyboard.press(key)
        numbers = shown(page)
        value = float(slider.input_value())
        assert numbers["threshold"] == value, key
        assert_shows_the_twin(numbers, twin)
        if key in ("ArrowRight", "ArrowUp"):
            assert value == previous + step
        elif key == "ArrowLeft":
            assert value == previous - step
        elif key in ("PageUp", "PageDown"):
            assert abs(value - previous) > step
        seen.append(value)
    assert seen[:4] == [step, 2 * step, 3 * step, 2 * step]
    assert seen[-2:] == [float(slider.get_attribute("max")), float(slider.get_attribute("min"))]
    assert page.evaluate("window.digitkitThreshold.state.updates") == before + len(moves)
    # The slider tells screen readers the threshold, as the page shows it.
    assert slider.get_attribute("aria-valuetext") == numbers["shown_threshold"]
    # From 90% precision, an arrow goes on from the slider's nearest step.
    page.get_by_role("button", name="90% precision").click()
    slider.focus()
    page.keyboard.press("ArrowRight")
    numbers = shown(page)
    assert numbers["threshold"] == float(slider.input_value()) == 3500
    assert_shows_the_twin(numbers, twin)
    assert not page.problems()


def test_a_typed_threshold_is_used_as_typed(page, site_url, twin):
    open_page(page, site_url)
    box = page.locator(BOX)
    for typed, expected in [("12345.5", 12345.5), ("-20000", -20000.0), ("3370.02", 3370.02)]:
        box.fill(typed)
        numbers = shown(page)
        assert numbers["threshold"] == expected
        assert_shows_the_twin(numbers, twin)
    # 3370.02 is just above the 90% threshold: one digit fewer is called a 5.
    at_90 = twin.metrics(twin.threshold_for_precision(0.9))
    assert numbers["tp"] + numbers["fp"] == at_90["tp"] + at_90["fp"] - 1
    # Beyond every score: nothing is called a 5, and precision is undefined.
    box.fill("1e6")
    box.press("Enter")
    numbers = shown(page)
    assert (numbers["tp"], numbers["fp"]) == (0, 0)
    assert numbers["precision"] == "undefined" and numbers["recall"] == "0.0000"
    assert page.locator(".dk-threshold-off-chart").is_visible()
    assert_shows_the_twin(numbers, twin)
    # Below every score: everything is.
    box.fill("-1e6")
    numbers = shown(page)
    assert (numbers["tn"], numbers["fn"]) == (0, 0)
    assert numbers["recall"] == "1.0000" and numbers["false_positive_rate"] == "1.0000"
    # An empty box changes nothing, and shows the threshold in force when left.
    box.fill("")
    box.press("Tab")
    assert shown(page)["threshold"] == -1e6
    assert box.input_value() == "-1000000"
    assert not page.problems()


def test_the_pages_arithmetic_is_the_twins(page, site_url, data, twin):
    open_page(page, site_url)
    rng = np.random.default_rng(0)
    thresholds = np.concatenate([
        rng.uniform(-60000, 60000, 200),
        rng.choice(data.y_scores, 200),  # exactly on a score, where >= matters
        [data.y_scores.min(), data.y_scores.max(), 0.0],
    ]).tolist()
    page_metrics = page.evaluate(
        "ts => ts.map(t => window.digitkitThreshold.metricsAt(t))", thresholds)
    for threshold, got in zip(thresholds, page_metrics, strict=True):
        expected = twin.metrics(threshold)
        for key in ("tn", "fp", "fn", "tp", *RATES):
            if key == "precision" and math.isnan(expected[key]):
                assert got[key] is None or math.isnan(got[key]), threshold
            else:
                assert got[key] == expected[key], (threshold, key)
    curves = page.evaluate("window.digitkitThreshold.curves()")
    expected_curves = twin.curves()
    for key in ("thresholds", "precision", "recall", "false_positive_rate"):
        np.testing.assert_array_equal(np.array(curves[key]), expected_curves[key], err_msg=key)
    for target in (0.5, 0.8, 0.9, 0.95):
        assert page.evaluate(f"window.digitkitThreshold.thresholdForPrecision({target})") == \
            twin.threshold_for_precision(target)


def _marker_positions(page):
    return page.locator(".dk-threshold-marker").evaluate_all(
        "circles => circles.map(c => [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))])")


def test_the_markers_move_with_the_threshold(page, site_url):
    open_page(page, site_url)
    at_0 = _marker_positions(page)
    line_0 = page.locator(".dk-threshold-marker-line").get_attribute("x1")
    page.get_by_role("button", name="90% precision").click()
    at_90 = _marker_positions(page)
    assert len(at_0) == len(at_90) == 4  # precision/recall, precision, recall, ROC
    assert all(a != b for a, b in zip(at_0, at_90, strict=True))
    assert page.locator(".dk-threshold-marker-line").get_attribute("x1") != line_0
    # Higher threshold: precision up (y down on screen), recall down (y up).
    assert at_90[1][1] < at_0[1][1] and at_90[2][1] > at_0[2][1]
    # The ROC marker moves down and left: fewer true and false positives.
    assert at_90[3][0] < at_0[3][0] and at_90[3][1] > at_0[3][1]


def test_pressing_the_charts_picks_a_threshold(page, site_url, data, twin):
    open_page(page, site_url)
    chart = page.locator(".dk-threshold-curves")
    box = chart.bounding_box()
    page.mouse.click(box["x"] + 0.75 * box["width"], box["y"] + 0.5 * box["height"])
    numbers = shown(page)
    step = float(page.locator(SLIDER).get_attribute("step"))
    assert numbers["threshold"] > 0 and numbers["threshold"] % step == 0
    assert numbers["threshold"] == float(page.locator(SLIDER).input_value())
    assert_shows_the_twin(numbers, twin)
    # On the ROC curve, the nearest point's threshold: one of the scores.
    roc = page.locator(".dk-threshold-roc").bounding_box()
    page.mouse.click(roc["x"] + 0.25 * roc["width"], roc["y"] + 0.2 * roc["height"])
    numbers = shown(page)
    assert numbers["threshold"] in set(data.y_scores.tolist())
    assert numbers["threshold"] < 0  # a point high on the curve: a low threshold
    assert_shows_the_twin(numbers, twin)
    assert not page.problems()


def test_screen_readers_hear_the_numbers(page, site_url):
    open_page(page, site_url)
    status = page.locator(".dk-threshold-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"
    assert page.get_by_label("Move the threshold").count() == 1
    assert page.get_by_label("or type one").count() == 1
    assert page.get_by_role("table", name="Confusion matrix of the 60,000 training digits").count() == 1
    assert page.get_by_role("table", name="Scores of the detector").count() == 1
    assert page.locator(".dk-threshold-matrix th[scope=col]").count() == 2
    assert page.locator(".dk-threshold-matrix th[scope=row]").count() == 2
    for chart in ("pr", "curves", "roc"):
        svg = page.locator(f".dk-threshold-{chart}")
        assert svg.get_attribute("role") == "img"
        caption = page.locator("#" + svg.get_attribute("aria-labelledby"))
        assert caption.inner_text()
    # The page announces its first numbers a moment after it loads; wait for
    # that, or it could be taken for the answer to the click below.
    page.wait_for_function("() => window.digitkitThreshold.state.announced >= 1")
    before = page.evaluate("window.digitkitThreshold.state.announced")
    page.get_by_role("button", name="90% precision").click()
    text = wait_for_announcement(page, before)
    assert text.startswith("Threshold 3,370.02: precision 0.9000, recall 0.4800")
    assert "2,602 true positives" in text


def test_tab_order_follows_the_controls(page, site_url):
    open_page(page, site_url)
    page.locator(SLIDER).focus()
    order = []
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.classList[0] || document.activeElement.id"))
    assert order == ["dk-threshold-number", "dk-threshold-zero", "dk-threshold-ninety"]
    page.keyboard.press("Enter")  # on "90% precision"
    assert shown(page)["precision"] == PUBLISHED_PRECISION_90
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows no focus ring"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page, site_url, scheme):
    open_page(page, site_url, scheme)
    page.get_by_role("button", name="90% precision").click()
    assert_no_serious_violations(page)


def test_colours_follow_the_theme_and_screenshots(page, site_url):
    def chart_colours(scheme):
        open_page(page, site_url, scheme)
        page.get_by_role("button", name="90% precision").click()
        stroke, background, text = page.evaluate("""() => {
          const line = document.querySelector('.dk-threshold-curves .dk-threshold-line-precision');
          const svg = document.querySelector('.dk-threshold-curves');
          const text = document.querySelector('.dk-threshold-curves text');
          return [getComputedStyle(line).stroke, getComputedStyle(svg).backgroundColor,
                  getComputedStyle(text).fill];
        }""")
        assert stroke != background and text != background
        return stroke, background, text

    screenshots = {scheme: f"threshold-1280-{scheme}" for scheme in ("light", "dark")}
    colours = browsing.colours_in_each_scheme(page, chart_colours, screenshots)
    assert colours["light"][1:] != colours["dark"][1:]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_with_touch(browser, site_url, twin, scheme):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True,
                                  is_mobile=True, color_scheme=scheme)
    try:
        phone = context.new_page()
        watch(phone)
        open_page(phone, site_url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        phone.get_by_role("button", name="90% precision").tap()
        numbers = shown(phone)
        assert numbers["precision"] == PUBLISHED_PRECISION_90
        # A tap on the threshold chart moves the threshold there.
        chart = phone.locator(".dk-threshold-curves")
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        phone.touchscreen.tap(box["x"] + 0.3 * box["width"], box["y"] + 0.5 * box["height"])
        numbers = shown(phone)
        assert numbers["threshold"] < 0
        assert_shows_the_twin(numbers, twin)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        for chart_class in ("pr", "curves", "roc"):
            width = phone.locator(f".dk-threshold-{chart_class}").bounding_box()["width"]
            assert 250 < width <= 375
        phone.evaluate("window.scrollTo(0, 0)")
        screenshot(phone, f"threshold-375-{scheme}")
        assert not phone.problems()
    finally:
        context.close()


# The slider (with the box and the buttons that move the same threshold), and what it gives.
CONTROLS = ".dk-threshold-controls"
RESULTS = "section[aria-labelledby='dk-threshold-results-title']"
CHARTS = (".dk-threshold-pr", ".dk-threshold-curves", ".dk-threshold-roc")


def test_on_a_laptop_the_slider_the_counts_and_the_curves_are_seen_together(page, site_url):
    page.set_viewport_size(browsing.LAPTOP)
    open_page(page, site_url)
    seen = ("#dk-threshold-controls-title", SLIDER, ".dk-threshold-matrix", *CHARTS)
    browsing.assert_seen_together(page, *seen, where="threshold 0")
    page.get_by_role("button", name="90% precision").click()
    browsing.assert_seen_together(page, *seen, where="90% precision")
    page.locator(BOX).fill("60000")  # beyond the slider: a note appears under it
    page.locator(BOX).press("Enter")
    assert page.locator(".dk-threshold-off-chart").is_visible()
    browsing.assert_seen_together(page, *seen, where="threshold 60,000")
    assert not page.problems()


def test_on_a_phone_the_counts_and_the_curves_come_right_after_the_controls(browser, site_url):
    with browsing.phone(browser) as phone:
        open_page(phone, site_url)
        assert browsing.between(phone, CONTROLS, RESULTS) == []
        assert browsing.between(phone, RESULTS, ".dk-threshold-charts") == []
        assert phone.locator(RESULTS).locator(".dk-threshold-matrix").count() == 1
        assert not phone.problems()


def test_the_page_works_when_opened_from_disk(page, site):
    # file:// pages may not fetch() files; the scores come in a <script> tag.
    page.goto((site / PAGE).as_uri())
    page.wait_for_function("() => window.digitkitThreshold && window.digitkitThreshold.state")
    page.get_by_role("button", name="90% precision").click()
    assert shown(page)["recall"] == PUBLISHED_RECALL_90
    assert not page.problems()


def test_without_its_data_the_page_says_so(page, site_url):
    message = open_without_data(page, site_url + PAGE, "digitkit_threshold_scores.js",
                                "digitkitThreshold", ".dk-threshold-message")
    assert "scores are missing" in message.inner_text()
    assert page.get_by_role("button", name="90% precision").is_disabled()
    assert page.locator(SLIDER).is_disabled()
    assert not page.page_errors


def test_the_data_file_is_small_and_exact(site, data):
    size = (site / DATA).stat().st_size
    assert size < 1_000_000
    assert len(data.y_scores) == 60000 and data.y_true.sum() == 5421
    assert data.y_scores.dtype == np.float64


def test_the_scores_are_those_of_the_precision_recall_example(site, twin):
    # The build makes the page's scores with the example's own call (its fold
    # models loaded from the memo): the threshold it prints is the page's.
    theirs = printed_output(site / PR_EXAMPLE_PAGE)
    threshold_90 = f"{twin.threshold_for_precision(0.9):.2f}"
    assert f"lowest threshold for 90% precision: {threshold_90}" in theirs
