// Read-aloud: shows the button only where the browser can speak, and reads the page's main text.
(function () {
  if (!("speechSynthesis" in window)) return;
  document.querySelectorAll("[data-tremplin-read-aloud]").forEach(function (button) {
    var label = button.querySelector("span");
    var readLabel = label.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (speechSynthesis.speaking) {
        speechSynthesis.cancel();
        label.textContent = readLabel;
        return;
      }
      var main = document.getElementById("contenu");
      var text = Array.prototype.map.call(
        main.querySelectorAll("h1, h2, h3, p, li, label, legend, td, th, dt, dd"),
        function (node) { return node.closest("[data-tremplin-read-aloud]") ? "" : node.innerText; }
      ).join("\n");
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang;
      utterance.onend = function () { label.textContent = readLabel; };
      label.textContent = button.dataset.labelStop;
      speechSynthesis.speak(utterance);
    });
  });
})();
