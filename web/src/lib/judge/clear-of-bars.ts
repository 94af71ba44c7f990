/**
 * Keeps what the page scrolls to clear of the tablet's sticky bars (issue #16): the sheet's footer
 * (total and buttons) at the bottom and the device bar at the top. Their heights, measured as they
 * change (the footer grows with a status line, the bar wraps in portrait), become the document's
 * scroll-padding, which every scroll into view (a focused field, a criterion brought into view)
 * respects. A Svelte action on the footer; the padding goes when the footer does.
 */
let footers = 0;

export function clearOfBars(footer: HTMLElement) {
  footers += 1;
  const root = document.documentElement;
  const top = document.querySelector<HTMLElement>('.device-bar');
  const GAP = 12;
  const measure = () => {
    root.style.scrollPaddingBottom = `${footer.offsetHeight + GAP}px`;
    root.style.scrollPaddingTop = top ? `${top.offsetHeight + GAP}px` : '';
  };
  const observer = new ResizeObserver(measure);
  observer.observe(footer);
  if (top) observer.observe(top);
  measure();
  return {
    destroy() {
      observer.disconnect();
      // The next sheet's footer may already be in place (a {#key} swap): its padding stays.
      if (--footers > 0) return;
      root.style.scrollPaddingBottom = '';
      root.style.scrollPaddingTop = '';
    },
  };
}
