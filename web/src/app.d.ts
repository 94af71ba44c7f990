// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      /** An error code of the API (server/contract/errors.ts) when the error came from it. */
      code?: string;
    }
  }
}

export {};
