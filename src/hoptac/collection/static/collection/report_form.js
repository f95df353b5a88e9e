// Checks the annual-report form while the officer types: required figures,
// ranges, whole numbers, and the change since last year (which must then be
// confirmed). The server repeats every check; this only saves a round trip.
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) return;
  var factor = parseFloat(form.dataset.factor);
  var last = { revenue: parseFloat(form.dataset.lastRevenue), members: parseFloat(form.dataset.lastMembers) };
  var box = form.querySelector("[data-change-box]");
  var list = form.querySelector("[data-change-list]");
  var confirm = form.querySelector("input[name=confirm_change]");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  var vn = window.hoptac.numbers.format;
  function parse(input) { return window.hoptac.numbers.parse(input.value); }
  function check(input) {
    var d = input.dataset, r = parse(input), message = "";
    if (r.empty) { if (d.required) message = form.dataset.msgRequired; }
    else if (r.ambiguous) message = fill(form.dataset.msgAmbiguous, { value: input.value.trim() });
    else if (r.bad) message = form.dataset.msgNumber;
    else if (r.value < 0 && parseFloat(d.min) >= 0) message = form.dataset.msgNegative;
    else if (d.integer && !Number.isInteger(r.value)) message = form.dataset.msgInteger;
    else if (r.value < parseFloat(d.min) || r.value > parseFloat(d.max))
      message = fill(form.dataset.msgRange, { min: vn(d.min), max: vn(d.max) });
    var slot = form.querySelector('[data-error-for="' + d.figure + '"]');
    if (slot) slot.textContent = message;
    input.closest(".c-field").classList.toggle("c-field--error", message !== "");
    input.setAttribute("aria-invalid", message ? "true" : "false");
    return r;
  }
  function changes() {
    var warnings = [];
    ["revenue", "members"].forEach(function (name) {
      var input = form.querySelector('[data-figure="' + name + '"]');
      var now = parse(input).value, before = last[name];
      if (now === undefined || isNaN(before) || isNaN(factor) || (now === 0 && before === 0)) return;
      if (now === 0 || before === 0 || now / before > factor || before / now > factor)
        warnings.push(fill(form.dataset.msgChange, { label: input.dataset.label, before: vn(before), now: vn(now), factor: vn(factor) }));
    });
    list.innerHTML = "";
    warnings.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
    box.hidden = warnings.length === 0;
    return warnings.length === 0 || (confirm && confirm.checked);
  }
  form.querySelectorAll("[data-figure]").forEach(function (input) {
    input.addEventListener("input", function () { check(input); changes(); });
    input.addEventListener("blur", function () { check(input); });
  });
  form.addEventListener("submit", function (event) {
    var ok = true;
    form.querySelectorAll("[data-figure]").forEach(function (input) {
      var r = check(input);
      if (input.closest(".c-field").classList.contains("c-field--error")) ok = false;
    });
    if (!changes()) ok = false;
    if (!ok) {
      event.preventDefault();
      var first = form.querySelector(".c-field--error input, [data-change-box]:not([hidden]) input");
      if (first) first.focus();
    }
  });
})();
