// Start the NHS.UK frontend components, and send the CSRF token with every HTMX request.
import { initAll } from '../vendor/nhsuk/nhsuk-frontend.min.js';
initAll();
document.body.addEventListener('htmx:configRequest', (event) => {
  const holder = document.getElementById('csrf-holder');
  if (holder) event.detail.headers['X-CSRFToken'] = holder.dataset.csrf;
});
