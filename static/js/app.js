// Behaviour that would otherwise need inline script (the CSP forbids it).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});
// A table that scrolls sideways in its own box must be reachable with the keyboard
// (WCAG 2.1.1): only the boxes that actually scroll join the tab order.
function focusableScrollBoxes() {
  for (const box of document.querySelectorAll(".table-responsive")) {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }
}
focusableScrollBoxes();
window.addEventListener("resize", focusableScrollBoxes);
// A button that sends mail or does slow work says so and cannot be pressed twice.
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;
  const button = event.submitter;
  if (!button || !button.dataset.pending) return;
  // After the form data is taken: a disabled submitter would otherwise be left out of it.
  setTimeout(() => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    if (button.tagName === "INPUT") {
      button.value = button.dataset.pending;
    } else {
      button.innerHTML = '<span class="spinner-border spinner-border-sm me-2" aria-hidden="true"></span>';
      button.append(button.dataset.pending);
    }
  }, 0);
});
