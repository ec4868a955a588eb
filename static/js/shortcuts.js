// Keyboard shortcuts in a discussion (the list the reader sees:
// templates/forum/includes/_keyboard_help.html): j and k move to the next
// and previous comment, r replies to it, c hides or shows its replies, and
// ? opens the list.
// A key never acts while the focus is in a field (typing "j" types a j, and
// the @mention suggestions of mentions.js keep their own keys there), nor
// with Ctrl, Alt or Meta (the browser's and assistive software's keys), nor
// once the reader turns shortcuts off (WCAG 2.1.4: single-letter keys can
// clash with speech input and screen readers), which this browser remembers.
(function () {
  "use strict";
  var OFF_KEY = "cairn:shortcuts-off";
  var help = null;
  var status = null;
  var current = null; // the comment moved to last, while it stays on the page
  var offHere = false; // turned off on a page whose browser stores nothing

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function isOff() {
    var store = storage();
    return offHere || Boolean(store && store.getItem(OFF_KEY));
  }

  function typing(target) {
    if (!target || !target.closest) { return false; }
    return target.isContentEditable ||
      Boolean(target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
  }

  // Emptied first, so the same words are read out again.
  function say(text) {
    if (!status || !text) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // The comments on the page that can be seen (not in a hidden sub-thread).
  function comments() {
    return Array.prototype.filter.call(
      document.querySelectorAll("article.comment"),
      function (row) { return !row.hidden && row.getClientRects().length > 0; }
    );
  }

  function here(list) {
    var active = document.activeElement;
    var inside = active && active.closest ? active.closest("article.comment") : null;
    if (inside && list.indexOf(inside) >= 0) { return inside; }
    return current && list.indexOf(current) >= 0 ? current : null;
  }

  // With no comment chosen yet, reading starts where the reader is looking:
  // j goes to the first comment whose top is on or below the screen, k to
  // the last one above it.
  function startIndex(list, step) {
    var i;
    if (step > 0) {
      for (i = 0; i < list.length; i += 1) {
        if (list[i].getBoundingClientRect().top >= 0) { return i; }
      }
      return list.length - 1;
    }
    for (i = list.length - 1; i >= 0; i -= 1) {
      if (list[i].getBoundingClientRect().top < 0) { return i; }
    }
    return 0;
  }

  function authorOf(row) {
    var by = document.getElementById(row.getAttribute("aria-labelledby") || "");
    return by ? by.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function move(step) {
    var list = comments();
    if (!list.length) { return; }
    var from = here(list);
    var index = from ? list.indexOf(from) + step : startIndex(list, step);
    if (index < 0) { say(help.dataset.first); return; }
    if (index >= list.length) { say(help.dataset.last); return; }
    var row = list[index];
    current = row;
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "start" });
    say(help.dataset.announce
      .replace("{n}", String(index + 1))
      .replace("{total}", String(list.length))
      .replace("{name}", authorOf(row)));
  }

  function reply() {
    var row = here(comments());
    if (!row) { say(help.dataset.pickFirst); return; }
    var open = row.querySelector(".reply-slot textarea");
    if (open) { open.focus(); return; }
    // The same as pressing its "Reply": htmx brings the form in place, and
    // cairn.js puts the focus in its text box.
    var link = row.querySelector(".comment-actions a[href$='/reply/']");
    if (!link) { say(help.dataset.noReply); return; }
    link.click();
  }

  function collapse() {
    var row = here(comments());
    if (!row) { say(help.dataset.pickFirst); return; }
    var button = row.querySelector("button[data-collapse]");
    if (!button || button.hidden) { say(help.dataset.noCollapse); return; }
    button.click();
    say(button.getAttribute("aria-expanded") === "false" ? help.dataset.hidden : help.dataset.shown);
  }

  function openHelp() {
    help.open = true;
    var summary = help.querySelector("summary");
    if (summary) { summary.focus({ preventScroll: true }); }
    help.scrollIntoView({ block: "start" });
  }

  var KEYS = {
    j: function () { move(1); },
    k: function () { move(-1); },
    r: reply,
    c: collapse,
    "?": openHelp
  };

  document.addEventListener("keydown", function (event) {
    if (!help || event.defaultPrevented || event.isComposing ||
        event.ctrlKey || event.altKey || event.metaKey) { return; }
    var action = Object.prototype.hasOwnProperty.call(KEYS, event.key) ? KEYS[event.key] : null;
    if (!action || typing(event.target) || isOff()) { return; }
    event.preventDefault();
    action();
  });

  document.addEventListener("DOMContentLoaded", function () {
    help = document.getElementById("keyboard-help");
    if (!help) { return; }
    status = document.getElementById("shortcut-status");
    help.hidden = false;
    var toggle = document.getElementById("shortcuts-on");
    if (!toggle) { return; }
    toggle.checked = !isOff();
    toggle.addEventListener("change", function () {
      var store = storage();
      offHere = !toggle.checked;
      if (store) {
        if (toggle.checked) { store.removeItem(OFF_KEY); } else { store.setItem(OFF_KEY, "1"); }
      }
      say(toggle.checked ? help.dataset.on : help.dataset.off);
    });
  });
})();
