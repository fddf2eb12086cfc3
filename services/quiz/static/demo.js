/* The demo page: the copy button and a log of the events the embeds send. */
(function () {
  "use strict";
  var log = document.getElementById("event-log");
  var copyStatus = document.getElementById("copy-status");

  ["ready", "progress", "submitted", "result", "close", "error"].forEach(function (type) {
    document.addEventListener("careermatch:" + type, function (event) {
      if (!log || type === "progress") return;
      var where = event.target && event.target.id === "demo-popup" ? "popup" : "inline";
      var detail = event.detail || {};
      var text = where + ": " + type;
      if (detail.resultId) text += " (result " + detail.resultId.slice(0, 8) + "\u2026)";
      if (detail.matches && detail.matches.length) text += ", top match: " + detail.matches[0].title;
      if (detail.message) text += ": " + detail.message;
      var item = document.createElement("li");
      item.textContent = text;
      log.appendChild(item);
    });
  });

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var text = source ? source.textContent : "";
      var done = function (ok) {
        copyStatus.textContent = ok ? "Snippet copied." : "Select the snippet and copy it with Ctrl+C or Cmd+C.";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      } else {
        done(false);
      }
    });
  });
})();
