// Shows the « Imprimer » button where scripts run; without them the page says how to print.
document.querySelectorAll("[data-tremplin-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
