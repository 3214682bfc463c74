// Optional: shows the camera in the practice page of the video-interview simulator. Nothing is
// recorded or sent; the page works without it (the box stays hidden).
(function () {
  var box = document.querySelector("[data-tremplin-camera]");
  if (!box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  box.hidden = false;
  var video = box.querySelector("video");
  var status = box.querySelector("[role=status]");
  box.querySelector("button").addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(function (stream) {
      video.srcObject = stream;
      video.play();
    }).catch(function () {
      status.textContent = box.getAttribute("data-error");
    });
  });
})();
