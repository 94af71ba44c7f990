/** Builds the web app once before the browser tests, when its build is missing or stale. */
import { buildWeb } from '../../scripts/build-web.js';

export default function setup(): void {
  buildWeb();
}
