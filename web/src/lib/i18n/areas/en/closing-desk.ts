/** The English messages of closing the results for the host (their keys: ../closing-desk.ts). Fetched only when English is read. */
import type { closingDeskVi } from '../closing-desk';
import { list } from '../closing';

export const closingDeskEn = {
  lock: {
    title: 'Lock the result?',
    body: (team: string, round: string) =>
      `Lock the result of ${team} in the round “${round}”. Judges can no longer change their sheets and the result is released to the scoreboard.`,
    undoNote:
      'Should it need a correction later, it can be unlocked with a reason; the unlock is logged in the audit log and the minutes, and the boards say “under review” until it is locked again.',
    incompleteTitle: 'Sheets missing',
    missingJudges: (judges: string) => `missing ${judges}`,
    reason: 'Why lock without every sheet',
    reasonHint: 'Required. Logged in the audit log and the minutes, e.g. “Judge 3 is absent, agreed by the organizers”.',
    reasonRequired: 'Give a reason to lock without every sheet.',
    confirm: 'Lock and release',
    forceConfirm: 'Lock and release anyway',
    serverIncomplete:
      'The server says some teams lack sheets (this may have just changed). Check the list and give a reason to lock anyway.',
  },
  round: {
    button: 'Lock the whole round',
    lockedCount: (done: number, total: number) => `${done} of ${total} teams locked`,
    allLocked: 'The whole round is locked',
    title: (round: string) => `Lock the whole round “${round}”?`,
    body: (n: number) =>
      `Locks the results of the ${n} teams still open at once. Judges can no longer change their sheets and the results are released to the scoreboard.`,
    zeroNote: (n: number, names: string) => `${n} teams without a score will count 0 (logged): ${names}.`,
    quizNote: 'A team with no right answer counts 0.',
    incomplete: (n: number) => `${n} teams lack judges’ sheets:`,
    done: (locked: number, already: number, zeroed: number) =>
      [
        `Locked ${locked} teams`,
        already > 0 ? `${already} were locked already` : '',
        zeroed > 0 ? `${zeroed} without a score count 0` : '',
      ]
        .filter(Boolean)
        .join(' · ') + '.',
  },
  unlock: {
    button: 'Unlock',
    label: (team: string) => `Unlock the result of ${team}`,
    title: 'Unlock the result?',
    body: (team: string, round: string) =>
      `Unlock the result of ${team} in the round “${round}” so that judges can amend their sheets. The public boards keep the released result, marked “under review”, until it is locked again.`,
    reason: 'Why unlock',
    reasonHint: 'Required. Logged in the audit log and the minutes.',
    reasonRequired: 'Give a reason to unlock.',
    confirm: 'Unlock',
    review: 'Under review',
  },
  reveal: {
    title: 'Before the reveal',
    checking: 'Checking the results…',
    ready: 'The results are final: every round is locked and no prize is provisional.',
    notReady: 'The results are not final:',
    notLocked: (round: string, n: number, names: string) =>
      `Round “${round}”: ${n} ${n === 1 ? 'team' : 'teams'} not locked (${names})`,
    notLockedAll: (round: string) => `Round “${round}”: no team locked yet`,
    underReview: (round: string, n: number, names: string) =>
      `Round “${round}”: ${n} ${n === 1 ? 'team' : 'teams'} under review (${names})`,
    votingOpen: 'Voting is open',
    provisional: (prizes: string[]) => `${list(prizes, 'and')} ${prizes.length === 1 ? 'is' : 'are'} still provisional`,
    more: (n: number) => `and ${n} more`,
    override: 'Reveal anyway',
    overrideTitle: 'Reveal although the results are not final?',
    overrideBody:
      'The reveal uses the results released now: provisional prizes are not revealed, and a result under review keeps its released value. The reason is logged in the audit log and the minutes.',
    reason: 'Why reveal anyway',
    reasonHint: 'Required, e.g. “The organizers decided to announce the results as they stand”.',
    reasonRequired: 'Give a reason to reveal anyway.',
    reload: 'Check again',
  },
  cancel: 'Cancel',
  working: 'Sending…',
} satisfies typeof closingDeskVi;
