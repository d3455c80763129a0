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

// A table wider than the screen scrolls sideways inside its .baton-table-wrap; keyboard users must
// be able to reach the wrapper to scroll it (WCAG 2.1.1), so while it scrolls it is a labelled,
// focusable region, and otherwise not an extra tab stop.
function markScrollingTables(scope) {
  scope.querySelectorAll('.baton-table-wrap').forEach((wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      const caption = wrap.querySelector('caption');
      wrap.setAttribute('tabindex', '0');
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', caption ? `${caption.textContent.trim()} (scrolls sideways)` : 'Table (scrolls sideways)');
    } else if (wrap.getAttribute('role') === 'region') {
      wrap.removeAttribute('tabindex');
      wrap.removeAttribute('role');
      wrap.removeAttribute('aria-label');
    }
  });
}
markScrollingTables(document);
let resizing;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => markScrollingTables(document), 100);
});
document.body.addEventListener('htmx:load', (event) => markScrollingTables(event.detail.elt));
