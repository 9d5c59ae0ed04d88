// "Læs op" / "Read aloud": reads the main content with the browser's speech synthesis.
// The button stays hidden where the browser has none (and without JavaScript).
(function () {
  "use strict";
  var button = document.getElementById("read-aloud");
  if (!button || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) {
    return;
  }
  var main = document.getElementById("main-content");
  var label = button.querySelector(".read-aloud-label");
  var startText = button.getAttribute("data-start");
  var stopText = button.getAttribute("data-stop");
  var speaking = false;

  function show(isSpeaking) {
    speaking = isSpeaking;
    label.textContent = isSpeaking ? stopText : startText;
    button.setAttribute("aria-pressed", isSpeaking ? "true" : "false");
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    if (speaking) {
      window.speechSynthesis.cancel();
      show(false);
      return;
    }
    var utterance = new window.SpeechSynthesisUtterance(main.innerText);
    utterance.lang = document.documentElement.lang;
    utterance.onend = function () { show(false); };
    utterance.onerror = function () { show(false); };
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
    show(true);
  });
})();
