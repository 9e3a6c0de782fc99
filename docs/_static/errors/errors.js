/*
 * The error browser: the confusion matrices of models of the gallery on the
 * 10,000 MNIST test digits, and the digits behind each cell.
 *
 * The data is the object window.DIGITKIT_ERRORS, set by
 * digitkit_error_browser.js (written by the site's build,
 * docs/sphinxext/pagedata_errors.py). What this script computes from it
 * mirrors its numpy twin, pagedata_errors.ErrorBrowserData, so that the
 * tests can compare them:
 *
 *   countMatrix   <->  ErrorBrowserData.counts
 *   cellMembers   <->  ErrorBrowserData.cell
 *   shownMembers  <->  ErrorBrowserData.shown
 *
 * What the three interactive pages share (decoding, packed digits, the
 * format check, announcements, start-up) is in ../pages/pages.js, loaded first.
 */
(function () {
  "use strict";

  var pages = window.digitkitPages;

  var FORMAT = "digitkit-errors";
  var FORMAT_VERSION = 1;
  var SIDE = 28;
  var N_PIXELS = SIDE * SIDE;

  // -- Reading the file -----------------------------------------------------------

  function loadData(document_) {
    pages.checkFormat(document_, FORMAT, FORMAT_VERSION, "the data file");
    var yTrue = pages.decodeLabels(document_.y_true);
    var models = document_.models.map(function (model) {
      var yPred = pages.decodeLabels(model.y_pred);
      if (yPred.length !== yTrue.length) {
        throw new Error("the model " + model.name + " has " + yPred.length +
                        " predictions for " + yTrue.length + " digits");
      }
      return { name: model.name, description: model.description || "", yPred: yPred };
    });
    var indices = pages.decodeUint16(document_.images.indices);
    var position = {};
    indices.forEach(function (index, k) { position[index] = k; });
    return {
      classes: document_.classes,
      yTrue: yTrue,
      models: models,
      perCell: document_.per_cell,
      imageIndices: indices,
      imagePosition: position,
      packedImages: document_.images.pixels,
      pixels: null // filled in once the images are unpacked
    };
  }

  // -- What the page computes -------------------------------------------------------

  // counts[i][j]: test digits of class i read as j (sklearn's confusion_matrix).
  function countMatrix(yTrue, yPred, nClasses) {
    var counts = [];
    for (var i = 0; i < nClasses; i++) { counts.push(new Array(nClasses).fill(0)); }
    for (var k = 0; k < yTrue.length; k++) { counts[yTrue[k]][yPred[k]] += 1; }
    return counts;
  }

  // Test-set indices of the digits of one cell, in increasing order.
  function cellMembers(yTrue, yPred, row, column) {
    var members = [];
    for (var k = 0; k < yTrue.length; k++) {
      if (yTrue[k] === row && yPred[k] === column) { members.push(k); }
    }
    return members;
  }

  function shownMembers(members, perCell) {
    return members.slice(0, perCell);
  }

  // -- Colours from the theme -------------------------------------------------------

  function themeColour(probe, variable) {
    probe.style.color = "var(" + variable + ")";
    var match = window.getComputedStyle(probe).color.match(/[\d.]+/g) || ["0", "0", "0"];
    return match.slice(0, 3).map(Number);
  }

  function mix(a, b, t) {
    return [0, 1, 2].map(function (k) { return Math.round(a[k] + (b[k] - a[k]) * t); });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function css(rgb) { return "rgb(" + rgb.join(", ") + ")"; }

  // The theme's colour that reads best on `colour`; black or white if neither
  // reaches the 4.5:1 contrast that small text needs (one of them always does).
  function readableInk(colour, themeColours) {
    function best(candidates) {
      return candidates.reduce(function (a, b) {
        return contrast(a, colour) >= contrast(b, colour) ? a : b;
      });
    }
    var ink = best(themeColours);
    return contrast(ink, colour) >= 4.5 ? ink : best([[0, 0, 0], [255, 255, 255]]);
  }

  // -- The page ---------------------------------------------------------------------

  // Why the page cannot work, if its data cannot be read (pages.loadOrExplain).
  var NO_DATA = { noData: "dk-errors-no-data", unreadable: "The data could not be read:",
    missing: "The data is missing: this copy of the site was built without running the " +
      "examples that compute it, so there is nothing to show." };

  function setUp(root) {
    var ui = pages.parts(root, "dk-errors", ["message", "models", "summary", "matrix"]);
    var message = ui.message, modelChoice = ui.models, summary = ui.summary, table = ui.matrix;
    var caption = table.querySelector("caption");
    var body = table.querySelector("tbody");
    var cellTitle = root.querySelector(".dk-errors-cell-title");
    var cellSummary = root.querySelector(".dk-errors-cell-summary");
    var list = root.querySelector(".dk-errors-digits");
    var say = pages.announcer(root.querySelector(".dk-errors-status"), 0);
    var probe = root.querySelector(".dk-errors-probe");

    var data = pages.loadOrExplain(loadData, window.DIGITKIT_ERRORS, message, root, NO_DATA);
    if (data === null) { return null; }
    var nClasses = data.classes.length;
    var matrices = data.models.map(function (model) {
      return countMatrix(data.yTrue, model.yPred, nClasses);
    });
    var state = {
      model: 0, row: 0, column: 0, focusRow: 0, focusColumn: 0,
      members: [], shown: [], imagesReady: false, updates: 0
    };

    // The model switch: one radio button per model.
    data.models.forEach(function (model, m) {
      var label = document.createElement("label");
      label.className = "dk-errors-model";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "dk-errors-model";
      input.value = String(m);
      input.checked = m === 0;
      var errors = data.yTrue.length - trace(matrices[m]);
      var text = document.createElement("span");
      text.textContent = model.name + " (" + pages.formatCount(errors) + " errors)";
      label.appendChild(input);
      label.appendChild(text);
      modelChoice.appendChild(label);
      input.addEventListener("change", function () {
        if (input.checked) { chooseModel(m); }
      });
    });

    // The grid: a header per row, a focusable cell per count.
    var cells = [];
    data.classes.forEach(function (label, i) {
      var row = document.createElement("tr");
      var head = document.createElement("th");
      head.scope = "row";
      head.textContent = String(label);
      row.appendChild(head);
      cells.push(data.classes.map(function (_, j) {
        var cell = document.createElement("td");
        cell.setAttribute("role", "gridcell");
        cell.tabIndex = -1;
        cell.dataset.row = String(i);
        cell.dataset.column = String(j);
        cell.className = i === j ? "dk-errors-correct" : "dk-errors-wrong";
        row.appendChild(cell);
        cell.addEventListener("click", function () {
          focusCell(i, j);
          select(i, j, true);
        });
        return cell;
      }));
      body.appendChild(row);
    });

    function trace(counts) {
      var total = 0;
      for (var i = 0; i < counts.length; i++) { total += counts[i][i]; }
      return total;
    }

    function cellLabel(i, j, count) {
      var digits = count === 1 ? " test digit" : " test digits";
      return (i === j ? "true " + i + ", read correctly: " : "true " + i + ", read as " + j + ": ") +
        pages.formatCount(count) + digits;
    }

    function paintMatrix() {
      var counts = matrices[state.model];
      var background = themeColour(probe, "--pst-color-background");
      var text = themeColour(probe, "--pst-color-text-base");
      var right = themeColour(probe, "--pst-color-primary");
      var wrong = themeColour(probe, "--pst-color-danger");
      var largestRight = 1, largestWrong = 1;
      counts.forEach(function (row, i) {
        row.forEach(function (count, j) {
          if (i === j) { largestRight = Math.max(largestRight, count); }
          else { largestWrong = Math.max(largestWrong, count); }
        });
      });
      counts.forEach(function (row, i) {
        row.forEach(function (count, j) {
          var cell = cells[i][j];
          // Errors and correct digits on separate scales: a mistake made
          // 30 times is as dark as the largest diagonal count.
          var share = i === j ? 0.35 + 0.35 * count / largestRight
            : (count ? 0.12 + 0.88 * count / largestWrong : 0);
          var colour = mix(background, i === j ? right : wrong, share);
          var ink = readableInk(colour, [text, background]);
          cell.style.backgroundColor = css(colour);
          cell.style.color = css(ink);
          cell.textContent = pages.formatCount(count);
          cell.dataset.count = String(count);
          cell.setAttribute("aria-label", cellLabel(i, j, count));
          cell.classList.toggle("dk-errors-zero", count === 0);
        });
      });
    }

    function focusCell(i, j) {
      cells[state.focusRow][state.focusColumn].tabIndex = -1;
      state.focusRow = i;
      state.focusColumn = j;
      cells[i][j].tabIndex = 0;
      cells[i][j].focus();
    }

    function otherReadings(index) {
      return data.models
        .map(function (model, m) { return { name: model.name, label: model.yPred[index], m: m }; })
        .filter(function (reading) { return reading.m !== state.model; });
    }

    function drawDigit(canvas, index) {
      var context = canvas.getContext("2d");
      var image = context.createImageData(SIDE, SIDE);
      var paper = themeColour(probe, "--pst-color-surface");
      var ink = themeColour(probe, "--pst-color-text-base");
      var start = data.imagePosition[index] * N_PIXELS;
      for (var p = 0; p < N_PIXELS; p++) {
        var t = data.pixels[start + p] / 255;
        image.data[4 * p] = Math.round(paper[0] + (ink[0] - paper[0]) * t);
        image.data[4 * p + 1] = Math.round(paper[1] + (ink[1] - paper[1]) * t);
        image.data[4 * p + 2] = Math.round(paper[2] + (ink[2] - paper[2]) * t);
        image.data[4 * p + 3] = 255;
      }
      context.putImageData(image, 0, 0);
    }

    function showDigits() {
      list.textContent = "";
      state.shown.forEach(function (index) {
        var item = document.createElement("li");
        item.className = "dk-errors-digit";
        item.dataset.index = String(index);
        var figure = document.createElement("canvas");
        figure.width = SIDE;
        figure.height = SIDE;
        figure.setAttribute("role", "img");
        var others = otherReadings(index);
        figure.setAttribute("aria-label", "test digit " + index + ", a " + data.yTrue[index] +
          others.map(function (r) { return "; " + r.name + " reads " + r.label; }).join(""));
        var number = document.createElement("span");
        number.className = "dk-errors-index";
        number.textContent = "#" + index;
        number.setAttribute("aria-hidden", "true");
        item.appendChild(figure);
        item.appendChild(number);
        others.forEach(function (reading) {
          var other = document.createElement("span");
          other.className = "dk-errors-other";
          other.setAttribute("aria-hidden", "true");
          if (reading.label !== data.yTrue[index]) { other.classList.add("dk-errors-other-wrong"); }
          other.textContent = reading.name + ": " + reading.label;
          item.appendChild(other);
        });
        if (data.pixels) { drawDigit(figure, index); }
        list.appendChild(item);
      });
    }

    function describeCell() {
      var i = state.row, j = state.column, model = data.models[state.model];
      var n = state.members.length, shown = state.shown.length;
      cellTitle.textContent = i === j
        ? i + "s read correctly by the " + model.name
        : i + "s read as " + j + " by the " + model.name;
      var text = pages.formatCount(n) + (n === 1 ? " test digit" : " test digits");
      if (n === 0) { text = "No test digit: the " + model.name + " never reads a " + i + " as " + j + "."; }
      else if (shown < n) { text += "; the first " + pages.formatCount(shown) + " in the test set are shown."; }
      else { text += (n === 1 ? ", shown below." : ", all shown below."); }
      cellSummary.textContent = text;
      return text;
    }

    function select(i, j, announceIt) {
      state.row = i;
      state.column = j;
      state.updates += 1;
      var model = data.models[state.model];
      state.members = cellMembers(data.yTrue, model.yPred, i, j);
      state.shown = shownMembers(state.members, data.perCell);
      cells.forEach(function (row) {
        row.forEach(function (cell) { cell.setAttribute("aria-selected", "false"); });
      });
      cells[i][j].setAttribute("aria-selected", "true");
      var text = describeCell();
      showDigits();
      if (announceIt) { say(cellTitle.textContent + ": " + text); }
    }

    function describeModel() {
      var model = data.models[state.model];
      var n = data.yTrue.length, right = trace(matrices[state.model]);
      summary.textContent = "The " + model.name + " misreads " + pages.formatCount(n - right) + " of the " +
        pages.formatCount(n) + " test digits: accuracy " + pages.percent(right / n, 2) + ". " + model.description;
      caption.textContent = "Confusion matrix of the " + model.name + " on the " + pages.formatCount(n) +
        " test digits: true digit in rows, the digit read in columns";
      return model.name + ": " + pages.formatCount(n - right) + " of " + pages.formatCount(n) +
        " test digits misread.";
    }

    function chooseModel(m) {
      state.model = m;
      var said = describeModel();
      paintMatrix();
      select(state.row, state.column, false);
      say(said + " " + cellTitle.textContent + ": " + cellSummary.textContent);
    }

    table.addEventListener("keydown", function (event) {
      var i = state.focusRow, j = state.focusColumn, last = nClasses - 1;
      switch (event.key) {
        case "ArrowUp": i = Math.max(0, i - 1); break;
        case "ArrowDown": i = Math.min(last, i + 1); break;
        case "ArrowLeft": j = Math.max(0, j - 1); break;
        case "ArrowRight": j = Math.min(last, j + 1); break;
        case "Home": j = 0; if (event.ctrlKey) { i = 0; } break;
        case "End": j = last; if (event.ctrlKey) { i = last; } break;
        case "PageUp": i = 0; break;
        case "PageDown": i = last; break;
        case "Enter":
        case " ":
          event.preventDefault();
          select(i, j, true);
          return;
        default: return;
      }
      event.preventDefault();
      focusCell(i, j);
    });

    // Start on the model's most frequent mistake.
    var counts = matrices[0], best = [0, 1];
    counts.forEach(function (row, i) {
      row.forEach(function (count, j) {
        if (i !== j && count > counts[best[0]][best[1]]) { best = [i, j]; }
      });
    });
    describeModel();
    paintMatrix();
    state.focusRow = best[0];
    state.focusColumn = best[1];
    cells[best[0]][best[1]].tabIndex = 0;
    select(best[0], best[1], false);

    // Follow the theme (light or dark).
    new MutationObserver(function () {
      paintMatrix();
      if (data.pixels) { showDigits(); }
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

    var ready = pages.unpackDigits(data.packedImages, data.imageIndices.length).then(function (bytes) {
      data.pixels = bytes;
      state.imagesReady = true;
      showDigits();
      root.classList.add("dk-errors-ready");
    }, function (error) {
      message.hidden = false;
      message.textContent = "The digits' images could not be unpacked (" + error.message +
        "); the counts and the indices are still right.";
      root.classList.add("dk-errors-ready");
    });

    return {
      data: data,
      state: state,
      ready: ready,
      counts: function (m) { return countMatrix(data.yTrue, data.models[m].yPred, nClasses); },
      cell: function (m, i, j) { return cellMembers(data.yTrue, data.models[m].yPred, i, j); },
      pixels: function (index) {
        if (!data.pixels || data.imagePosition[index] === undefined) { return null; }
        var start = data.imagePosition[index] * N_PIXELS;
        return Array.prototype.slice.call(data.pixels.subarray(start, start + N_PIXELS));
      }
    };
  }

  pages.start(".dk-errors", setUp, function (page) {
    // For the tests, and for the curious in the browser's console.
    window.digitkitErrors = page || { data: null, state: null };
  });
})();
