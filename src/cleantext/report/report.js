(function () {
  "use strict";
  var view = document.getElementById("view");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-rule]"));
  function sync(box) {
    view.classList.toggle("h" + box.getAttribute("data-rule"), !box.checked);
  }
  function setAll(on) {
    boxes.forEach(function (box) { box.checked = on; sync(box); });
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () { sync(box); });
    sync(box);
  });
  document.getElementById("show-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("hide-all").addEventListener("click", function () { setAll(false); });
  var strike = document.getElementById("strike");
  function syncStrike() { view.classList.toggle("nostrike", !strike.checked); }
  strike.addEventListener("change", syncStrike);
  syncStrike();
})();
