/*! Career Match embed.js, protocol v1. Include once or many times:
 *  <script src="https://QUIZ_HOST/embed.js" async></script>
 *  <div data-careermatch data-quiz="career-match" data-site="SITE_KEY"></div>
 * Works under a strict Content-Security-Policy: it injects no <style> and no style
 * attributes, only CSSOM properties. */
(function (w, d) {
  "use strict";
  if (!w || !d) return; // evaluated outside a browser (server rendering): do nothing

  var existing = w.CareerMatch;
  if (existing && existing.version) {
    existing.scan(); // loaded twice: the first copy owns the page, just pick up new elements
    return;
  }

  var PROTOCOL = 1;
  var EVENTS = ["ready", "progress", "submitted", "result", "close", "error"];
  var DEFAULT_TIMEOUT = 15000;
  var CHECK_TIMEOUT = 3000; // past this, the frame itself (and frame-ancestors) decides

  function ownSrc() {
    var script = d.currentScript;
    if (script && script.src) return script.src;
    var scripts = d.querySelectorAll('script[src*="/embed.js"]');
    return scripts.length ? scripts[scripts.length - 1].src : "";
  }
  var ORIGIN = "";
  try {
    ORIGIN = new URL(ownSrc(), w.location.href).origin;
  } catch (e) {
    return;
  }

  var instances = new WeakMap(); // element -> instance
  var byWindow = []; // instances, to route messages by event.source

  function css(el, props) {
    for (var name in props) el.style.setProperty(name, props[name]);
    return el;
  }

  function make(tag, attrs, props) {
    var el = d.createElement(tag);
    for (var name in attrs || {}) el.setAttribute(name, attrs[name]);
    return props ? css(el, props) : el;
  }

  function embed(element, options) {
    if (!element || element.nodeType !== 1) throw new TypeError("CareerMatch.embed needs an element");
    if (instances.has(element)) return instances.get(element).api;
    options = options || {};
    var data = element.dataset;
    var quiz = options.quiz || data.quiz || "career-match";
    var site = options.site || data.site || "";
    var mode = (options.mode || data.mode) === "popup" ? "popup" : "inline";
    var label = options.label || data.label || "Take the career quiz";
    var timeout = Number(options.readyTimeout || data.readyTimeout) || DEFAULT_TIMEOUT;

    var listeners = {};
    var frame = null;
    var dialog = null;
    var button = null;
    var box = null;
    var timer = 0;
    var ready = false;
    var opener = null;
    var self = { element: element, frame: null };

    function emit(type, payload) {
      (listeners[type] || []).slice().forEach(function (fn) {
        try {
          fn(payload);
        } catch (e) {
          setTimeout(function () { throw e; });
        }
      });
      element.dispatchEvent(new CustomEvent("careermatch:" + type, { bubbles: true, detail: payload }));
    }

    function send(type, payload) {
      if (frame && frame.contentWindow && ready) {
        frame.contentWindow.postMessage({ source: "careermatch", v: PROTOCOL, type: type, payload: payload || {} }, ORIGIN);
      }
    }

    function src() {
      return ORIGIN + "/embed/" + encodeURIComponent(quiz) +
        "?site=" + encodeURIComponent(site) + "&mode=" + mode +
        "&origin=" + encodeURIComponent(w.location.origin);
    }

    function alertNote(title, text) {
      var note = make("div", { role: "alert", "class": "careermatch-error" }, {
        "border": "1px solid #b42318", "border-radius": "8px", "padding": "1rem",
        "color": "#7a271a", "background": "#fef3f2", "font": "inherit"
      });
      var strong = make("strong");
      strong.textContent = title;
      var p = make("p", null, { margin: "0.5rem 0 0" });
      p.textContent = text;
      note.appendChild(strong);
      note.appendChild(p);
      return note;
    }

    function fail() {
      if (ready || !frame) return;
      var message = "The career quiz could not be shown here.";
      var help = "If you run this page: check that the site key \u201c" + site +
        "\u201d is registered and that it allows this page\u2019s origin (" + w.location.origin + ").";
      frame.replaceWith(alertNote(message, help));
      frame = self.frame = null;
      emit("error", { reason: "timeout", message: message + " " + help });
    }

    // Ask the quiz service whether this page may embed the quiz before making the frame, so
    // that a refusal shows at once rather than as a browser error page and a timeout.
    var verdict = null;
    var waiting = [];
    var destroyed = false;
    function check(then) {
      if (verdict) return then(verdict);
      waiting.push(then);
      if (waiting.length > 1) return;
      var settled = false;
      function settle(v) {
        if (settled) return;
        settled = true;
        verdict = v;
        var calls = waiting;
        waiting = [];
        calls.forEach(function (fn) { fn(v); });
      }
      if (!w.fetch) return settle({ allowed: true });
      var timer = setTimeout(function () { settle({ allowed: true }); }, CHECK_TIMEOUT);
      w.fetch(ORIGIN + "/embed/" + encodeURIComponent(quiz) + "/check?site=" + encodeURIComponent(site),
        { credentials: "omit", mode: "cors", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { allowed: true }; })
        .then(function (v) {
          clearTimeout(timer);
          settle(v && v.allowed === false ? v : { allowed: true });
        }, function () {
          clearTimeout(timer);
          settle({ allowed: true }); // cannot ask (e.g. the page's CSP): let the frame decide
        });
    }

    function refuse(v, container) {
      if (container.querySelector(".careermatch-error")) return;
      container.appendChild(alertNote(String(v.title || ""), String(v.message || "")));
      emit("error", { reason: "refused", message: String(v.title || "") + " " + String(v.message || "") });
    }

    function createFrame() {
      frame = self.frame = make("iframe", {
        src: src(),
        title: "Career Match quiz",
        "class": "careermatch-frame"
      }, {
        display: "block", width: "100%", border: "0", "color-scheme": "normal",
        height: mode === "popup" ? "100%" : "480px",
        overflow: "hidden"
      });
      if (mode === "inline") frame.setAttribute("scrolling", "no");
      ready = false;
      clearTimeout(timer);
      timer = setTimeout(fail, timeout);
      return frame;
    }

    function onMessage(msg) {
      var payload = msg.payload || {};
      switch (msg.type) {
        case "ready":
          ready = true;
          clearTimeout(timer);
          if (dialog && dialog.open) send("focus");
          emit("ready", payload);
          break;
        case "resize":
          if (mode === "inline" && frame && payload.height > 0) {
            frame.style.setProperty("height", Math.min(Math.ceil(payload.height), 20000) + "px");
          }
          break;
        case "error":
          ready = true; // the frame explains the problem itself
          clearTimeout(timer);
          if (frame && payload.height > 0) frame.style.setProperty("height", Math.ceil(payload.height) + "px");
          emit("error", { reason: "frame", message: String(payload.message || "") });
          break;
        case "close":
          api.close();
          break;
        case "progress":
        case "submitted":
        case "result":
          emit(msg.type, payload);
          break;
      }
    }

    function trap(atStart) {
      return function () {
        if (atStart) frame ? frame.focus() : closeButton.focus();
        else closeButton.focus();
      };
    }

    var closeButton = null;
    if (mode === "popup") {
      button = make("button", { type: "button", "aria-haspopup": "dialog", "class": "careermatch-button" }, {
        font: "inherit", padding: "0.75rem 1.25rem", "border-radius": "8px", border: "0",
        background: "#1d4ed8", color: "#fff", cursor: "pointer"
      });
      button.textContent = label;
      button.addEventListener("click", function () { api.open(); });
      element.appendChild(button);
      dialog = make("dialog", { "aria-label": "Career Match quiz", "class": "careermatch-dialog" }, {
        padding: "0", border: "0", "border-radius": "12px", width: "min(760px, calc(100vw - 1rem))",
        height: "min(900px, calc(100vh - 2rem))", "max-width": "100vw", "max-height": "100vh",
        overflow: "hidden", background: "#fff", "box-shadow": "0 10px 40px rgba(0,0,0,.35)"
      });
      var inner = make("div", null, { display: "flex", "flex-direction": "column", height: "100%" });
      var bar = make("div", null, { display: "flex", "justify-content": "flex-end", padding: "0.25rem" });
      closeButton = make("button", { type: "button", "aria-label": "Close the quiz", "class": "careermatch-close" }, {
        font: "inherit", "font-size": "1.5rem", "line-height": "1", padding: "0.25rem 0.75rem",
        border: "0", background: "transparent", color: "#111", cursor: "pointer"
      });
      closeButton.textContent = "\u00d7";
      closeButton.addEventListener("click", function () { api.close(); });
      var startGuard = make("span", { tabindex: "0", "class": "careermatch-guard" });
      var endGuard = make("span", { tabindex: "0", "class": "careermatch-guard" });
      startGuard.addEventListener("focus", trap(true));
      endGuard.addEventListener("focus", trap(false));
      box = make("div", null, { flex: "1", "min-height": "0" });
      bar.appendChild(closeButton);
      inner.appendChild(bar);
      inner.appendChild(box);
      dialog.appendChild(startGuard);
      dialog.appendChild(inner);
      dialog.appendChild(endGuard);
      dialog.addEventListener("cancel", function (event) {
        event.preventDefault();
        api.close();
      });
      d.body.appendChild(dialog);
    } else {
      check(function (v) {
        if (destroyed) return;
        if (v.allowed) element.appendChild(createFrame());
        else refuse(v, element);
      });
    }
    if (mode === "popup") check(function () {}); // know the answer before the button is used

    var api = {
      on: function (type, fn) {
        if (EVENTS.indexOf(type) >= 0 && typeof fn === "function") (listeners[type] = listeners[type] || []).push(fn);
        return api;
      },
      off: function (type, fn) {
        listeners[type] = (listeners[type] || []).filter(function (f) { return f !== fn; });
        return api;
      },
      open: function () {
        if (!dialog) {
          if (frame) frame.scrollIntoView({ block: "start" });
          return api;
        }
        if (dialog.open) return api;
        opener = d.activeElement && d.activeElement !== d.body ? d.activeElement : button;
        dialog.showModal();
        check(function (v) {
          if (!dialog || !dialog.open) return;
          if (!v.allowed) {
            refuse(v, box);
            closeButton.focus();
            return;
          }
          if (!frame) box.appendChild(createFrame());
          if (frame) frame.focus();
          send("focus");
        });
        return api;
      },
      close: function () {
        if (!dialog || !dialog.open) return api;
        dialog.close();
        var back = opener && opener.isConnected ? opener : button;
        if (back) back.focus();
        opener = null;
        emit("close", {});
        return api;
      },
      destroy: function () {
        destroyed = true;
        clearTimeout(timer);
        if (dialog) {
          if (dialog.open) dialog.close();
          dialog.remove();
        }
        if (frame) frame.remove();
        if (button) button.remove();
        var note = element.querySelector(".careermatch-error");
        if (note) note.remove();
        instances.delete(element);
        byWindow = byWindow.filter(function (i) { return i !== self; });
        listeners = {};
        frame = self.frame = dialog = button = null;
      }
    };
    self.api = api;
    self.onMessage = onMessage;
    instances.set(element, self);
    byWindow.push(self);
    return api;
  }

  w.addEventListener("message", function (event) {
    var msg = event.data;
    if (event.origin !== ORIGIN || !msg || msg.source !== "careermatch" || msg.v !== PROTOCOL) return;
    for (var i = 0; i < byWindow.length; i++) {
      var inst = byWindow[i];
      if (inst.frame && inst.frame.contentWindow === event.source) {
        inst.onMessage(msg);
        return;
      }
    }
  });

  function scan() {
    var found = d.querySelectorAll("[data-careermatch]");
    for (var i = 0; i < found.length; i++) {
      if (!instances.has(found[i])) {
        try {
          embed(found[i]);
        } catch (e) {
          if (w.console) w.console.error("CareerMatch:", e);
        }
      }
    }
  }

  w.CareerMatch = { version: PROTOCOL, origin: ORIGIN, embed: embed, scan: scan };
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", scan);
  else scan();
})(typeof window !== "undefined" ? window : null, typeof document !== "undefined" ? document : null);
