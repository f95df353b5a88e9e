// A <select data-autosubmit> sends its form as soon as it changes (the form's
// own button stays for keyboards and for browsers without scripts).
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit(); });
  });
})();
