// Opens the criterion a link points at (#c-1.1.1): its field and its own details. The server does
// the same for ?open=1.1.1, so the fix list works without this file too.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var row = document.getElementById(id);
    if (!row) { return; }
    var node = row;
    while (node) {
      if (node.tagName === "DETAILS") { node.open = true; }
      node = node.parentElement;
    }
    var own = row.querySelector("details.criterion");
    if (own) { own.open = true; }
    row.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
}());
