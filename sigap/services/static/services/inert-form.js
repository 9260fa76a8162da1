// Previews of an application form show the fields but never submit them (the form is
// inert). A static file, not an onsubmit attribute: the Content-Security-Policy allows
// scripts from 'self' only.
document.addEventListener("submit", function (event) {
  if (event.target.matches("form[data-inert-form]")) {
    event.preventDefault();
  }
});
