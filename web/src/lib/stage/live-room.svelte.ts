import type { PublicContest } from '$contract/api';
import { Room } from './room.svelte';

/**
 * The room of the contest a public page shows, connected while the page shows it: a new room
 * (and connection) when the page moves to another contest. Call it while a component starts.
 */
export function liveRoom(contest: () => PublicContest): { readonly current: Room } {
  const room = $derived(new Room(contest()));
  $effect(() => {
    const r = room;
    r.start();
    return () => r.stop();
  });
  return {
    get current() {
      return room;
    },
  };
}
