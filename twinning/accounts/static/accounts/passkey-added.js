// Once the browser has added a passkey, send its number and chosen name on to
// the page that names it (and gives recovery codes to a first factor). Pressing
// Enter in the name field starts adding a passkey instead of sending the form.
const form = document.getElementById("passkey-added-form");
if (form) {
  document.addEventListener("otp_webauthn.register_complete", (event) => {
    form.elements.passkey.value = event.detail.id;
    form.submit();
  });
  form.addEventListener("submit", (event) => {
    if (!form.elements.passkey.value) {
      event.preventDefault();
      document.getElementById("passkey-register-button")?.click();
    }
  });
}
