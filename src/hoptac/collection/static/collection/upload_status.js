// Polls the upload's progress while the worker checks or saves it; reloads when done.
(function () {
  "use strict";
  var box = document.querySelector("[data-upload-status]");
  if (!box || box.dataset.running !== "1") return;
  var bar = box.querySelector("[data-progress]");
  var label = box.querySelector("[data-status-label]");
  function poll() {
    fetch(box.dataset.uploadStatus, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (bar) { bar.value = s.progress; bar.textContent = s.progress + "%"; }
        label.textContent = s.label + (s.rows_total ? " (" + s.rows_done + "/" + s.rows_total + ")" : "");
        if (s.running) setTimeout(poll, 1500); else location.reload();
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
