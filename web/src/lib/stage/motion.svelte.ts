/** Whether the reader asked for less motion: animations then take no time. */
class Motion {
  reduced = $state(false);

  constructor() {
    if (typeof window === 'undefined' || !window.matchMedia) return;
    const query = window.matchMedia('(prefers-reduced-motion: reduce)');
    this.reduced = query.matches;
    query.addEventListener('change', (e) => (this.reduced = e.matches));
  }

  /** `ms`, or 0 when motion is reduced. */
  ms(ms: number): number {
    return this.reduced ? 0 : ms;
  }
}

export const motion = new Motion();
