import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { TestPortal, TestUser } from './portal.js';

/** Debian's Chromium: Playwright cannot download a browser build of its own here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium for one test file. Playwright's `launch` starts it on a fresh temporary profile of its
 * own and deletes that profile on `close()` (it refuses a `--user-data-dir` argument: only
 * `launchPersistentContext` takes a profile directory, and that one cannot open more contexts). Each test
 * opens its own context, so tests share no cookies or storage.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\`, ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Fewer background features and renderer processes: the partner journey took 33-36 s instead of
      // 40-42 s of test time with these, measured alone on this two-core machine.
      '--disable-extensions',
      '--disable-dev-shm-usage',
      '--mute-audio',
      '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,PaintHolding',
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-ipc-flooding-protection',
      '--renderer-process-limit=2',
    ],
  });
}

/** A fresh browser context (no cookies) on the test portal, at a laptop-sized viewport. */
export function newPortalContext(browser: Browser, test: TestPortal): Promise<BrowserContext> {
  return browser.newContext({ baseURL: test.url, viewport: { width: 1280, height: 720 } });
}

/**
 * Signs the context in as `user` by giving it the cookies of the user's real session (as epic-stack's
 * playwright-utils does), instead of typing into the sign-in form.
 */
export async function signInBrowser(
  context: BrowserContext,
  test: TestPortal,
  user: TestUser,
): Promise<void> {
  const domain = new URL(test.url).hostname;
  const cookies = user.cookie
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1) };
    });
  if (!cookies.some((cookie) => cookie.name.endsWith('better-auth.session_token'))) {
    throw new Error(`The user's cookie has no session token: ${user.cookie}`);
  }
  await context.addCookies(
    cookies.map((cookie) => ({
      ...cookie,
      domain,
      path: '/',
      httpOnly: true,
      secure: false,
      sameSite: 'Lax' as const,
    })),
  );
}

/**
 * The browser of one test file and the contexts its tests open: each page gets a fresh context (no cookies from
 * another test), and `closePages()` after each test closes them all. Scans that only open a page and look at it
 * may share one kept page per person instead (`keptPage`), which stays open until `close()`.
 */
export class BrowserPages {
  private readonly contexts: BrowserContext[] = [];
  private readonly kept = new Map<string, Promise<Page>>();

  private constructor(
    readonly browser: Browser,
    private readonly test: TestPortal,
  ) {}

  static async launch(test: TestPortal): Promise<BrowserPages> {
    return new BrowserPages(await launchBrowser(), test);
  }

  /** A page in a fresh context on the test portal, anonymous unless `user` is given. */
  async newPage(user?: TestUser): Promise<Page> {
    const context = await this.newContext(user);
    this.contexts.push(context);
    return context.newPage();
  }

  /**
   * The one page kept for `user` (or for anonymous visits), opened on first use: a context costs more than a
   * navigation, so tests that only navigate and check a page reuse it. Not for tests that type, submit or sign in.
   */
  keptPage(user?: TestUser): Promise<Page> {
    const key = user?.email ?? '';
    let page = this.kept.get(key);
    if (!page) {
      page = this.newContext(user).then((context) => context.newPage());
      this.kept.set(key, page);
    }
    return page;
  }

  private async newContext(user?: TestUser): Promise<BrowserContext> {
    const context = await newPortalContext(this.browser, this.test);
    context.setDefaultTimeout(10_000);
    if (user) await signInBrowser(context, this.test, user);
    return context;
  }

  async closePages(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((context) => context.close()));
  }

  async close(): Promise<void> {
    await this.closePages();
    // Closing the browser closes the kept pages' contexts with it.
    await this.browser.close();
  }
}

/** axe-core's own build, evaluated in the page: what `@axe-core/playwright` injects, without its extra work. */
const AXE_SOURCE = readFileSync(
  // The axe-core that @axe-core/playwright depends on (and so is installed with it).
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve(
    'axe-core/axe.min.js',
  ),
  'utf8',
);

/** The width of a small phone (an iPhone 12–15): no page may scroll sideways there (WCAG 1.4.10, reflow). */
export const PHONE_WIDTH = 390;

/** The elements (up to five) that stick out past the viewport's right edge, if the page scrolls sideways. */
function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((element) => element.outerHTML.slice(0, 120));
  });
}

/** axe-core's violations on the page as it is now, by every rule axe runs by default (as AxeBuilder ran them). */
async function axeViolations(page: Page): Promise<AxeResults['violations']> {
  // One evaluation of axe's source per document, only where a scan runs: no blank page, no per-frame injection.
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(AXE_SOURCE);
  // `resultTypes` only spares axe from listing every element that passes; it runs the same rules.
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return results.violations;
}

/**
 * Fails listing every serious or critical axe-core violation on the page as it is now, or the elements that
 * make it scroll sideways (WCAG 1.4.10, reflow: axe does not check it) at its own width and at a phone's
 * width ({@link PHONE_WIDTH}); the message names the page.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const overflowing = await sidewaysOverflow(page);
  if (overflowing.length > 0) {
    throw new Error(`${page.url()} scrolls sideways; too wide:\n${overflowing.join('\n')}`);
  }
  await expectNoSidewaysScrollAtPhoneWidth(page);
  await expectDestructiveActionsAskFirst(page);
  const serious = (await axeViolations(page)).filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  if (serious.length === 0) return;
  const report = serious
    .map((violation) => {
      const targets = violation.nodes.map((node) => `    ${JSON.stringify(node.target)}  ${node.html}`);
      return [`  ${violation.id} (${violation.impact}): ${violation.help}`, ...targets].join('\n');
    })
    .join('\n');
  throw new Error(`Accessibility violations on ${page.url()}:\n${report}`);
}

/**
 * Every destructive button (the `warning` variant) either asks first (its form carries the confirmation the
 * dialog shows, and the server asks on a page of its own without JavaScript) or is itself the answer to that
 * question (the confirmation page's form, which sends `confirmed=yes`).
 */
async function expectDestructiveActionsAskFirst(page: Page): Promise<void> {
  const unasked = await page.evaluate(() =>
    Array.from(document.querySelectorAll('form button.warning'))
      .map((button) => button.closest('form'))
      .filter(
        (form): form is HTMLFormElement =>
          form !== null &&
          !form.hasAttribute('data-confirm-title') &&
          form.querySelector('input[name="confirmed"][value="yes"]') === null,
      )
      .map((form) => `${form.getAttribute('action') ?? '(no action)'}: ${form.textContent.trim()}`),
  );
  if (unasked.length > 0) {
    throw new Error(`${page.url()} has destructive actions that do not ask first:\n${unasked.join('\n')}`);
  }
}

/** Narrows the page to a phone's width, fails if it then scrolls sideways, and gives it its width back. */
async function expectNoSidewaysScrollAtPhoneWidth(page: Page): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport || viewport.width <= PHONE_WIDTH) return; // already checked at its own width
  await page.setViewportSize({ width: PHONE_WIDTH, height: viewport.height });
  try {
    const overflowing = await sidewaysOverflow(page);
    if (overflowing.length > 0) {
      throw new Error(
        `${page.url()} scrolls sideways at ${PHONE_WIDTH} px wide; too wide:\n${overflowing.join('\n')}`,
      );
    }
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** Where an element sits relative to the viewport, for "the page landed on it" assertions. */
export interface ViewportPosition {
  /** The element's top edge, in CSS pixels from the top of the viewport. */
  top: number;
  bottom: number;
  viewportHeight: number;
  scrollY: number;
  /** Its top edge is inside the viewport (so its heading is visible), give or take a subpixel. */
  topVisible: boolean;
}

export function viewportPosition(locator: Locator): Promise<ViewportPosition> {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return {
      top: rect.top,
      bottom: rect.bottom,
      viewportHeight: window.innerHeight,
      scrollY: window.scrollY,
      topVisible: rect.top > -1 && rect.top < window.innerHeight,
    };
  });
}

/** Whether the element the locator finds has the keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/** Describes the focused element, e.g. `a "Skip to content"` or `main#main`, for readable assertions. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const tag = element.tagName.toLowerCase();
    if (element.id) return `${tag}#${element.id}`;
    return `${tag} "${element.textContent.trim()}"`;
  });
}
