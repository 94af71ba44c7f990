/** The console's Vietnamese messages (see ConsoleMessages in vi.ts). */
import { editorVi } from './areas/editor';
import { reviewVi } from './areas/review';
import type { ConsoleMessages } from './vi';

export const consoleVi: ConsoleMessages = { editor: editorVi, review: reviewVi };
