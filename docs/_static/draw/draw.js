/*
 * The "Draw a digit" page: draw with a mouse, a finger or a pen, and watch a
 * classifier trained on MNIST read your digit, live, in this browser.
 *
 * Nothing is sent anywhere. The model is the object window.DIGITKIT_MODEL,
 * set by digitkit_mnist_model.js (written by digitkit.export.export_model).
 * The two steps below mirror their Python twins line by line, so that the
 * accuracy measured in Python is the accuracy this page gets:
 *
 *   strokesToImage  <->  digitkit.drawing.strokes_to_image
 *   predictProba    <->  digitkit.export.BrowserModel.predict_proba
 *   testDigitPixels <->  TestDigits.pixels (docs/sphinxext/pagedata_digits.py)
 *
 * A reader without a pointer can load an MNIST test digit instead of
 * drawing: window.DIGITKIT_TEST_DIGITS, set by digitkit_test_digits.js
 * (written by the site's build, docs/sphinxext/pagedata_digits.py), holds
 * the first test digits, their grey levels compressed without loss.
 *
 * What the three interactive pages share (decoding, the format check,
 * announcements, start-up) is in ../pages/pages.js, loaded first.
 */
(function () {
  "use strict";

  var pages = window.digitkitPages;

  var IMAGE_SIZE = 28; // side of the image the model sees
  var BOX_SIZE = 20; // the ink is scaled to fit a box this large, as in MNIST
  var STROKE_WIDTH = 2.75; // width of the pen, in pixels of the 28 x 28 image
  var FORMAT = "digitkit-mlp";
  var FORMAT_VERSION = 1;
  var DIGITS_FORMAT = "digitkit-digits";
  var DIGITS_VERSION = 1;

  // -- The model ---------------------------------------------------------------

  function loadModel(document_) {
    pages.checkFormat(document_, FORMAT, FORMAT_VERSION, "the model file");
    var layers = document_.layers.map(function (spec, index) {
      var bytes = pages.decodeBase64(spec.data);
      var count = spec.n_inputs * spec.n_outputs;
      var weights;
      if (spec.dtype === "int8") {
        weights = new Int8Array(bytes.buffer, 0, bytes.length);
      } else if (spec.dtype === "float32") {
        // Little-endian float32 values, read the same way on any machine.
        var view = new DataView(bytes.buffer);
        weights = new Float64Array(bytes.length / 4);
        for (var k = 0; k < weights.length; k++) {
          weights[k] = view.getFloat32(4 * k, true);
        }
      } else {
        throw new Error("layer " + index + " has weights of unknown type " + spec.dtype);
      }
      if (weights.length !== count) {
        throw new Error("layer " + index + " holds " + weights.length +
                        " weights instead of " + count);
      }
      return {
        nInputs: spec.n_inputs,
        nOutputs: spec.n_outputs,
        activation: spec.activation,
        weights: weights,
        scales: spec.dtype === "int8" ? spec.scales : null,
        biases: spec.biases
      };
    });
    if (layers[0].nInputs !== IMAGE_SIZE * IMAGE_SIZE) {
      throw new Error("the model expects " + layers[0].nInputs + " pixels, not " +
                      IMAGE_SIZE * IMAGE_SIZE);
    }
    return { classes: document_.classes, layers: layers, metadata: document_.metadata || {} };
  }

  function activate(z, activation) {
    var i;
    if (activation === "relu") {
      for (i = 0; i < z.length; i++) { z[i] = Math.max(z[i], 0); }
    } else if (activation === "tanh") {
      for (i = 0; i < z.length; i++) { z[i] = Math.tanh(z[i]); }
    } else if (activation === "logistic") {
      for (i = 0; i < z.length; i++) { z[i] = 1 / (1 + Math.exp(-z[i])); }
    } else if (activation === "softmax") {
      var largest = -Infinity, total = 0;
      for (i = 0; i < z.length; i++) { largest = Math.max(largest, z[i]); }
      for (i = 0; i < z.length; i++) { z[i] = Math.exp(z[i] - largest); total += z[i]; }
      for (i = 0; i < z.length; i++) { z[i] /= total; }
    }
    return z;
  }

  // The probability of each class for one image (784 grey levels from 0 to 1).
  function predictProba(model, pixels) {
    var inputs = pixels;
    model.layers.forEach(function (layer) {
      var z = new Float64Array(layer.nOutputs);
      for (var j = 0; j < layer.nOutputs; j++) {
        var sum = 0, row = j * layer.nInputs;
        for (var i = 0; i < layer.nInputs; i++) {
          sum += inputs[i] * layer.weights[row + i];
        }
        if (layer.scales) { sum *= layer.scales[j]; }
        z[j] = sum + layer.biases[j];
      }
      inputs = activate(z, layer.activation);
    });
    return inputs;
  }

  // -- Test digits --------------------------------------------------------------

  // Read the test digits' file. Returns a Promise of
  // { indices, labels, position, bytes } (bytes: 784 grey levels per digit).
  function loadTestDigits(document_) {
    try {
      pages.checkFormat(document_, DIGITS_FORMAT, DIGITS_VERSION, "the test digits' file");
    } catch (error) {
      return Promise.reject(error);
    }
    var indices = pages.decodeUint16(document_.indices).slice(0, document_.count);
    var labels = Array.from(pages.decodeLabels(document_.labels));
    var position = {};
    indices.forEach(function (index, k) { position[index] = k; });
    return pages.unpackDigits(document_.pixels, document_.count).then(function (bytes) {
      return { indices: indices, labels: labels, position: position, bytes: bytes };
    });
  }

  // The 784 pixels the model gets for a test digit: its grey levels / 255.
  function testDigitPixels(digits, index) {
    var start = digits.position[index] * IMAGE_SIZE * IMAGE_SIZE;
    var pixels = new Float64Array(IMAGE_SIZE * IMAGE_SIZE);
    for (var i = 0; i < pixels.length; i++) { pixels[i] = digits.bytes[start + i] / 255; }
    return pixels;
  }

  // -- From strokes to a 28 x 28 image, the way MNIST digits were made -----------

  // Draw every segment with anti-aliased edges: a pixel whose centre lies
  // within `radius` of a segment is full ink, fading to none one pixel further.
  function render(segments, middleX, middleY, scale, offsetX, offsetY, radius) {
    var image = new Float64Array(IMAGE_SIZE * IMAGE_SIZE);
    var centre = IMAGE_SIZE / 2;
    segments.forEach(function (segment) {
      var ax = (segment[0] - middleX) * scale + centre + offsetX;
      var ay = (segment[1] - middleY) * scale + centre + offsetY;
      var bx = (segment[2] - middleX) * scale + centre + offsetX;
      var by = (segment[3] - middleY) * scale + centre + offsetY;
      var dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
      var reach = radius + 1;
      var col0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
      var col1 = Math.min(IMAGE_SIZE - 1, Math.ceil(Math.max(ax, bx) + reach));
      var row0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
      var row1 = Math.min(IMAGE_SIZE - 1, Math.ceil(Math.max(ay, by) + reach));
      for (var row = row0; row <= row1; row++) {
        var py = row + 0.5;
        for (var col = col0; col <= col1; col++) {
          var px = col + 0.5;
          var t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
          t = Math.min(Math.max(t, 0), 1);
          var distance = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
          var ink = Math.min(Math.max(radius + 0.5 - distance, 0), 1);
          var index = row * IMAGE_SIZE + col;
          if (ink > image[index]) { image[index] = ink; }
        }
      }
    });
    return image;
  }

  // Strokes are arrays of [x, y] points (any unit, y down). Returns 784 grey
  // levels, row by row, from 0 (background) to 1 (ink), or null if empty.
  function strokesToImage(strokes) {
    var segments = [];
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    strokes.forEach(function (points) {
      points.forEach(function (p) {
        minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
      });
      if (points.length === 1) {
        segments.push([points[0][0], points[0][1], points[0][0], points[0][1]]);
      }
      for (var i = 1; i < points.length; i++) {
        segments.push([points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]]);
      }
    });
    if (!segments.length) { return null; }
    // Crop to the bounding box and scale it, keeping the aspect ratio, so
    // that the ink (the points' box plus the pen's width) is 20 pixels across.
    var extent = Math.max(maxX - minX, maxY - minY);
    var scale = extent > 0 ? (BOX_SIZE - STROKE_WIDTH) / extent : 0;
    var middleX = (minX + maxX) / 2, middleY = (minY + maxY) / 2;
    var centre = IMAGE_SIZE / 2, radius = STROKE_WIDTH / 2;
    var first = render(segments, middleX, middleY, scale, 0, 0, radius);
    // Then move the ink's centre of mass to the centre of the image.
    var total = 0, massX = 0, massY = 0;
    for (var row = 0; row < IMAGE_SIZE; row++) {
      for (var col = 0; col < IMAGE_SIZE; col++) {
        var ink = first[row * IMAGE_SIZE + col];
        total += ink;
        massX += ink * (col + 0.5);
        massY += ink * (row + 0.5);
      }
    }
    massX /= total;
    massY /= total;
    return render(segments, middleX, middleY, scale, centre - massX, centre - massY, radius);
  }

  // -- The page ---------------------------------------------------------------

  // Why the page cannot work, if its data cannot be read (pages.loadOrExplain).
  var NO_DATA = { noData: "dk-draw-no-model", unreadable: "The model could not be read:",
    missing: "The model is missing: this copy of the site was built without running " +
      "the example that trains it, so nothing can be predicted." };

  function setUp(root) {
    var ui = pages.parts(root, "dk-draw", ["pad", "preview", "clear", "prediction", "confidence",
      "status"]);
    var pad = ui.pad, preview = ui.preview, clearButton = ui.clear, prediction = ui.prediction,
      confidence = ui.confidence, status = ui.status;
    var say = pages.announcer(status, 0);
    var message = root.querySelector(".dk-draw-message");
    var table = root.querySelector(".dk-draw-probabilities tbody");
    var truth = root.querySelector(".dk-draw-truth");
    var randomButton = root.querySelector(".dk-draw-random");
    var loadForm = root.querySelector(".dk-draw-load");
    var indexInput = root.querySelector(".dk-draw-index");
    var loadButton = root.querySelector(".dk-draw-load-button");
    var indexHelp = root.querySelector(".dk-draw-index-help");
    var padLabel = pad.getAttribute("aria-label");
    var caption = root.querySelector(".dk-draw-caption");
    var drawingCaption = caption.innerHTML;

    var model = pages.loadOrExplain(loadModel, window.DIGITKIT_MODEL, message, root, NO_DATA);
    if (model === null) {
      clearButton.disabled = true;
      indexHelp.textContent = "Without the model, no digit can be read.";
      return null;
    }

    // One row per class: the digit, a bar, and the probability as text.
    var rows = model.classes.map(function (label) {
      var row = document.createElement("tr");
      var head = document.createElement("th");
      head.scope = "row";
      head.textContent = String(label);
      var barCell = document.createElement("td");
      var bar = document.createElement("span");
      bar.className = "dk-draw-bar";
      bar.setAttribute("aria-hidden", "true");
      var fill = document.createElement("span");
      fill.className = "dk-draw-bar-fill";
      bar.appendChild(fill);
      barCell.appendChild(bar);
      var value = document.createElement("td");
      value.className = "dk-draw-percent";
      row.appendChild(head);
      row.appendChild(barCell);
      row.appendChild(value);
      table.appendChild(row);
      return { row: row, fill: fill, value: value };
    });

    var strokes = [];
    var current = null; // the stroke being drawn, with its pointer id
    var pending = false;
    var context = pad.getContext("2d");
    var previewContext = preview.getContext("2d");
    var state = { strokes: strokes, image: null, probabilities: null, updates: 0,
                  loaded: null, testDigitsReady: false };
    var testDigits = null;

    // The pad's backing store follows its displayed size and the screen's
    // pixel density, so strokes stay sharp; strokes are kept in CSS pixels.
    function resizePad() {
      var box = pad.getBoundingClientRect();
      var ratio = window.devicePixelRatio || 1;
      var width = Math.max(1, Math.round(box.width * ratio));
      var height = Math.max(1, Math.round(box.height * ratio));
      if (pad.width !== width || pad.height !== height) {
        pad.width = width;
        pad.height = height;
      }
      redrawPad();
    }

    function penWidth() {
      return Math.max(6, pad.getBoundingClientRect().width * 0.05);
    }

    function strokePath(points) {
      context.beginPath();
      context.moveTo(points[0][0], points[0][1]);
      if (points.length === 1) {
        context.lineTo(points[0][0] + 0.01, points[0][1]);
      }
      for (var i = 1; i < points.length; i++) {
        context.lineTo(points[i][0], points[i][1]);
      }
      context.stroke();
    }

    function redrawPad() {
      var box = pad.getBoundingClientRect();
      var ratio = pad.width / Math.max(1, box.width);
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, pad.width, pad.height);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.strokeStyle = window.getComputedStyle(pad).color;
      context.lineWidth = penWidth();
      context.lineCap = "round";
      context.lineJoin = "round";
      strokes.forEach(strokePath);
      if (state.loaded) { paintTestDigit(box.width, box.height); }
    }

    // A loaded test digit fills the pad, one square per pixel, in the ink's colour.
    function paintTestDigit(width, height) {
      var ink = document.createElement("canvas");
      ink.width = IMAGE_SIZE;
      ink.height = IMAGE_SIZE;
      var inkContext = ink.getContext("2d");
      inkContext.fillStyle = context.strokeStyle;
      inkContext.fillRect(0, 0, IMAGE_SIZE, IMAGE_SIZE);
      var pixels = inkContext.getImageData(0, 0, IMAGE_SIZE, IMAGE_SIZE);
      for (var i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
        pixels.data[4 * i + 3] = Math.round(255 * state.image[i]);
      }
      inkContext.putImageData(pixels, 0, 0);
      context.imageSmoothingEnabled = false;
      context.drawImage(ink, 0, 0, width, height);
    }

    function drawPreview(image) {
      var pixels = previewContext.createImageData(IMAGE_SIZE, IMAGE_SIZE);
      for (var i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
        // Black ink on white paper, as the gallery shows MNIST digits.
        var grey = image ? Math.round(255 * (1 - image[i])) : 255;
        pixels.data[4 * i] = pixels.data[4 * i + 1] = pixels.data[4 * i + 2] = grey;
        pixels.data[4 * i + 3] = 255;
      }
      previewContext.putImageData(pixels, 0, 0);
    }

    function announce() {
      var said = state.probabilities
        ? "Predicted digit: " + prediction.textContent + ", probability " +
          pages.percent(Math.max.apply(null, state.probabilities)) + "."
        : "Drawing cleared.";
      if (state.loaded && state.probabilities) {
        said = "Test digit " + state.loaded.index + ", true label " + state.loaded.label + ". " +
          said + (state.loaded.label === model.classes[bestClass()] ? " Read correctly." : " Misread.");
      }
      say(said);
    }

    function bestClass() {
      return state.probabilities.indexOf(Math.max.apply(null, state.probabilities));
    }

    function showTruth() {
      if (!state.loaded || !state.probabilities) {
        truth.hidden = true;
        truth.textContent = "";
        return;
      }
      var right = state.loaded.label === model.classes[bestClass()];
      truth.hidden = false;
      truth.textContent = "";
      truth.appendChild(document.createTextNode("True label: "));
      var label = document.createElement("strong");
      label.className = "dk-draw-true-label";
      label.textContent = String(state.loaded.label);
      truth.appendChild(label);
      truth.appendChild(document.createTextNode(" (test digit #" + state.loaded.index + "): "));
      var verdict = document.createElement("span");
      verdict.className = right ? "dk-draw-right" : "dk-draw-wrong";
      verdict.textContent = right ? "read correctly" : "misread";
      truth.appendChild(verdict);
    }

    function update() {
      pending = false;
      state.updates += 1;
      var image = state.loaded ? state.image : strokesToImage(strokes);
      state.image = image;
      drawPreview(image);
      if (!image) {
        state.probabilities = null;
        showTruth();
        prediction.textContent = "?";
        confidence.textContent = "Draw a digit to see what the model reads.";
        rows.forEach(function (r) {
          r.fill.style.width = "0%";
          r.value.textContent = "\u2013";
          r.row.removeAttribute("data-probability");
          r.row.classList.remove("dk-draw-best");
        });
        return;
      }
      var probabilities = Array.prototype.slice.call(predictProba(model, image));
      state.probabilities = probabilities;
      var best = probabilities.indexOf(Math.max.apply(null, probabilities));
      prediction.textContent = String(model.classes[best]);
      confidence.textContent = "with probability " + pages.percent(probabilities[best]);
      rows.forEach(function (r, k) {
        r.fill.style.width = (100 * probabilities[k]).toFixed(2) + "%";
        r.value.textContent = pages.percent(probabilities[k]);
        r.row.setAttribute("data-probability", String(probabilities[k]));
        r.row.classList.toggle("dk-draw-best", k === best);
      });
      showTruth();
    }

    // Show test digit `index` in the pad and read it; false if it is not on the page.
    function loadTestDigit(index) {
      if (!testDigits || testDigits.position[index] === undefined) { return false; }
      strokes.length = 0;
      current = null;
      state.loaded = { index: index, label: testDigits.labels[testDigits.position[index]] };
      state.image = testDigitPixels(testDigits, index);
      pad.setAttribute("aria-label", padLabel + ". It shows test digit " + index + ".");
      caption.textContent = "Test digit #" + index + ", its 28 \u00d7 28 grey levels exactly " +
        "as MNIST stores them.";
      redrawPad();
      update();
      announce();
      return true;
    }

    function forgetTestDigit() {
      if (state.loaded) {
        state.loaded = null;
        state.image = null;
        pad.setAttribute("aria-label", padLabel);
        caption.innerHTML = drawingCaption;
      }
    }

    function describeRange() {
      var first = testDigits.indices[0], last = testDigits.indices[testDigits.indices.length - 1];
      var contiguous = last - first + 1 === testDigits.indices.length;
      return contiguous
        ? "From " + first + " to " + last.toLocaleString("en-US") + ": the first " +
          testDigits.indices.length.toLocaleString("en-US") + " of the 10,000 MNIST test digits."
        : testDigits.indices.length.toLocaleString("en-US") + " MNIST test digits are on this page.";
    }

    randomButton.addEventListener("click", function () {
      var k = Math.floor(Math.random() * testDigits.indices.length);
      indexInput.value = String(testDigits.indices[k]);
      indexHelp.textContent = describeRange();
      indexInput.removeAttribute("aria-invalid");
      loadTestDigit(testDigits.indices[k]);
    });

    loadForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = indexInput.value.trim();
      var index = Number(text);
      if (text === "" || !Number.isInteger(index) || !loadTestDigit(index)) {
        indexInput.setAttribute("aria-invalid", "true");
        indexHelp.textContent = "There is no test digit " + (text || "without a number") +
          " on this page. " + describeRange();
        say(indexHelp.textContent);
        return;
      }
      indexInput.removeAttribute("aria-invalid");
      indexHelp.textContent = describeRange();
    });

    loadTestDigits(window.DIGITKIT_TEST_DIGITS).then(function (digits) {
      testDigits = digits;
      state.testDigitsReady = true;
      indexInput.min = String(digits.indices[0]);
      indexInput.max = String(digits.indices[digits.indices.length - 1]);
      indexInput.disabled = false;
      loadButton.disabled = false;
      randomButton.disabled = false;
      indexHelp.textContent = describeRange();
      root.classList.add("dk-draw-test-ready");
    }, function (error) {
      indexHelp.textContent = pages.loadProblem(
        window.DIGITKIT_TEST_DIGITS, "The test digits are missing from this copy of the site.",
        "The test digits could not be read:", error);
      root.classList.add("dk-draw-test-ready");
    });

    function scheduleUpdate() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }

    function pointFrom(event) {
      var box = pad.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    }

    pad.addEventListener("pointerdown", function (event) {
      if (current || (event.pointerType === "mouse" && event.button !== 0)) { return; }
      event.preventDefault();
      pad.setPointerCapture(event.pointerId);
      forgetTestDigit(); // drawing starts afresh on a blank pad
      current = { id: event.pointerId, points: [pointFrom(event)] };
      strokes.push(current.points);
      redrawPad();
      scheduleUpdate();
    });

    pad.addEventListener("pointermove", function (event) {
      if (!current || event.pointerId !== current.id) { return; }
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      if (!events.length) { events = [event]; }
      var last = current.points[current.points.length - 1];
      events.forEach(function (e) {
        var point = pointFrom(e);
        context.beginPath();
        context.moveTo(last[0], last[1]);
        context.lineTo(point[0], point[1]);
        context.stroke();
        current.points.push(point);
        last = point;
      });
      scheduleUpdate();
    });

    function endStroke(event) {
      if (!current || event.pointerId !== current.id) { return; }
      current = null;
      scheduleUpdate();
      window.requestAnimationFrame(announce);
    }
    pad.addEventListener("pointerup", endStroke);
    pad.addEventListener("pointercancel", endStroke);

    clearButton.addEventListener("click", function () {
      strokes.length = 0;
      current = null;
      forgetTestDigit();
      redrawPad();
      update();
      announce();
    });

    // Follow the theme (light or dark) and the pad's size.
    new MutationObserver(redrawPad).observe(document.documentElement,
                                            { attributes: true, attributeFilter: ["data-theme"] });
    if (window.ResizeObserver) {
      new ResizeObserver(resizePad).observe(pad);
    } else {
      window.addEventListener("resize", resizePad);
    }
    resizePad();
    update();
    root.classList.add("dk-draw-ready");
    return {
      model: model, state: state, update: update, loadTestDigit: loadTestDigit,
      testDigits: function () { return testDigits; }
    };
  }

  pages.start(".dk-draw", setUp, function (page) {
    // For the tests, and for the curious in the browser's console.
    window.digitkitDraw = {
      strokesToImage: strokesToImage,
      predictProba: page ? function (pixels) {
        return Array.prototype.slice.call(predictProba(page.model, pixels));
      } : null,
      model: page ? page.model : null,
      state: page ? page.state : null,
      loadTestDigit: page ? page.loadTestDigit : null,
      // The indices and true labels of the test digits on the page, once unpacked.
      testDigits: function () {
        var digits = page && page.testDigits();
        return digits ? { indices: digits.indices, labels: digits.labels } : null;
      }
    };
  });
})();
