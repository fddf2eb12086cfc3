/* The test host page's own script: embeds through the JS API when asked, records events. */
(function () {
  "use strict";
  var TYPES = ["ready", "progress", "submitted", "result", "close", "error"];
  window.hostEvents = [];

  function record(via, type, detail) {
    window.hostEvents.push({ via: via, type: type, detail: detail || {} });
    if (type === "progress") return;
    var item = document.createElement("li");
    item.textContent = via + " " + type;
    document.getElementById("events").appendChild(item);
  }

  TYPES.forEach(function (type) {
    document.addEventListener("careermatch:" + type, function (event) { record("dom", type, event.detail); });
  });

  function embedWithApi() {
    var target = document.querySelector("[data-api-embed]");
    if (!target) return;
    if (!window.CareerMatch) return setTimeout(embedWithApi, 20);
    var quiz = window.CareerMatch.embed(target, {
      quiz: target.dataset.quiz, site: target.dataset.site, readyTimeout: Number(target.dataset.readyTimeout)
    });
    TYPES.forEach(function (type) { quiz.on(type, function (detail) { record("api", type, detail); }); });
    window.hostQuiz = quiz;
  }
  embedWithApi();
})();
