// Polls the progress of a check and moves the bar; the label shows the bar's own number. The page
// works without this file (a <noscript> refresh reloads it instead).
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) { return; }
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var bar = document.getElementById("bar");
  var percent = document.getElementById("percent");
  var files = document.getElementById("files");
  var stage = document.getElementById("stage");
  var link = document.getElementById("result-link");
  function show(p) {
    bar.value = p.percent;
    bar.textContent = p.percent + "%";
    percent.textContent = p.percent + "%";
    files.textContent = labels.files.replace("{done}", p.done).replace("{total}", p.total);
    stage.textContent = labels["stage_" + p.stage] || p.stage;
  }
  function poll() {
    fetch(box.dataset.poll, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) {
        show(p);
        if (p.status === "done" || p.status === "failed") {
          link.hidden = false;
          setTimeout(function () { window.location.assign(box.dataset.done); }, 1200);
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
}());
