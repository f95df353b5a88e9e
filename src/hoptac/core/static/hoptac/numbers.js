// Numbers as a person types them on a Vietnamese page (SPEC §2), for checks while
// typing: "." only groups thousands (three digits after each), "," marks decimals.
// The server reads every number again with Babel's locale data (hoptac.core.numbers);
// this mirror only saves a round trip. Page language "en" mirrors the marks.
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "vi").slice(0, 2) === "en" ? "en" : "vi";
  var group = lang === "vi" ? "." : ",", point = lang === "vi" ? "," : ".";
  var esc = function (c) { return "\\" + c; };
  var grouped = new RegExp("^-?(\\d{1,3}(" + esc(group) + "\\d{3})+|\\d+)(" + esc(point) + "\\d+)?$");
  var ambiguous = new RegExp("^-?\\d{1,3}" + esc(point) + "\\d{3}$");

  // {empty: true} | {value: Number} | {ambiguous: true} | {bad: true}
  function parse(text) {
    var raw = String(text || "").trim().replace("\u2212", "-");
    if (raw === "") return { empty: true };
    if (ambiguous.test(raw)) return { ambiguous: true };
    if (!grouped.test(raw)) return { bad: true };
    return { value: parseFloat(raw.split(group).join("").replace(point, ".")) };
  }
  // 62950.5 -> "62.950,5"
  function format(n) {
    var parts = String(n).split(".");
    return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, group) + (parts[1] ? point + parts[1] : "");
  }
  window.hoptac = window.hoptac || {};
  window.hoptac.numbers = { parse: parse, format: format };
})();
