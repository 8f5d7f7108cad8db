// The console's own script: copy buttons and a JSON syntax check on the JSON fields. Everything else is plain
// HTML forms and links, which work without it; the server checks everything again.
(function () {
  "use strict";

  function copyText(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    var text = source.value !== undefined && source.tagName !== "PRE" && source.tagName !== "CODE"
      ? source.value : source.textContent;
    var done = function () {
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
    } else {
      selectText(source);
      try {
        if (document.execCommand("copy")) {
          done();
        }
      } catch (ignored) {
        // the text stays selected for the person to copy
      }
    }
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // A JSON field's syntax, checked as it is typed; the message goes where the field's describedby points.
  function checkJson(field) {
    var message = document.getElementById(field.id + "-json");
    var text = field.value.trim();
    var problem = "";
    if (text !== "") {
      try {
        JSON.parse(text);
      } catch (e) {
        problem = "Not valid JSON: " + e.message;
      }
    }
    if (message) {
      message.textContent = problem;
    }
    if (problem) {
      field.setAttribute("aria-invalid", "true");
    } else if (!field.hasAttribute("data-server-error")) {
      field.removeAttribute("aria-invalid");
    }
    return problem === "";
  }

  // A page that must not come back on a reload (the one answer that shows a new key's secret) names the page it
  // stands for; the history entry becomes that one, so that reloading shows it and never posts the form again.
  var replaced = document.querySelector("[data-replace-url]");
  if (replaced && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", replaced.getAttribute("data-replace-url"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (button) {
      event.preventDefault();
      copyText(button);
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-json]")) {
      checkJson(event.target);
    }
  });

  document.addEventListener("submit", function (event) {
    var fields = event.target.querySelectorAll("textarea[data-json]");
    for (var i = 0; i < fields.length; i++) {
      if (!checkJson(fields[i])) {
        event.preventDefault();
        fields[i].focus();
        return;
      }
    }
  });
})();
