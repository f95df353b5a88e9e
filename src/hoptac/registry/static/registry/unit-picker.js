// The unit picker (registry/unit_picker.py): a text box becomes an ARIA 1.2 combobox.
// Typing a name without diacritics ("hong bang") or a code lists the user's units
// with their kind and dates; arrow keys move, Enter or a click chooses, Escape
// closes. The box then reads "Quận Hồng Bàng (303)", which the server reads back.
// Units outside the date of the form (data-date-field) are marked "not in force".
(function () {
  "use strict";
  var counter = 0;

  function dateOf(root) {
    var id = root.dataset.dateField, input = id && document.getElementById(id);
    return input ? input.value.trim() : "";
  }

  function enhance(root) {
    var input = root.querySelector("input");
    if (!input || input.dataset.pickerReady) return;
    input.dataset.pickerReady = "1";
    var listId = (input.id || "unit-picker-" + (++counter)) + "-listbox";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "hoptac-unit-picker__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", root.dataset.listLabel || input.getAttribute("aria-label") || "");
    list.hidden = true;
    root.appendChild(list);
    var status = document.createElement("p");
    status.className = "hoptac-unit-picker__status visually-hidden w-sr-only";
    status.setAttribute("aria-live", "polite");
    root.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var results = [], active = -1, timer = null, asked = 0, chosenText = input.value;

    function close() {
      // a search still to be sent or answered must not open the list again (a unit chosen from the list
      // shown on focus, while the typed name's search is on its way)
      clearTimeout(timer);
      asked++;
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function setActive(index) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function choose(index) {
      var unit = results[index];
      if (!unit) return;
      input.value = chosenText = unit.label;
      status.textContent = unit.label + (unit.validity ? " · " + unit.validity : "");
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function render(data) {
      results = data.results || [];
      list.textContent = "";
      results.forEach(function (unit, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = "hoptac-unit-picker__option" + (unit.in_force ? "" : " hoptac-unit-picker__option--old");
        var name = document.createElement("span");
        name.className = "hoptac-unit-picker__name";
        name.textContent = unit.label;
        var meta = document.createElement("span");
        meta.className = "hoptac-unit-picker__meta";
        meta.textContent = [unit.kind, unit.parent, unit.validity, unit.in_force ? "" : root.dataset.notInForce]
          .filter(Boolean).join(" · ");
        item.appendChild(name);
        item.appendChild(meta);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(item);
      });
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "hoptac-unit-picker__none";
        none.textContent = root.dataset.noneText || "—";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = root.dataset.countText ? root.dataset.countText.replace("{n}", results.length) : "";
    }
    function ask() {
      var query = input.value === chosenText ? "" : input.value;
      var url = root.dataset.url + "?q=" + encodeURIComponent(query) + "&date=" + encodeURIComponent(dateOf(root));
      var ticket = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked && document.activeElement === input) render(data); })
        .catch(function () {});
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 120); });
    input.addEventListener("focus", ask);
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) ask(); else setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
      else if (event.key === "Enter" && !list.hidden && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { close(); }
    });
  }

  function all() { document.querySelectorAll("[data-unit-picker]").forEach(enhance); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all); else all();
})();
