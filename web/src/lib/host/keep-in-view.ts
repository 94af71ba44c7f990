/**
 * Where a scroll region's scrollTop goes so that one of its rows is wholly in view, moving as
 * little as possible (a row already in view keeps the region still). Positions are in the
 * region's content coordinates: `top` is the row's offset from the top of the scrolled content.
 * Scrolling the region itself, never the window, keeps the rest of the page where the host left it.
 */
export function scrollTopToShow(
  row: { top: number; height: number },
  region: { scrollTop: number; clientHeight: number },
  margin = 0,
): number {
  const above = row.top - margin;
  const below = row.top + row.height + margin - region.clientHeight;
  if (above < region.scrollTop) return Math.max(0, above);
  if (below > region.scrollTop) return Math.min(above, below);
  return region.scrollTop;
}

/** Scrolls `region` (and only it) so that `row`, one of its descendants, is in view. */
export function keepInView(region: HTMLElement, row: HTMLElement, margin = 0): void {
  const top = row.getBoundingClientRect().top - region.getBoundingClientRect().top - region.clientTop + region.scrollTop;
  const next = scrollTopToShow({ top, height: row.offsetHeight }, region, margin);
  if (next !== region.scrollTop) region.scrollTop = next;
}
