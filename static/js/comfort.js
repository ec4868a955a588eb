// Reading comfort (forum.services.comfort). The server draws the chosen
// text size and theme on <html>; this script runs in <head>, before the
// page paints, to
// - give a dark device the dark palette when the theme is "auto"
//   (Bootstrap's data-bs-theme="dark", and the site's own colours with it);
// - make the header's A−/A+ instant, saving the size through the same POST
//   as the Display page (the buttons post it themselves without JavaScript);
// - keep a size chosen while the answer had not come back (the page was
//   left at once, or the connection was down): it is drawn, and sent again.
(function () {
  "use strict";
  var SIZES = ["md", "lg", "xl", "xxl"];
  var UNSENT = "cairn:comfort-unsent";
  // Where text-size.js, before sizes were saved on the server, kept them.
  var OLD_KEY = "cairn:text-size";
  var root = document.documentElement;

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function currentSize() {
    for (var i = 0; i < SIZES.length; i += 1) {
      if (root.classList.contains("text-" + SIZES[i])) { return SIZES[i]; }
    }
    return SIZES[0];
  }

  function applySize(size) {
    SIZES.forEach(function (s) { root.classList.remove("text-" + s); });
    root.classList.add("text-" + size);
  }

  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function applyScheme() {
    if (root.dataset.theme === "auto" && dark && dark.matches) {
      root.setAttribute("data-bs-theme", "dark");
    } else {
      root.removeAttribute("data-bs-theme");
    }
  }
  applyScheme();
  if (dark && dark.addEventListener) { dark.addEventListener("change", applyScheme); }

  var store = storage();
  var unsent = store && store.getItem(UNSENT);
  var old = store && store.getItem(OLD_KEY);
  if (old) {
    // Once: a size this browser chose before is kept, unless one was
    // chosen since (on the server, or not sent yet).
    store.removeItem(OLD_KEY);
    if (!unsent && SIZES.indexOf(old) > 0 && currentSize() === SIZES[0]) { unsent = old; }
  }
  if (SIZES.indexOf(unsent) >= 0) {
    applySize(unsent);
  } else {
    unsent = null;
  }

  // A reload can leave while the POST is answered: its cookie then misses
  // the next page's request, so the size stays marked unsent and is
  // applied and sent again from that page.
  var leaving = false;
  window.addEventListener("beforeunload", function () { leaving = true; });

  function send(form, size) {
    if (store) { store.setItem(UNSENT, size); }
    var data = new FormData(form);
    data.set("text_size", size);
    // keepalive: the POST goes on when the reader leaves the page at once.
    window.fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: true,
      // Answered in place, with no page (forum.views.comfort).
      headers: { "HX-Request": "true" }
    }).then(function (response) {
      // Sent, or refused for good (400): either way nothing to send again.
      // A 403 (a token gone stale) is sent again from the next page.
      if (!leaving && (response.ok || response.status === 400) && store &&
          store.getItem(UNSENT) === size) {
        store.removeItem(UNSENT);
      }
    }, function () { /* offline: sent again from the next page */ });
  }

  // The buttons name the sizes they would save next, and the Display
  // page's own choice (when it is this page) shows the size now in force.
  function reflect(form, size) {
    var index = SIZES.indexOf(size);
    form.querySelectorAll("button[data-text-size]").forEach(function (button) {
      var step = button.dataset.textSize === "up" ? 1 : -1;
      button.value = SIZES[Math.max(0, Math.min(SIZES.length - 1, index + step))];
    });
    document.querySelectorAll(".comfort-form input[name='text_size']").forEach(function (radio) {
      radio.checked = radio.value === size;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.matches("form[data-comfort-size]") || !button || !button.dataset.textSize) {
      return;
    }
    event.preventDefault();
    var index = SIZES.indexOf(currentSize()) + (button.dataset.textSize === "up" ? 1 : -1);
    var size = SIZES[Math.max(0, Math.min(SIZES.length - 1, index))];
    applySize(size);
    reflect(form, size);
    send(form, size);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-comfort-size]");
    if (!form) { return; }
    reflect(form, currentSize());
    if (unsent) { send(form, unsent); }
  });
})();
