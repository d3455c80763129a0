// Start the NHS.UK frontend components, and send the CSRF token with every HTMX request.
import { initAll } from '../vendor/nhsuk/nhsuk-frontend.min.js';
initAll();
document.body.addEventListener('htmx:configRequest', (event) => {
  const holder = document.getElementById('csrf-holder');
  if (holder) event.detail.headers['X-CSRFToken'] = holder.dataset.csrf;
});
// Content HTMX swaps in (a refusal with its error summary, say) gets the components too, so an
// error summary takes focus as it does on a full page and screen reader users hear what went wrong.
document.body.addEventListener('htmx:load', (event) => {
  const element = event.detail.elt;
  if (element && element !== document.body) initAll({ scope: element });
});
