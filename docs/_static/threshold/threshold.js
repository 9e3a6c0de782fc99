/*
 * The threshold explorer: move the 5-detector's decision threshold and watch
 * its confusion matrix, precision, recall, F1 and false-positive rate change,
 * with a marker on its precision/recall, threshold and ROC curves.
 *
 * The data is the object window.DIGITKIT_THRESHOLD_SCORES, set by
 * digitkit_threshold_scores.js (written by the site's build,
 * docs/sphinxext/pagedata_threshold.py):
 * the 60,000 cross-validated decision scores, exact float64 values, and the
 * true labels. The arithmetic mirrors its Python twin step by step, so the
 * tests can compare the page's numbers with Python's:
 *
 *   buildTable              <->  pagedata_threshold.ThresholdExplorer()
 *   metricsAt               <->  ThresholdExplorer.metrics
 *   thresholdForPrecision   <->  ThresholdExplorer.threshold_for_precision
 *   curves                  <->  ThresholdExplorer.curves
 *
 * A digit is called a 5 when its score is at or above the threshold. What
 * the three interactive pages share (decoding, the format check,
 * announcements, start-up) is in ../pages/pages.js, loaded first.
 */
(function () {
  "use strict";

  var pages = window.digitkitPages;

  var FORMAT = "digitkit-threshold-scores";
  var FORMAT_VERSION = 1;
  var SVG = "http://www.w3.org/2000/svg";
  var STATUS_DELAY = 350; // ms of stillness before the new numbers are announced

  // -- The data ------------------------------------------------------------------

  function loadScores(document_) {
    pages.checkFormat(document_, FORMAT, FORMAT_VERSION, "the scores file");
    var n = document_.n_samples;
    var scores = pages.decodeFloat64(document_.scores);
    var labels = pages.decodeBits(document_.labels, n);
    if (scores.length !== n || labels === null) {
      throw new Error("the scores file holds the wrong number of bytes for " + n + " samples");
    }
    return { scores: scores, labels: labels, metadata: document_.metadata || {} };
  }

  // -- The twin of pagedata_threshold.ThresholdExplorer -----------------------------

  // Sort the scores from highest to lowest and count, at each distinct score,
  // the positives and negatives scoring at or above it.
  function buildTable(scores, labels) {
    var n = scores.length;
    var order = new Uint32Array(n);
    for (var i = 0; i < n; i++) { order[i] = i; }
    order.sort(function (a, b) { return scores[b] - scores[a]; });
    var thresholds = [], tps = [], fps = [];
    var positives = 0;
    for (var k = 0; k < n; k++) {
      positives += labels[order[k]];
      // The last sample of a run of equal scores closes the run.
      if (k === n - 1 || scores[order[k + 1]] !== scores[order[k]]) {
        thresholds.push(scores[order[k]]);
        tps.push(positives);
        fps.push(k + 1 - positives);
      }
    }
    return {
      thresholds: Float64Array.from(thresholds), // decreasing
      tps: Int32Array.from(tps),
      fps: Int32Array.from(fps),
      nPositives: positives,
      nNegatives: n - positives
    };
  }

  // How many distinct scores are at or above the threshold (binary search).
  function countAbove(table, threshold) {
    var low = 0, high = table.thresholds.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (table.thresholds[middle] >= threshold) { low = middle + 1; } else { high = middle; }
    }
    return low;
  }

  function metricsAt(table, threshold) {
    var above = countAbove(table, threshold);
    var tp = above ? table.tps[above - 1] : 0;
    var fp = above ? table.fps[above - 1] : 0;
    var fn = table.nPositives - tp, tn = table.nNegatives - fp;
    return {
      threshold: threshold,
      tn: tn, fp: fp, fn: fn, tp: tp,
      precision: tp + fp ? tp / (tp + fp) : NaN,
      recall: tp / (tp + fn),
      f1: 2 * tp / (2 * tp + fp + fn),
      false_positive_rate: fp / (fp + tn)
    };
  }

  // The lowest threshold whose precision reaches the target, or NaN.
  function thresholdForPrecision(table, target) {
    for (var k = table.thresholds.length - 1; k >= 0; k--) {
      if (table.tps[k] / (table.tps[k] + table.fps[k]) >= target) {
        return table.thresholds[k];
      }
    }
    return NaN;
  }

  function curves(table) {
    var m = table.thresholds.length;
    var precision = new Float64Array(m), recall = new Float64Array(m);
    var fpr = new Float64Array(m);
    for (var k = 0; k < m; k++) {
      precision[k] = table.tps[k] / (table.tps[k] + table.fps[k]);
      recall[k] = table.tps[k] / table.nPositives;
      fpr[k] = table.fps[k] / table.nNegatives;
    }
    return { thresholds: table.thresholds, precision: precision, recall: recall,
             false_positive_rate: fpr };
  }

  // -- Formatting ------------------------------------------------------------------

  function formatRate(value) {
    return isNaN(value) ? "undefined" : value.toFixed(4);
  }

  function formatThreshold(value) {
    if (!isFinite(value)) { return value > 0 ? "+\u221e" : "\u2212\u221e"; }
    return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      .replace("-", "\u2212");
  }

  // The number typed in the box: two decimals at most, no thousands separator.
  function inputValue(value) {
    return String(Number(value.toFixed(2)));
  }

  // -- Charts ------------------------------------------------------------------------

  function svgElement(name, attributes, parent) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    if (parent) { parent.appendChild(element); }
    return element;
  }

  var WIDTH = 320, HEIGHT = 250;
  var MARGIN = { left: 54, right: 14, top: 12, bottom: 46 };

  // A chart with two linear axes: x from xMin to xMax, y from 0 to 1.
  function makeChart(svg, spec) {
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
    var x0 = MARGIN.left, x1 = WIDTH - MARGIN.right;
    var y0 = HEIGHT - MARGIN.bottom, y1 = MARGIN.top;
    function sx(x) { return x0 + (x - spec.xMin) / (spec.xMax - spec.xMin) * (x1 - x0); }
    function sy(y) { return y0 + y * (y1 - y0); }
    function invertX(px) { return spec.xMin + (px - x0) / (x1 - x0) * (spec.xMax - spec.xMin); }

    var clipId = svg.id + "-clip";
    var clip = svgElement("clipPath", { id: clipId }, svgElement("defs", {}, svg));
    svgElement("rect", { x: x0, y: y1 - 4, width: x1 - x0, height: y0 - y1 + 8 }, clip);

    var grid = svgElement("g", { "class": "dk-threshold-grid" }, svg);
    var labels = svgElement("g", { "class": "dk-threshold-tick-labels" }, svg);
    spec.xTicks.forEach(function (tick) {
      svgElement("line", { x1: sx(tick), x2: sx(tick), y1: y0, y2: y1 }, grid);
      var text = svgElement("text", { x: sx(tick), y: y0 + 17, "text-anchor": "middle" }, labels);
      text.textContent = spec.xFormat(tick);
    });
    [0, 0.2, 0.4, 0.6, 0.8, 1].forEach(function (tick) {
      svgElement("line", { x1: x0, x2: x1, y1: sy(tick), y2: sy(tick) }, grid);
      var text = svgElement("text", { x: x0 - 6, y: sy(tick) + 5, "text-anchor": "end" }, labels);
      text.textContent = tick.toFixed(1);
    });
    svgElement("rect", { "class": "dk-threshold-frame", x: x0, y: y1, width: x1 - x0,
                         height: y0 - y1 }, svg);
    var xLabel = svgElement("text", { "class": "dk-threshold-axis-label", x: (x0 + x1) / 2,
                                      y: HEIGHT - 6, "text-anchor": "middle" }, svg);
    xLabel.textContent = spec.xLabel;
    var yLabel = svgElement("text", { "class": "dk-threshold-axis-label", "text-anchor": "middle",
                                      transform: "translate(14 " + (y0 + y1) / 2 + ") rotate(-90)" },
                            svg);
    yLabel.textContent = spec.yLabel;
    var plot = svgElement("g", { "clip-path": "url(#" + clipId + ")" }, svg);
    return { svg: svg, plot: plot, sx: sx, sy: sy, invertX: invertX, x0: x0, x1: x1,
             y0: y0, y1: y1 };
  }

  // The points of a curve, in chart units, keeping one every half pixel or so:
  // 60,000 points would make a heavy drawing for no visible gain. Each kept
  // point remembers its index in the curve (its threshold).
  function thinPoints(chart, xs, ys, keep) {
    var points = [], lastX = -Infinity, lastY = -Infinity;
    for (var k = 0; k < xs.length; k++) {
      if (keep && !keep(k)) { continue; }
      var px = chart.sx(xs[k]), py = chart.sy(ys[k]);
      if (Math.abs(px - lastX) + Math.abs(py - lastY) >= 0.5 || k === xs.length - 1) {
        points.push([px, py, k]);
        lastX = px;
        lastY = py;
      }
    }
    return points;
  }

  function drawCurve(chart, points, className) {
    var d = points.map(function (p, i) {
      return (i ? "L" : "M") + p[0].toFixed(1) + " " + p[1].toFixed(1);
    }).join("");
    return svgElement("path", { "class": className, d: d }, chart.plot);
  }

  function drawLegend(chart, entries) {
    var legend = svgElement("g", { "class": "dk-threshold-legend" }, chart.svg);
    svgElement("rect", { x: chart.x0 + 4, y: chart.sy(0.62) - 11, width: 92,
                         height: 18 * entries.length + 4, rx: 3 }, legend);
    entries.forEach(function (entry, i) {
      // Left of the middle height, where neither curve passes.
      var y = chart.sy(0.62) + 18 * i;
      svgElement("line", { "class": entry[0], x1: chart.x0 + 10, x2: chart.x0 + 32, y1: y, y2: y },
                 legend);
      var text = svgElement("text", { x: chart.x0 + 38, y: y + 5 }, legend);
      text.textContent = entry[1];
    });
    return legend;
  }

  // -- The page ----------------------------------------------------------------------

  // Why the page cannot work, if its data cannot be read (pages.loadOrExplain).
  var NO_DATA = { noData: "dk-threshold-no-data", unreadable: "The decision scores could not be read:",
    missing: "The decision scores are missing: this copy of the site was built without " +
      "running the examples that compute them, so there is nothing to explore." };

  function setUp(root) {
    var ui = pages.parts(root, "dk-threshold", ["message", "range", "number", "zero", "ninety",
      "status", "value", "off-chart"]);
    var message = ui.message, range = ui.range, number = ui.number, zeroButton = ui.zero,
      ninetyButton = ui.ninety, status = ui.status, shownThreshold = ui.value,
      offChart = ui["off-chart"];
    var controls = [range, number, zeroButton, ninetyButton];

    var data = pages.loadOrExplain(loadScores, window.DIGITKIT_THRESHOLD_SCORES, message, root, NO_DATA);
    if (data === null) {
      controls.forEach(function (control) { control.disabled = true; });
      return null;
    }
    var table = buildTable(data.scores, data.labels);
    var curve = curves(table);
    var threshold90 = thresholdForPrecision(table, 0.9);
    var rangeMin = Number(range.min), rangeMax = Number(range.max);
    var rangeStep = Number(range.step);

    var cells = {};
    root.querySelectorAll("[data-count], [data-metric]").forEach(function (cell) {
      cells[cell.getAttribute("data-count") || cell.getAttribute("data-metric")] = cell;
    });

    // The three charts.
    var prChart = makeChart(root.querySelector(".dk-threshold-pr"), {
      xMin: 0, xMax: 1, xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
      xFormat: function (v) { return v.toFixed(1); }, xLabel: "recall", yLabel: "precision"
    });
    var chance = table.nPositives / (table.nPositives + table.nNegatives);
    svgElement("line", { "class": "dk-threshold-chance", x1: prChart.x0, x2: prChart.x1,
                         y1: prChart.sy(chance), y2: prChart.sy(chance) }, prChart.plot);
    var prPoints = thinPoints(prChart, curve.recall, curve.precision);
    drawCurve(prChart, prPoints, "dk-threshold-line");

    var tChart = makeChart(root.querySelector(".dk-threshold-curves"), {
      xMin: rangeMin, xMax: rangeMax,
      xTicks: [-40000, -20000, 0, 20000, 40000].filter(function (v) {
        return v >= rangeMin && v <= rangeMax;
      }),
      xFormat: function (v) { return v ? (v / 1000).toFixed(0).replace("-", "\u2212") + "k" : "0"; },
      xLabel: "threshold", yLabel: "precision, recall"
    });
    function inView(k) {
      return curve.thresholds[k] >= rangeMin - 1000 && curve.thresholds[k] <= rangeMax + 1000;
    }
    drawCurve(tChart, thinPoints(tChart, curve.thresholds, curve.precision, inView),
              "dk-threshold-line-precision");
    drawCurve(tChart, thinPoints(tChart, curve.thresholds, curve.recall, inView),
              "dk-threshold-line-recall");
    var legend = drawLegend(tChart, [["dk-threshold-line-precision", "precision"],
                                     ["dk-threshold-line-recall", "recall"]]);

    var rocChart = makeChart(root.querySelector(".dk-threshold-roc"), {
      xMin: 0, xMax: 1, xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
      xFormat: function (v) { return v.toFixed(1); },
      xLabel: "false-positive rate", yLabel: "recall"
    });
    svgElement("line", { "class": "dk-threshold-chance", x1: rocChart.sx(0), y1: rocChart.sy(0),
                         x2: rocChart.sx(1), y2: rocChart.sy(1) }, rocChart.plot);
    var rocPoints = thinPoints(rocChart, curve.false_positive_rate, curve.recall);
    drawCurve(rocChart, rocPoints, "dk-threshold-line");

    // The markers, moved at every update.
    var prMarker = svgElement("circle", { "class": "dk-threshold-marker", r: 5 }, prChart.svg);
    var tLine = svgElement("line", { "class": "dk-threshold-marker-line", y1: tChart.y0,
                                     y2: tChart.y1 }, tChart.svg);
    var tPrecision = svgElement("circle", { "class": "dk-threshold-marker", r: 5 }, tChart.svg);
    var tRecall = svgElement("circle", { "class": "dk-threshold-marker dk-threshold-marker-recall",
                                         r: 5 }, tChart.svg);
    var rocMarker = svgElement("circle", { "class": "dk-threshold-marker", r: 5 }, rocChart.svg);
    tChart.svg.appendChild(legend); // over the marker's line, which crosses it

    var state = { threshold: 0, metrics: null, threshold90: threshold90, updates: 0,
                  announced: 0 };

    function place(circle, x, y) {
      circle.setAttribute("cx", x.toFixed(2));
      circle.setAttribute("cy", y.toFixed(2));
    }

    // Announced once the threshold has stood still for STATUS_DELAY ms.
    var say = pages.announcer(status, STATUS_DELAY, function () { state.announced += 1; });
    function announcement() {
      var m = state.metrics;
      return "Threshold " + formatThreshold(m.threshold) + ": precision " +
        formatRate(m.precision) + ", recall " + formatRate(m.recall) + ", F1 " +
        formatRate(m.f1) + ", false-positive rate " + formatRate(m.false_positive_rate) +
        ". " + pages.formatCount(m.tp) + " true positives, " + pages.formatCount(m.fp) +
        " false positives, " + pages.formatCount(m.fn) + " false negatives, " + pages.formatCount(m.tn) +
        " true negatives.";
    }

    // source: the control that set the threshold, which keeps what the reader typed.
    function setThreshold(value, source) {
      state.threshold = value;
      var m = metricsAt(table, value);
      state.metrics = m;
      state.updates += 1;
      ["tn", "fp", "fn", "tp"].forEach(function (key) {
        cells[key].textContent = pages.formatCount(m[key]);
      });
      ["precision", "recall", "f1", "false_positive_rate"].forEach(function (key) {
        cells[key].textContent = formatRate(m[key]);
      });
      shownThreshold.textContent = formatThreshold(value);
      if (source !== range) { range.value = String(Math.min(Math.max(value, rangeMin), rangeMax)); }
      range.setAttribute("aria-valuetext", formatThreshold(value));
      if (source !== number) { number.value = inputValue(value); }

      // Markers: the point of each curve at this threshold.
      var hasPrecision = !isNaN(m.precision);
      var shownPrecision = hasPrecision ? m.precision : 1;
      place(prMarker, prChart.sx(m.recall), prChart.sy(shownPrecision));
      prMarker.classList.toggle("dk-threshold-hidden", !hasPrecision);
      var clamped = Math.min(Math.max(value, rangeMin), rangeMax);
      var tx = tChart.sx(clamped);
      tLine.setAttribute("x1", tx.toFixed(2));
      tLine.setAttribute("x2", tx.toFixed(2));
      place(tPrecision, tx, tChart.sy(shownPrecision));
      tPrecision.classList.toggle("dk-threshold-hidden", !hasPrecision);
      place(tRecall, tx, tChart.sy(m.recall));
      offChart.hidden = clamped === value;
      place(rocMarker, rocChart.sx(m.false_positive_rate), rocChart.sy(m.recall));

      say(announcement);
    }

    range.addEventListener("input", function () {
      setThreshold(Number(range.value), range);
    });
    number.addEventListener("input", function () {
      var value = number.valueAsNumber;
      if (number.value !== "" && !isNaN(value)) { setThreshold(value, number); }
    });
    number.addEventListener("change", function () {
      // Left empty or unreadable: show the threshold in force again.
      if (number.value === "" || isNaN(number.valueAsNumber)) {
        number.value = inputValue(state.threshold);
      }
    });
    zeroButton.addEventListener("click", function () { setThreshold(0, zeroButton); });
    ninetyButton.addEventListener("click", function () { setThreshold(threshold90, ninetyButton); });
    if (isNaN(threshold90)) { ninetyButton.disabled = true; }

    // Pointer on the charts: on the threshold chart, the threshold under the
    // pointer (rounded like the slider's); on the other two, the threshold of
    // the nearest point of the curve.
    function pointerIn(chart, event) {
      var box = chart.svg.getBoundingClientRect();
      return [(event.clientX - box.left) / box.width * WIDTH,
              (event.clientY - box.top) / box.height * HEIGHT];
    }
    function nearest(points, p) {
      var best = null, bestDistance = Infinity;
      points.forEach(function (q) {
        var distance = (q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]);
        if (distance < bestDistance) { bestDistance = distance; best = q; }
      });
      return curve.thresholds[best[2]];
    }
    function follow(chart, pick) {
      var active = null;
      function move(event) {
        if (active !== event.pointerId) { return; }
        setThreshold(pick(pointerIn(chart, event)), chart.svg);
      }
      chart.svg.addEventListener("pointerdown", function (event) {
        if (active !== null || (event.pointerType === "mouse" && event.button !== 0)) { return; }
        active = event.pointerId;
        chart.svg.setPointerCapture(event.pointerId);
        move(event);
      });
      chart.svg.addEventListener("pointermove", move);
      function end(event) { if (active === event.pointerId) { active = null; } }
      chart.svg.addEventListener("pointerup", end);
      chart.svg.addEventListener("pointercancel", end);
    }
    follow(tChart, function (p) {
      var value = Math.round(tChart.invertX(p[0]) / rangeStep) * rangeStep;
      return Math.min(Math.max(value, rangeMin), rangeMax);
    });
    follow(prChart, function (p) { return nearest(prPoints, p); });
    follow(rocChart, function (p) { return nearest(rocPoints, p); });

    setThreshold(0, null);
    root.classList.add("dk-threshold-ready");
    return { table: table, state: state, setThreshold: setThreshold };
  }

  pages.start(".dk-threshold", setUp, function (page) {
    // For the tests, and for the curious in the browser's console.
    window.digitkitThreshold = {
      loadScores: loadScores,
      buildTable: buildTable,
      metricsAt: page ? function (threshold) { return metricsAt(page.table, threshold); } : null,
      thresholdForPrecision: page ? function (target) {
        return thresholdForPrecision(page.table, target);
      } : null,
      curves: page ? function () {
        var c = curves(page.table);
        return { thresholds: Array.from(c.thresholds), precision: Array.from(c.precision),
                 recall: Array.from(c.recall),
                 false_positive_rate: Array.from(c.false_positive_rate) };
      } : null,
      setThreshold: page ? function (value) { page.setThreshold(value, null); } : null,
      state: page ? page.state : null
    };
  });
})();
