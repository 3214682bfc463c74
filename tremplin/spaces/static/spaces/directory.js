// Directory: shows the places found without reloading the page, and keeps the address in step.
// Optional: without this script the same form is sent and the page reloads with the same list.
(function () {
  var form = document.querySelector("[data-tremplin-directory]");
  var results = document.getElementById("results");
  if (!form || !results || !window.fetch || !window.URLSearchParams) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = new URLSearchParams(new FormData(form)).toString();
    var address = form.action + "?" + query;
    fetch(address, { headers: { "X-Tremplin-Fragment": "1" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        results.innerHTML = html;
        window.history.replaceState(null, "", address);
        var heading = results.querySelector("h2");
        if (heading) heading.focus();
      })
      .catch(function () {
        form.submit();
      });
  });
})();
