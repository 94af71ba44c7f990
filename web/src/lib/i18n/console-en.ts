/** The console's English messages (see ConsoleMessages in vi.ts). */
import { editorEn } from './areas/editor';
import { reviewEn } from './areas/review';
import type { ConsoleMessages } from './vi';

export const consoleEn = { editor: editorEn, review: reviewEn } satisfies ConsoleMessages;
