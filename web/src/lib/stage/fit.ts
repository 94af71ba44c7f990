/**
 * Makes a line of text fit its box without cutting it: first a smaller font (down to `min` of
 * the box's own size), then, when `lines` is 2, two lines at a smaller size; an ellipsis only
 * when even that is not enough. Refits when the box is resized or the text changes.
 *
 * Use as an attachment: `<div {@attach fit({ lines: 2 })}>{name}</div>`. The box needs a
 * definite width (a grid cell, a block) and `overflow: hidden`.
 */
export interface FitOptions {
  /** Smallest single-line size, as a fraction of the box's font size. */
  min?: number;
  /** 2: wrap onto two lines when one line is not enough. */
  lines?: 1 | 2;
  /** Size of the two-line text, as a fraction of the box's font size. */
  twoLineScale?: number;
  /** No text smaller than this many px (a projector's names): below it, two lines, then an ellipsis. */
  floorPx?: number;
}

export function fit(options: FitOptions = {}) {
  const { min = 0.7, lines = 1, twoLineScale = 0.62, floorPx = 0 } = options;
  return (node: HTMLElement) => {
    let frame = 0;
    const overflows = () => node.scrollWidth > node.clientWidth + 1;

    const run = () => {
      frame = 0;
      const style = node.style;
      style.fontSize = '';
      style.whiteSpace = 'nowrap';
      style.textOverflow = 'clip';
      style.display = '';
      style.removeProperty('-webkit-line-clamp');
      style.removeProperty('-webkit-box-orient');
      style.lineHeight = '';
      if (node.clientWidth === 0) return;
      const base = parseFloat(getComputedStyle(node).fontSize);
      if (!overflows()) return;

      // Binary search for the largest single-line size that fits.
      let lo = Math.min(base, Math.max(base * min, floorPx));
      let hi = base;
      style.fontSize = `${lo}px`;
      if (!overflows()) {
        for (let i = 0; i < 7; i++) {
          const mid = (lo + hi) / 2;
          style.fontSize = `${mid}px`;
          if (overflows()) hi = mid;
          else lo = mid;
        }
        style.fontSize = `${lo}px`;
        return;
      }
      if (lines === 2) {
        style.fontSize = `${Math.min(base, Math.max(base * twoLineScale, floorPx))}px`;
        style.whiteSpace = 'normal';
        style.lineHeight = '1.1';
        style.display = '-webkit-box';
        style.setProperty('-webkit-line-clamp', '2');
        style.setProperty('-webkit-box-orient', 'vertical');
        return;
      }
      style.textOverflow = 'ellipsis';
    };

    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(run);
    };

    run();
    const resize = new ResizeObserver(schedule);
    resize.observe(node);
    const mutation = new MutationObserver(schedule);
    mutation.observe(node, { childList: true, characterData: true, subtree: true });
    // Web fonts arriving late change every width.
    void document.fonts?.ready.then(schedule);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      resize.disconnect();
      mutation.disconnect();
    };
  };
}
