// Checks the annual-report form while the officer types: required figures,
// ranges, whole numbers, the checks between figures (the server's own rule set,
// given to the page as data in #report-checks, as the Department set them: an error
// blocks, a warning must be confirmed; the checks against last year come with last
// year's figure). The server repeats every check; this only saves a round trip.
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) return;
  var box = form.querySelector("[data-change-box]");
  var list = form.querySelector("[data-change-list]");
  var note = form.querySelector("textarea[name=confirm_note]");
  var noteError = form.querySelector('[data-error-for="confirm_note"]');

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
  var checksNode = document.getElementById("report-checks");
  var rules = checksNode ? JSON.parse(checksNode.textContent) : [];
  function value(name) {
    var input = form.querySelector('[data-figure="' + name + '"]');
    if (!input) return undefined;
    var r = parse(input);
    return r.value;
  }
  // The checks between figures: [{field, message, severity}] of those broken.
  function broken() {
    var found = [];
    rules.forEach(function (rule) {
      var names = rule.left.concat([rule.right]), values = {}, given = true;
      names.forEach(function (n) { values[n] = value(n); if (values[n] === undefined) given = false; });
      var bad = false;
      if (rule.op === "minimum") {
        var v = values[rule.left[0]] !== undefined ? values[rule.left[0]] : values[rule.right];
        if (v === undefined || rule.minimum === null) return;
        values[rule.left[0]] = v;
        bad = v < rule.minimum;
      } else if (!given) {
        return;
      } else if (rule.op === "change") {
        var now = values[rule.left[0]], before = rule.before;
        if (now === 0 && before === 0) return;
        bad = now === 0 || before === 0 || now / before > rule.factor || before / now > rule.factor;
      } else if (rule.op === "le") {
        bad = values[rule.left[0]] > values[rule.right];
      } else if (rule.op === "sum") {
        bad = rule.left.reduce(function (a, n) { return a + values[n]; }, 0) !== values[rule.right];
      }
      if (!bad) return;
      var shown = {};
      Object.keys(values).forEach(function (k) { shown[k] = vn(values[k]); });
      found.push({ field: rule.field, severity: rule.severity, message: fill(rule.message, shown) });
    });
    return found;
  }
  function crossErrors() {
    var errors = broken().filter(function (b) { return b.severity === "error"; });
    form.querySelectorAll("[data-cross-error]").forEach(function (slot) { slot.remove(); });
    errors.forEach(function (b) {
      var input = form.querySelector('[data-figure="' + b.field + '"]');
      if (!input) return;
      var slot = document.createElement("p");
      slot.className = "c-error";
      slot.setAttribute("data-cross-error", "");
      slot.setAttribute("role", "alert");
      slot.textContent = b.message;
      input.closest(".c-field").appendChild(slot);
      input.closest(".c-field").classList.add("c-field--error");
    });
    return errors.length === 0;
  }
  function changes() {
    var warnings = broken().filter(function (b) { return b.severity === "warning"; })
      .map(function (b) { return b.message; });
    list.innerHTML = "";
    warnings.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
    box.hidden = warnings.length === 0;
    return warnings.length === 0 || (note !== null && note.value.trim() !== "");
  }
  // A warning needs a confirming note: said at submission, cleared as soon as one is written.
  function noteMissing(missing) {
    if (!note) return;
    if (noteError) noteError.textContent = missing ? form.dataset.msgNote : "";
    note.closest(".c-field").classList.toggle("c-field--error", missing);
    note.setAttribute("aria-invalid", missing ? "true" : "false");
  }
  if (note) note.addEventListener("input", function () { if (note.value.trim() !== "") noteMissing(false); });
  // Every field's own check, then the checks between figures (which may mark another field).
  function checkAll() {
    form.querySelectorAll("[data-figure]").forEach(function (other) {
      if (other.value.trim() !== "" || other === document.activeElement) check(other);
    });
    return crossErrors();
  }
  form.querySelectorAll("[data-figure]").forEach(function (input) {
    input.addEventListener("input", function () { checkAll(); changes(); });
    input.addEventListener("blur", function () { check(input); crossErrors(); });
  });
  form.addEventListener("submit", function (event) {
    var ok = true;
    form.querySelectorAll("[data-figure]").forEach(function (input) {
      var r = check(input);
      if (input.closest(".c-field").classList.contains("c-field--error")) ok = false;
    });
    if (!crossErrors()) ok = false;
    var confirmed = changes();
    noteMissing(!confirmed);
    if (!confirmed) ok = false;
    if (!ok) {
      event.preventDefault();
      var first = form.querySelector(".c-field--error input, .c-field--error textarea");
      if (first) first.focus();
    }
  });
})();
