import { expect } from 'vitest';

/**
 * What makes an HTML report stand alone: no script, no element that fetches (but a `data:`
 * favicon), no URL anywhere (the SVG namespace is a name, not a request), and a
 * Content-Security-Policy forbidding every fetch should one slip in.
 */
export function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script\b/i);
  expect(html).not.toMatch(/<(img|link|iframe|object|embed)\b(?![^>]*href="data:)/i);
  expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|\/\//);
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
}
