/** `npm start`: build the web app if its build is missing or stale, then run the server. */
import { buildWeb } from './build-web.js';

buildWeb();
await import('../server/main.js');
