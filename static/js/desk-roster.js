// Desk roster: "select all on this page" and the print button (no inline script: strict CSP).
document.addEventListener("change", (event) => {
  const box = event.target.closest("[data-select-all]");
  if (!box) return;
  const name = box.dataset.selectAll;
  box.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((el) => {
    el.checked = box.checked;
  });
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
