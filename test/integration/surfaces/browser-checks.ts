/** What every page test checks in the real Chromium: no sideways scrolling, and axe-core's serious and critical violations. */
import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** The little of the browser's DOM the page functions touch (the tests compile without the DOM library). */
interface BrowserDocument {
  document: {
    documentElement: { clientWidth: number; scrollWidth: number };
    querySelectorAll(selector: string): ArrayLike<{ tagName: string; className: string; getBoundingClientRect(): { left: number; right: number } }>;
  };
}

/** Fails with the offending elements when anything is wider than the viewport (or the page scrolls sideways). */
export async function expectNoHorizontalOverflow(page: Page, width: number): Promise<void> {
  const overflow = await page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserDocument;
    const limit = document.documentElement.clientWidth;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > limit + 0.5 || element.getBoundingClientRect().left < -0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${Math.round(element.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, limit, wide };
  });
  expect({ width, ...overflow }).toEqual({ width, scrollWidth: overflow.limit, limit: overflow.limit, wide: [] });
}

/** axe-core's serious and critical violations of the page (run in the page; its context must bypass the CSP to inject axe). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run());
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')})`);
}
