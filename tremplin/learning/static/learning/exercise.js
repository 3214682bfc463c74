// Exercises: sends the answer without reloading the page and shows the feedback in place.
// Optional: without this script the same form posts and the page reloads with the same result.
(function () {
  function bind(root) {
    var form = root.querySelector("[data-tremplin-exercise-form]");
    if (!form || !window.fetch || !window.FormData) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Tremplin-Fragment": "1" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-tremplin-exercise]");
        if (!fresh) throw new Error("fragment");
        root.replaceWith(fresh);
        bind(fresh);
        var focus = fresh.querySelector(".feedback, .error-summary");
        if (focus) focus.focus();
      }).catch(function () {
        form.submit();
      });
    });
  }
  document.querySelectorAll("[data-tremplin-exercise]").forEach(bind);
})();
