/**
 * The judges' private links as the judge-auth plugin (server/plugins/judge-auth.ts) needs them,
 * as an interface: the judging module (server/modules/judging/link-store.ts) implements it on
 * the database and app.ts hands it to the plugin.
 */

/** A judge as found by its link's secret or by the device bound to it. */
export interface JudgeLink {
  id: number;
  key: string;
  name: string;
  title: string | null;
  contestId: number;
  contestSlug: string;
  linkDeviceHash: string | null;
  linkBoundAt: string | null;
  linkSeenAt: string | null;
}

export interface JudgeLinkStore {
  /** The judge whose active (not revoked) private link has this secret. */
  byToken(token: string): JudgeLink | undefined;
  /** The judge whose active link is bound to the device holding the secret with this sha256. */
  byDevice(deviceHash: string): JudgeLink | undefined;
  /** Binds an active link that no device holds yet; false when one got there first. */
  bind(judgeId: number, deviceHash: string, now: string): boolean;
  /** Records the bound device's last contact. */
  touch(judgeId: number, deviceHash: string, now: string): void;
  /** Frees a link from its device if it is bound to `deviceHash`; true when it was. */
  unbind(judgeId: number, deviceHash: string): boolean;
}
