/* Tells the embedding page (embed.js) that the quiz frame shows an error, and how tall it is. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var box = document.getElementById("cm-frame-error");
  var message = box ? box.textContent.replace(/\s+/g, " ").trim() : "";
  var height = Math.ceil(document.body.getBoundingClientRect().height) + 2;
  // Any page may show this error: it names no data, so the message needs no target origin.
  window.parent.postMessage(
    { source: "careermatch", v: 1, type: "error", payload: { message: message, height: height } },
    "*"
  );
})();
