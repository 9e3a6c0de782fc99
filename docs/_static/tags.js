/*
 * The gallery's tag filter, for the keyboard and for screen readers.
 *
 * sphinx-gallery's sg-tags.js draws the tags of a gallery index as <div>s
 * that only a pointer can use. Once it has drawn them, this script makes each
 * tag (and "Clear") a toggle button that the keyboard reaches and works
 * (Tab, Enter, Space), says which tags are on (aria-pressed), names the group,
 * and announces how many examples the filter leaves. Parts of the gallery
 * left with no example are hidden with their heading.
 */
(function () {
  "use strict";

  function asButton(element, label) {
    element.setAttribute("role", "button");
    element.setAttribute("tabindex", "0");
    if (label) {
      element.setAttribute("aria-label", label);
    }
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        element.click();
      }
    });
  }

  function visible(element) {
    return element.style.display !== "none";
  }

  function update(list, status) {
    list.querySelectorAll(".sphx-glr-tag").forEach(function (tag) {
      tag.setAttribute("aria-pressed", tag.classList.contains("active") ? "true" : "false");
    });
    var cards = Array.prototype.slice.call(document.querySelectorAll(".sphx-glr-thumbcontainer"));
    var shown = cards.filter(visible).length;
    // A part whose examples are all filtered out would leave an empty heading.
    document.querySelectorAll(".sphx-glr-thumbnails").forEach(function (grid) {
      var section = grid.closest("section");
      if (!section || section.querySelector(".sphx-glr-tag-list") === list) {
        return; // the page's own top section holds the filter: keep it
      }
      var any = Array.prototype.some.call(grid.querySelectorAll(".sphx-glr-thumbcontainer"), visible);
      section.hidden = !any;
    });
    var active = list.querySelectorAll(".sphx-glr-tag.active").length;
    status.textContent = active
      ? "Showing " + shown + " of " + cards.length + " examples."
      : "Showing all " + cards.length + " examples.";
  }

  function enhance() {
    // The build's stand-in for the filter held its place until now (digitkit_learning).
    document.querySelectorAll(".dk-tag-placeholder").forEach(function (element) {
      element.remove();
    });
    var list = document.getElementById("sg-tag-list");
    if (!list || !list.querySelector(".sphx-glr-tag")) {
      return;
    }
    // The label's emoji has no glyph in many fonts and adds nothing read aloud.
    var label = list.querySelector(".sphx-glr-tag-label");
    if (label) {
      label.textContent = "Tags:";
    }
    list.setAttribute("role", "group");
    list.setAttribute("aria-label", "Show only the examples with these tags");
    list.querySelectorAll(".sphx-glr-tag").forEach(function (tag) {
      asButton(tag);
    });
    var clear = document.getElementById("sphx-glr-tag-clear");
    if (clear) {
      asButton(clear, "Clear the tag filter");
    }
    var status = document.createElement("p");
    status.className = "dk-tag-status";
    status.setAttribute("role", "status");
    list.insertAdjacentElement("afterend", status);
    // sg-tags.js changes classes and styles when a tag is toggled (also from
    // the ?sg-tags= of the address): follow it rather than re-implement it.
    new MutationObserver(function () {
      update(list, status);
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ["class", "style"]});
    update(list, status);
  }

  // sg-tags.js draws the tags on DOMContentLoaded. This deferred script runs
  // before that event, and its listener, registered after sg-tags.js's, runs
  // after it.
  if (document.readyState === "complete") {
    enhance();
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
