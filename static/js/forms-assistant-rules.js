/* The rules of an application step, applied while the club types (show/hide without saving).
 *
 * The server renders every field of the step, those hidden by the rules with `hidden`, and the
 * rules as JSON (#fa-rules: rules, kinds of the fields, this step's keys, the values of other
 * steps). This script re-evaluates the show/hide rules whose targets are on this step whenever an
 * input changes, the same way forms_assistant/engine.py does. The server stays the judge: on every
 * save it evaluates again, and answers to hidden fields never reach a submitted application.
 */
(function () {
  "use strict";
  var data = document.getElementById("fa-rules");
  var form = document.getElementById("fa-step-form");
  if (!data || !form) return;
  var config = JSON.parse(data.textContent);
  var onStep = {};
  config.step_fields.forEach(function (key) { onStep[key] = true; });

  function wrapper(key) { return form.querySelector('[data-field="' + CSS.escape(key) + '"]'); }

  function germanNumber(text) {
    var t = String(text).replace(/\s/g, "").replace(/\.(?=\d{3}(\D|$))/g, "").replace(",", ".");
    var n = parseFloat(t);
    return isNaN(n) ? null : n;
  }
  function isoDate(text) {
    var t = String(text).trim();
    var m = t.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
    if (m) return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
    return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
  }

  function readValue(key) {
    var box = wrapper(key);
    if (!box) return config.values.hasOwnProperty(key) ? config.values[key] : null;
    if (box.hidden) return null;
    var kind = config.kinds[key];
    var name = "f_" + key;
    if (kind === "yesno") {
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      return checked ? checked.value === "yes" : null;
    }
    if (kind === "multichoice") {
      var values = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + name + '"]:checked'), function (i) { return i.value; });
      return values.length ? values : null;
    }
    var inputs = box.querySelectorAll("input:not([type=hidden]), select, textarea");
    var first = null;
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) continue;
      if (input.value && input.value.trim()) { first = input.value.trim(); break; }
    }
    if (first === null) return null;
    if (kind === "number" || kind === "money") return germanNumber(first);
    if (kind === "date" || kind === "daterange") return isoDate(first);
    return first;
  }

  function coerce(key, expected) {
    var kind = config.kinds[key];
    if (kind === "number" || kind === "money") return germanNumber(expected);
    if (kind === "date" || kind === "daterange") return isoDate(expected);
    if (kind === "yesno") return /^(ja|yes|true|1)$/i.test(String(expected).trim());
    return String(expected).trim();
  }

  function condition(cond) {
    if (!config.kinds.hasOwnProperty(cond.field)) return false;
    var value = readValue(cond.field);
    var op = cond.op;
    var empty = value === null || value === "" || (Array.isArray(value) && !value.length);
    if (op === "filled") return !empty;
    if (op === "empty") return empty;
    if (op === "yes") return value === true;
    if (op === "no") return value === false;
    if (value === null) return op === "ne";
    var expected = coerce(cond.field, cond.value || "");
    if (op === "contains") {
      if (Array.isArray(value)) return value.indexOf(String(cond.value)) !== -1;
      return String(value).toLowerCase().indexOf(String(expected).toLowerCase()) !== -1;
    }
    if (expected === null) return false;
    switch (op) {
      case "eq": return value === expected;
      case "ne": return value !== expected;
      case "gt": return value > expected;
      case "gte": return value >= expected;
      case "lt": return value < expected;
      case "lte": return value <= expected;
    }
    return false;
  }

  function matches(rule) {
    var results = (rule.conditions || []).map(condition);
    return rule.match === "any" ? results.some(Boolean) : results.every(Boolean);
  }

  function apply() {
    // Twice: a field shown or hidden here can change what the next rule sees.
    for (var round = 0; round < 2; round++) {
      config.step_fields.forEach(function (key) {
        var rules = config.rules.filter(function (r) { return r.target === key; });
        var shows = rules.filter(function (r) { return r.action === "show"; });
        var hides = rules.filter(function (r) { return r.action === "hide"; });
        if (!shows.length && !hides.length) return;
        var visible = !((shows.length && !shows.some(matches)) || hides.some(matches));
        var box = wrapper(key);
        if (box) box.hidden = !visible;
      });
    }
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
})();
