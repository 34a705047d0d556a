// Text areas with a length limit (data-maxlength, cms/monkey_patches.py): show how long the text
// may be and how long it is, instead of letting the browser cut pasted text silently. The server
// checks the length again and keeps what was typed.
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return String(values[key]);
    });
  }

  function attach(area) {
    if (area.dataset.counterReady) return;
    area.dataset.counterReady = "1";
    var max = parseInt(area.dataset.maxlength, 10);
    if (!max) return;
    var counter = document.createElement("p");
    counter.className = "hh-char-counter";
    counter.id = (area.id || "text-" + Math.random().toString(36).slice(2)) + "-counter";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
    function update() {
      var count = area.value.length;
      var text = format(area.dataset.counterText || "%(count)s / %(max)s", { count: count, max: max });
      if (count > max) {
        text += " " + format(area.dataset.counterOver || "", { over: count - max });
        counter.classList.add("hh-char-counter--over");
      } else {
        counter.classList.remove("hh-char-counter--over");
      }
      counter.textContent = text;
    }
    area.addEventListener("input", update);
    update();
  }

  function attachAll(root) {
    (root || document).querySelectorAll("textarea[data-maxlength]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  // Text areas added later (StreamField blocks in the admin) get their counter on first focus.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-maxlength]")) attach(event.target);
  });
})();
