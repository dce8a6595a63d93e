import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';

// The accessibility check itself: it must fail on a page that breaks the rules, or every scan could pass unseen.

let browser: Browser;
let page: Page;
const ORIGIN = 'http://a11y-check.example';

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // Pages served by the test itself, at an address of their own that the failure message must name.
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: PAGES[new URL(route.request().url()).pathname] ?? 'no such page',
    }),
  );
});
afterAll(async () => {
  await (browser as Browser | undefined)?.close();
});

const head = '<!doctype html><html lang="en"><head><title>Check</title></head>';
const PAGES: Record<string, string> = {
  '/fine': `${head}<body><main><h1>Fine</h1><label for="q">Search</label><input id="q"></main></body></html>`,
  '/broken': `${head}<body><main><h1>Broken</h1><input id="unlabeled"><img src="/x.png"></main></body></html>`,
  '/wide-on-a-phone': `${head}<body><main><h1>Wide</h1><div id="wide" style="width: 800px">x</div></main></body></html>`,
};

describe('the accessibility check', { timeout: 30_000 }, () => {
  it('passes a page without problems', async () => {
    await page.goto(`${ORIGIN}/fine`);
    await expectNoSeriousA11yViolations(page);
  });

  it('fails on an unlabeled field and an image without a text alternative, naming rule, element and page', async () => {
    await page.goto(`${ORIGIN}/broken`);
    const failure = await expectNoSeriousA11yViolations(page).then(
      () => new Error('passed'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).toContain(`Accessibility violations on ${ORIGIN}/broken`);
    expect(failure.message).toMatch(/^ {2}image-alt \(critical\): /m);
    expect(failure.message).toContain('<img src="/x.png">');
    expect(failure.message).toMatch(/^ {2}label \(critical\): /m);
    expect(failure.message).toContain('["#unlabeled"]');
  });

  it('fails on a page that fits a laptop but scrolls sideways on a phone, and gives the page its width back', async () => {
    await page.goto(`${ORIGIN}/wide-on-a-phone`);
    await expect(expectNoSeriousA11yViolations(page)).rejects.toThrow(
      `${ORIGIN}/wide-on-a-phone scrolls sideways at 390 px wide; too wide:\n<div id="wide"`,
    );
    expect(page.viewportSize()).toEqual({ width: 1280, height: 720 });
  });
});
