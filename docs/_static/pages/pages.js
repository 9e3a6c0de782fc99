/*
 * What the site's interactive pages (Draw a digit, the threshold explorer,
 * the error browser) have in common. Loaded before each page's own script,
 * it sets window.digitkitPages:
 *
 *   reading a data file   decodeBase64, checkFormat, decodeLabels, decodeUint16,
 *                         decodeFloat64, decodeBits, unpackDigits
 *   showing numbers       formatCount, percent
 *   screen readers        announcer (an aria-live region, optionally after a pause)
 *   start-up              start, parts, loadProblem, loadOrExplain
 *
 * The data files are written in Python by digitkit._pagefile (the envelope:
 * a JSON object with "format" and "version", assigned to a global variable)
 * and its encoders, which these decoders mirror:
 *
 *   decodeUint16, decodeFloat64  <->  _pagefile.decode_array ("<u2", "<f8")
 *   decodeBits                   <->  _pagefile.decode_bits (numpy.packbits)
 *   decodeLabels                 <->  _pagefile.decode_labels ("7210...")
 *   unpackDigits                 <->  _pagefile.unpack_digits
 */
(function () {
  "use strict";

  var N_PIXELS = 28 * 28;

  // -- Reading a data file ------------------------------------------------------------

  function decodeBase64(text) {
    var binary = window.atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  // Throws unless the file declares the format and version this page reads.
  // `what` names the file in the message: "the model file", "the scores file"...
  function checkFormat(document_, format, version, what) {
    if (!document_ || document_.format !== format) {
      throw new Error(what + " does not declare the format " + format);
    }
    if (document_.version !== version) {
      throw new Error(what + " has format version " + document_.version +
                      "; this page reads version " + version);
    }
  }

  // "7210..." -> [7, 2, 1, 0, ...]
  function decodeLabels(text) {
    var labels = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { labels[i] = text.charCodeAt(i) - 48; }
    return labels;
  }

  // Little-endian numbers of `size` bytes each, read the same way on any
  // machine with DataView's `getter`, into `values` (made from their count).
  function decodeNumbers(text, size, getter, makeValues) {
    var bytes = decodeBase64(text);
    var view = new DataView(bytes.buffer);
    var values = makeValues(Math.floor(bytes.length / size));
    for (var i = 0; i < values.length; i++) { values[i] = view[getter](size * i, true); }
    return values;
  }

  // Little-endian uint16 values, as a plain array.
  function decodeUint16(text) {
    return decodeNumbers(text, 2, "getUint16", function (n) { return new Array(n); });
  }

  // Little-endian float64 values.
  function decodeFloat64(text) {
    return decodeNumbers(text, 8, "getFloat64", function (n) { return new Float64Array(n); });
  }

  // One bit per value, eight to a byte, the first value in the highest bit
  // (numpy.packbits); null if the bytes do not hold `count` values.
  function decodeBits(text, count) {
    var bytes = decodeBase64(text);
    if (bytes.length !== Math.ceil(count / 8)) { return null; }
    var bits = new Uint8Array(count);
    for (var i = 0; i < count; i++) { bits[i] = (bytes[i >> 3] >> (7 - (i & 7))) & 1; }
    return bits;
  }

  // zlib-compressed grey levels, one byte per pixel -> a Promise of `count` x 784 bytes.
  function unpackDigits(text, count) {
    if (typeof window.DecompressionStream !== "function") {
      return Promise.reject(new Error("this browser cannot decompress data (no DecompressionStream)"));
    }
    var stream = new Blob([decodeBase64(text)]).stream()
      .pipeThrough(new window.DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes.length !== count * N_PIXELS) {
        throw new Error("the images hold " + bytes.length + " bytes instead of " + count * N_PIXELS);
      }
      return bytes;
    });
  }

  // -- Showing numbers ------------------------------------------------------------------

  // 12345 -> "12,345", as the gallery's examples print counts.
  function formatCount(value) {
    return value.toLocaleString("en-US");
  }

  // 0.98765 -> "98.8%" (digits: decimals, 1 by default).
  function percent(p, digits) {
    return (100 * p).toFixed(digits === undefined ? 1 : digits) + "%";
  }

  // -- Screen readers ----------------------------------------------------------------------

  // A function that says a text in `status`, an aria-live region. With a
  // delay, it waits until nothing new was said for that many milliseconds,
  // so that a slider held down is announced once, where it stops; the text
  // may then be a function, called when the time comes. `onSaid` runs after
  // each announcement.
  function announcer(status, delay, onSaid) {
    var timer = null;
    function sayNow(text) {
      timer = null;
      status.textContent = typeof text === "function" ? text() : text;
      if (onSaid) { onSaid(); }
    }
    return function say(text) {
      if (!delay) { sayNow(text); return; }
      if (timer !== null) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () { sayNow(text); }, delay);
    };
  }

  // -- Start-up ------------------------------------------------------------------------------

  // What to tell the reader when a page's data could not be loaded: `missing`
  // when its file did not set the global at all, else `unreadable` and why.
  function loadProblem(value, missing, unreadable, error) {
    return value === undefined ? missing : unreadable + " " + error.message;
  }

  // read(value), the page's data; if that fails, null, with the reason shown
  // in `message` and the class `texts.noData` on `root` (the page's styles
  // then grey out what cannot work). `texts.missing` and `texts.unreadable`
  // are the texts of loadProblem.
  function loadOrExplain(read, value, message, root, texts) {
    try {
      return read(value);
    } catch (error) {
      message.hidden = false;
      message.textContent = loadProblem(value, texts.missing, texts.unreadable, error);
      root.classList.add(texts.noData);
      return null;
    }
  }

  // The elements of a page's interactive part, by name: parts(root, "dk-draw",
  // ["pad", "clear"]) -> { pad: <.dk-draw-pad>, clear: <.dk-draw-clear> }.
  function parts(root, prefix, names) {
    var found = {};
    names.forEach(function (name) { found[name] = root.querySelector("." + prefix + "-" + name); });
    return found;
  }

  // Once the page is parsed: set up its root element (`selector`) with
  // setUp(root), which returns the page's handle or null, and hand that to
  // publish (which exposes it for the tests and the curious, in the console).
  function start(selector, setUp, publish) {
    function run() {
      var root = document.querySelector(selector);
      publish(root ? setUp(root) : null);
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  window.digitkitPages = {
    decodeBase64: decodeBase64,
    checkFormat: checkFormat,
    decodeLabels: decodeLabels,
    decodeUint16: decodeUint16,
    decodeFloat64: decodeFloat64,
    decodeBits: decodeBits,
    unpackDigits: unpackDigits,
    formatCount: formatCount,
    percent: percent,
    announcer: announcer,
    loadProblem: loadProblem,
    loadOrExplain: loadOrExplain,
    parts: parts,
    start: start
  };
})();
