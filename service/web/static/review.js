// Running totals of the council's column while a member types: per field and overall. A round-2
// row left empty counts its round-1 score (data-fallback), as the server does. Without this file
// the totals shown are those of the last save.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.council-score"));
  var lang = document.documentElement.lang;
  function parse(text) {
    var t = (text || "").trim().replace(",", ".");
    if (!/^[+-]?\d{1,3}(\.\d+)?$/.test(t)) { return null; }
    return Math.round(parseFloat(t) * 100);
  }
  function show(cents) {
    var s = (cents / 100).toFixed(2).replace(/\.?0+$/, "");
    return lang === "en" ? s : s.replace(".", ",");
  }
  function recompute() {
    var fields = {}, total = 0, count = 0;
    inputs.forEach(function (el) {
      var v = parse(el.value);
      if (v === null) { v = parse(el.dataset.fallback); }
      if (v === null) { return; }
      fields[el.dataset.field] = (fields[el.dataset.field] || 0) + v;
      total += v; count += 1;
    });
    document.querySelectorAll(".field-total").forEach(function (el) {
      el.textContent = show(fields[el.dataset.field] || 0);
    });
    document.getElementById("council-total").textContent = show(total);
    var label = document.getElementById("council-count");
    label.textContent = label.textContent.replace(/^\d+/, String(count));
  }
  form.addEventListener("input", recompute);
}());
