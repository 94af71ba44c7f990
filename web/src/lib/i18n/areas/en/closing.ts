/** The English messages of the closing area (their keys: ../closing.ts). Fetched only when English is read. */
import type { closingVi } from '../closing';

export const closingEn = {
  board: {
    noScore: 'No score yet',
    emptyTitle: 'No scores yet',
    emptyBody: 'Results will appear when the first round is locked.',
    review: 'Under review',
    reviewOf: (rounds: string) => `Result under review: ${rounds}`,
  },
} satisfies typeof closingVi;
