// wagtail-localize's translation editor heads its list with "<source> to <target> translation",
// written in its JavaScript without gettext. This replaces the heading with the text given in
// data-title ("Übersetzung {source} → {target}"), once React has drawn it.
(() => {
  const script = document.currentScript;
  const editor = document.querySelector(".js-translation-editor");
  if (!script || !editor || !script.dataset.title) return;
  const english = /^(.+) to (.+) translation$/;
  const translate = () => {
    editor.querySelectorAll("h3").forEach((heading) => {
      const match = heading.textContent.match(english);
      if (match) {
        heading.textContent = script.dataset.title.replace("{source}", match[1]).replace("{target}", match[2]);
      }
    });
  };
  new MutationObserver(translate).observe(editor, { childList: true, subtree: true });
  translate();
})();
