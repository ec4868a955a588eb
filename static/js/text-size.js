// Applies the reader's chosen text size before the page paints (no flash).
(function () {
  "use strict";
  var KEY = "cairn:text-size";
  var SIZES = ["md", "lg", "xl", "xxl"];
  var root = document.documentElement;
  function apply(size) {
    SIZES.forEach(function (s) { root.classList.remove("text-" + s); });
    root.classList.add("text-" + size);
  }
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage may be off */ }
  apply(SIZES.indexOf(saved) >= 0 ? saved : "md");
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-text-size]");
    if (!button) { return; }
    var current = SIZES.findIndex(function (s) { return root.classList.contains("text-" + s); });
    var next = current + (button.dataset.textSize === "up" ? 1 : -1);
    next = Math.max(0, Math.min(SIZES.length - 1, next));
    apply(SIZES[next]);
    try { localStorage.setItem(KEY, SIZES[next]); } catch (e) { /* ignore */ }
  });
})();
