// Registration form: show the club's future address while the subdomain is typed.
// Works without it too: the help text then shows a placeholder, the server validates.
(function () {
  var input = document.querySelector("[data-subdomain-input]");
  var preview = document.querySelector("[data-subdomain-preview]");
  if (!input || !preview) return;
  var placeholder = preview.getAttribute("data-placeholder") || preview.textContent;
  function update() {
    var value = input.value.trim().toLowerCase().replace(/[^a-z0-9-]/g, "");
    preview.textContent = value || placeholder;
  }
  input.addEventListener("input", update);
  update();
})();
