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

  /* A table's scroll region stays a tab stop (tabindex="0" in the markup) at every width, so a
     keyboard can scroll it whenever it overflows: after a resize, a zoom or a font change too. */

  /* After a refused submit, focus goes to the error summary at the top of the form, so that a
     screen reader reads what went wrong first (without JavaScript it is the form's first
     element and carries autofocus). */
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
