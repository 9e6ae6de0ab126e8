// GOV.UK Frontend's components only enhance a page that says the browser can run them.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

document.body.classList.add('govuk-frontend-supported');
initAll();
