// Progressive enhancements for Cairn. Every feature here also works without it.
(function () {
  "use strict";
})();
