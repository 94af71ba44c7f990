// The console is a single-page app: rendered in the browser, served as one shell by the server.
export const ssr = false;
export const prerender = false;
