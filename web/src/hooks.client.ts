import type { HandleClientError } from '@sveltejs/kit';

// A page that does not exist is an ordinary outcome, shown by +error.svelte: no console noise.
// Anything else is a bug worth seeing in the console.
export const handleError: HandleClientError = ({ error, status, message }) => {
  if (status === 404) return { message, code: 'NOT_FOUND' };
  console.error(error);
  return { message, code: 'UNEXPECTED' };
};
