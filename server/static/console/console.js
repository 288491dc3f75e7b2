// Pati Maju agency console: small progressive enhancements. Every page works
// without this file; the CSP allows scripts only from /console/static/.
(function () {
  "use strict";

  // Repeated rows (locations, contacts, links): "add a row" clones the last row with
  // the next index in its field names, ids and legend.
  function addRow(group) {
    var rows = group.querySelectorAll("fieldset[data-row]");
    var last = rows[rows.length - 1];
    if (!last) return;
    var copy = last.cloneNode(true);
    var next = rows.length;
    var bump = function (value) {
      return value.replace(/^([a-z]+)(\d+)_/, function (_, p) { return p + next + "_"; });
    };
    copy.querySelectorAll("[name]").forEach(function (el) { el.name = bump(el.name); });
    copy.querySelectorAll("[id]").forEach(function (el) { el.id = bump(el.id); });
    copy.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = bump(el.htmlFor); });
    copy.querySelectorAll("[aria-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").split(" ").map(bump).join(" "));
    });
    copy.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    copy.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    copy.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    copy.querySelectorAll("input, textarea").forEach(function (el) { el.value = ""; });
    copy.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
    var legend = copy.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.replace(/\d+\s*$/, String(next + 1));
    last.after(copy);
    var first = copy.querySelector("input, select, textarea");
    if (first) first.focus();
  }

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { addRow(button.closest("fieldset.repeat")); });
  });

  // A new item's ID follows its Indonesian name until the ID is typed in by hand.
  var id = document.querySelector("input#id:not([readonly])");
  var name = document.querySelector("input#name_id, input#title_id");
  if (id && name) {
    var touched = id.value !== "";
    id.addEventListener("input", function () { touched = true; });
    name.addEventListener("input", function () {
      if (touched) return;
      id.value = name.value.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
        .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64).replace(/-+$/, "");
    });
  }

  // After a refused form, take keyboard and screen-reader users to the summary.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
