import { describe, expect, it } from 'vitest';
import { scrollTopToShow } from './keep-in-view';

describe('scrollTopToShow', () => {
  const region = { scrollTop: 100, clientHeight: 300 };
  it('leaves a region still when the row is already in view', () => {
    expect(scrollTopToShow({ top: 150, height: 30 }, region)).toBe(100);
    expect(scrollTopToShow({ top: 100, height: 300 }, region)).toBe(100);
  });
  it('scrolls up to a row above the view, never past the top', () => {
    expect(scrollTopToShow({ top: 40, height: 30 }, region)).toBe(40);
    expect(scrollTopToShow({ top: 4, height: 30 }, region, 8)).toBe(0);
  });
  it('scrolls down just enough for a row below the view, margin included', () => {
    expect(scrollTopToShow({ top: 500, height: 30 }, region)).toBe(230);
    expect(scrollTopToShow({ top: 500, height: 30 }, region, 10)).toBe(240);
  });
  it('shows the top of a row taller than the region', () => {
    expect(scrollTopToShow({ top: 600, height: 400 }, region)).toBe(600);
  });
});
