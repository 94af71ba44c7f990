/**
 * A notice that outlives one navigation: "contest imported", "contest deleted". Stored as a
 * function of the catalog so it follows a language switch while it is shown.
 */
import type { Messages } from './i18n/vi';

export type NoticeText = (t: Messages) => string;
export interface Notice {
  id: number;
  kind: 'success' | 'info' | 'error';
  text: NoticeText;
}

class Flash {
  current = $state<Notice | null>(null);
  #pending: Notice | null = null;
  #next = 1;

  /** Shows `text` on the page reached by the next navigation. */
  afterNavigation(text: NoticeText, kind: Notice['kind'] = 'success') {
    this.#pending = { id: this.#next++, kind, text };
  }

  /** Called once every navigation has completed. */
  navigated() {
    this.current = this.#pending;
    this.#pending = null;
  }

  dismiss() {
    this.current = null;
  }
}

export const flash = new Flash();
