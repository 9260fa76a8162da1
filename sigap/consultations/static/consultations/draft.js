// Select a passage of the draft (mouse, keyboard or touch) and comment on it: fills the
// comment form's section, quote and offset. Without this script the quote field can be
// filled by hand; the server locates the passage either way.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  var button = document.getElementById("quote-button");
  if (!form || !button) { return; }
  var pending = null;

  function containerOf(node) {
    while (node && node !== document.body) {
      if (node.nodeType === 1 && node.hasAttribute("data-section")) { return node; }
      node = node.parentNode;
    }
    return null;
  }

  function current() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    var box = containerOf(range.startContainer);
    if (!box || box !== containerOf(range.endContainer)) { return null; }
    var text = range.toString();
    if (!text.trim()) { return null; }
    var before = document.createRange();
    before.setStart(box, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var lead = text.length - text.replace(/^\s+/, "").length;
    return { section: box.getAttribute("data-section"), quote: text.trim(),
             start: before.toString().length + lead };
  }

  document.addEventListener("selectionchange", function () {
    pending = current();
    button.hidden = !pending;
  });

  button.addEventListener("click", function () {
    if (!pending) { return; }
    form.elements.section.value = pending.section;
    form.elements.quote.value = pending.quote;
    form.elements.start.value = pending.start;
    button.hidden = true;
    form.scrollIntoView({ block: "start" });
    form.elements.body.focus();
  });
})();
