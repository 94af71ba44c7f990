/** The console's English messages (see ConsoleMessages in vi.ts). */
import { editorEn } from './areas/en/editor';
import { reviewEn } from './areas/en/review';
import type { ConsoleMessages } from './vi';

export const consoleEn = { editor: editorEn, review: reviewEn } satisfies ConsoleMessages;
