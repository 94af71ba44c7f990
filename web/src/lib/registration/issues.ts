/** Zod's issues in the reader's language, worded as the server words them (one file: $contract/issues). */
export { EMPTY, REQUIRED, issuePath, wordIssue, type WordedIssue } from '$contract/issues';
