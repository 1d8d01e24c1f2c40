/* Small helps on top of pages that work without JavaScript. */
(function () {
  "use strict";

  /* The menu's sections are <details>: Escape closes the open one and returns focus to its
     heading; a click elsewhere on the page closes it too. */
  function openSections() {
    return document.querySelectorAll(".site-nav__section[open]");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    openSections().forEach(function (section) {
      section.open = false;
      if (section.contains(document.activeElement)) section.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    openSections().forEach(function (section) {
      if (!section.contains(event.target)) section.open = false;
    });
  });

  /* A table's scroll region is a tab stop only while it has something to scroll (without
     JavaScript every region stays one, which is harmless). */
  function fitTabStop(region) {
    if (region.scrollWidth > region.clientWidth + 1) region.setAttribute("tabindex", "0");
    else if (region !== document.activeElement) region.removeAttribute("tabindex");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var regions = document.querySelectorAll(".table-scroll");
    regions.forEach(fitTabStop);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { fitTabStop(entry.target); });
      });
      regions.forEach(function (region) { observer.observe(region); });
    }
  });

  /* After a refused submit, focus goes to the error summary at the top of the form, so that a
     screen reader reads what went wrong first (without JavaScript it is the form's first
     element and carries autofocus). */
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
