// Wagtail's date and time pickers and its choosers (image, document, page,
// snippet), started without inline scripts (the Content-Security-Policy allows
// none): each widget leaves a hidden marker naming the picker or constructor, its
// input and its options, and this starts it, also for widgets added to the page
// later (modals, repeated forms).
(function () {
  "use strict";
  function start(root) {
    root.querySelectorAll("[data-hoptac-chooser]").forEach(function (marker) {
      var init = window[marker.dataset.hoptacChooser];
      if (typeof init !== "function") return;
      marker.removeAttribute("data-hoptac-chooser");
      init(marker.dataset.for, JSON.parse(marker.dataset.config || "{}"));
    });
    root.querySelectorAll("[data-hoptac-construct]").forEach(function (marker) {
      var Constructor = window[marker.dataset.hoptacConstruct];
      if (typeof Constructor !== "function") return;
      marker.removeAttribute("data-hoptac-construct");
      new Constructor(marker.dataset.for, JSON.parse(marker.dataset.options || "{}"));
    });
  }
  function ready() {
    start(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE) start(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
