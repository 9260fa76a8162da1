// One confirmation for every destructive action (issue 8, item 15): a form, or the
// button that submits it, carries data-confirm="question"; the browser asks before the
// form is sent. Listening in the capture phase on the document runs before htmx's own
// submit handler on the form, so a cancelled confirmation stops htmx requests too.
// Without JavaScript the form is sent as before: the server never depends on this.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) ||
      (form && form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
