/* The phone menu (templates/components/site_header.html): a button that folds the main navigation.
   Loaded in <head> so the page is marked as scripted before it is drawn (no flash of the open
   menu); without JavaScript the button stays hidden and the menu open. No inline script: the
   Content-Security-Policy forbids it outside /admin/. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(button, menu, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }

  function init() {
    document.querySelectorAll(".menu-toggle[aria-controls]").forEach(function (button) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      if (!menu) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        setOpen(button, menu, button.getAttribute("aria-expanded") !== "true");
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
          setOpen(button, menu, false);
          button.focus();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
