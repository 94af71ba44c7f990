/** Times on the tablet. Moments are written by $contract/format, in the venue's time zone. */

/** Now, as an ISO timestamp. */
export const nowIso = () => new Date().toISOString();
