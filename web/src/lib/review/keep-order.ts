/**
 * The organizer's unsaved running order, kept when the server's list of teams changes under it (a
 * registration approved, a team withdrawn or imported meanwhile): the teams still there stay in
 * the organizer's order, the new ones follow in the server's order, and the gone ones leave.
 */
export function keepOrder(edited: readonly string[], server: readonly string[]): string[] {
  const present = new Set(server);
  const kept = edited.filter((key) => present.has(key));
  const seen = new Set(kept);
  return [...kept, ...server.filter((key) => !seen.has(key))];
}
