/** The wording of zod issues lives in the contract, shared with the web app. */
export { issuePath, wordIssue, type WordedIssue } from '../contract/issues.js';
