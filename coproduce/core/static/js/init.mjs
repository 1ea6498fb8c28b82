// Starts GOV.UK Frontend's components (menus, error summary focus, radios and checkboxes that reveal more).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
