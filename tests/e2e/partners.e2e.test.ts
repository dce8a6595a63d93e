import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { submitInquiry } from '../../src/modules/inquiries/inquiries.service.js';
import type { Partner } from '../../src/modules/partners/partners.schemas.js';
import { BrowserPages, isFocused } from '../helpers/browser.js';
import { signedInUser, startTestPortal, type TestPortal, type TestUser } from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';
import { SmtpSink } from '../helpers/smtp-sink.js';

// A visitor finds their Regional Partner (by ZIP code and on the map) and writes to it; the partner's program
// manager answers in the inbox, and another partner's manager cannot see the question. Real server, real
// browser, real SMTP.

let sink: SmtpSink;
let test: TestPortal;
let pages: BrowserPages;
let partnerA: Partner;
let partnerB: Partner;

const YEAR = '2027-28';
const A = {
  name: 'Cascade Computing Partners',
  contact: 'Dana Reyes',
  email: 'hello@cascade-cs.example.org',
};
const B = { name: 'Willamette CS Alliance', contact: 'Omar Haddad', email: 'team@willamette-cs.example.org' };
const MAP_NAME = `Map of the states by Regional Partner coverage, ${YEAR}`;

function seedServing(partner: typeof A, region: string): Promise<Partner> {
  return seedPartner(test, {
    year: YEAR,
    name: partner.name,
    regions: [region],
    input: {
      contactName: partner.contact,
      contactEmail: partner.email,
      coursesOffered: ['CS Discoveries', 'CS Principles'],
    },
  });
}

beforeAll(async () => {
  sink = new SmtpSink();
  test = await startTestPortal({ SMTP_URL: await sink.start() });
  await seedYears(test, [YEAR], YEAR);
  partnerA = await seedServing(A, 'WA');
  partnerB = await seedServing(B, 'OR');
  pages = await BrowserPages.launch(test);
});
afterEach(async () => {
  await pages.closePages();
});
afterAll(async () => {
  // Any of them is missing if beforeAll failed half-way.
  await (pages as BrowserPages | undefined)?.close();
  await (test as TestPortal | undefined)?.close();
  await (sink as SmtpSink | undefined)?.close();
});

/** A page in a fresh browser context (anonymous unless `user` is given), closed after the test. */
function newPage(user?: TestUser): Promise<Page> {
  return pages.newPage(user);
}

/** The path and query of the page's address, e.g. `/find?state=WA`. */
function location(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/** Waits until the page is at `path` (path and query) and its new document is parsed. */
async function expectAt(page: Page, path: string): Promise<void> {
  await expect.poll(() => location(page)).toBe(path);
  await page.waitForLoadState('domcontentloaded');
}

function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.org`;
}

/** The finder's answer card for a partner (an article named by its heading). */
function partnerCard(page: Page, name: string): Locator {
  return page.getByRole('region', { name: /^Your Regional Partner/ }).getByRole('article', { name });
}

/** What an inquiry page says for one of its facts ("Status", "Routed to", …). */
function inquiryFact(page: Page, term: string): Promise<string | null> {
  return page
    .locator('.summary-row', { has: page.locator(`dt:text-is("${term}")`) })
    .locator('dd')
    .textContent();
}

/** A question sent as the contact form sends it, routed by its ZIP code. */
async function seedInquiry(fields: { name: string; zip: string; message: string }) {
  const email = uniqueEmail('sender');
  const { id } = await submitInquiry(test.deps, { input: { ...fields, email, role: 'teacher' } });
  return { id, email };
}

/** The rows of the inbox table, as links to the inquiries they list. */
async function inboxLinks(page: Page): Promise<(string | null)[]> {
  await page.getByRole('heading', { level: 1, name: 'Inquiries' }).waitFor();
  // The rows' links, not the column headings' (which sort).
  const links = page.getByRole('table').locator('tbody').getByRole('link');
  return Promise.all((await links.all()).map((link) => link.getAttribute('href')));
}

/** Chooses a status in the inbox's filter and shows the list. */
async function showInboxStatus(page: Page, label: 'Open' | 'Answered' | 'Closed' | 'All') {
  await page.getByLabel('Status').selectOption({ label });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe(label.toLowerCase());
  await page.waitForLoadState('domcontentloaded');
}

describe('finding a partner', () => {
  it('by ZIP code: ZIP+4 typed in the form shows the partner serving it, with its contact', async () => {
    const page = await newPage();
    await page.goto('/find');
    await page.getByLabel('ZIP code', { exact: true }).fill('98101-1234');
    await page.getByRole('button', { name: 'Find a partner' }).click();

    await expect.poll(() => new URL(page.url()).searchParams.get('zip')).toBe('98101-1234');
    await page.waitForLoadState('domcontentloaded');
    const card = partnerCard(page, A.name);
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toBe(A.name);
    expect(await card.locator('.matched').textContent()).toBe(`${A.name} serves Washington.`);
    expect(await card.textContent()).toContain('Seattle, King County, Washington');
    const mail = card.getByRole('link', { name: A.email });
    expect(await mail.getAttribute('href')).toBe(`mailto:${A.email}`);
    expect(await card.textContent()).toContain(A.contact);
    expect(await card.getByRole('link', { name: 'Contact this partner' }).getAttribute('href')).toBe(
      '/contact?zip=98101',
    );
    // The typed ZIP code stays in the field; partner B is nowhere in the answer.
    expect(await page.getByLabel('ZIP code', { exact: true }).inputValue()).toBe('98101-1234');
    const answer = page.getByRole('region', { name: /^Your Regional Partner/ });
    expect(await answer.textContent()).not.toContain(B.name);
  });

  it('on the map: clicking Washington answers for the state, and the table lists its partner', async () => {
    const page = await newPage();
    await page.goto('/find');
    const map = page.getByRole('group', { name: MAP_NAME });
    const washington = map.getByRole('link', { name: /^Washington/ });
    // The state's name says who serves it, for those who cannot see its colour.
    expect(await washington.getAttribute('aria-label')).toBe(`Washington: served by ${A.name}`);
    expect(await map.getByRole('link', { name: /^Oregon/ }).getAttribute('aria-label')).toBe(
      `Oregon: served by ${B.name}`,
    );

    await washington.click();

    await expectAt(page, '/find?state=WA');
    const card = partnerCard(page, A.name);
    await card.waitFor();
    expect(await card.locator('.matched').textContent()).toBe(`${A.name} serves Washington.`);
    expect(await card.getByRole('link', { name: A.email }).getAttribute('href')).toBe(`mailto:${A.email}`);
    expect(await card.getByRole('link', { name: 'Contact this partner' }).getAttribute('href')).toBe(
      '/contact?state=WA',
    );
    // The state picker shows the state chosen on the map.
    expect(await page.getByLabel('Or your state or territory').inputValue()).toBe('WA');

    const table = page.getByRole('table', { name: `Regional Partners by state and territory, ${YEAR}` });
    const row = (state: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: state, exact: true }) });
    expect(await row('Washington').getByRole('cell').allTextContents()).toEqual([
      'Served',
      `${A.name} (whole state)`,
    ]);
    expect(await row('Oregon').getByRole('cell').allTextContents()).toEqual([
      'Served',
      `${B.name} (whole state)`,
    ]);
    expect(await row('Idaho').getByRole('cell').allTextContents()).toEqual(['Not served', 'None yet']);

    // Writing to the partner from here names the state, since no ZIP code was given.
    await card.getByRole('link', { name: 'Contact this partner' }).click();
    await expectAt(page, '/contact?state=WA');
    expect(await page.getByLabel('State (optional)').inputValue()).toBe('WA');
    expect(await page.getByLabel('ZIP code (optional)').inputValue()).toBe('');
  });
});

// Some fifty key presses, each followed by a look at the focus: slow on a busy two-core machine.
describe('keyboard', { timeout: 60_000 }, () => {
  it('Tab reaches the states on the map, shows where the focus is, and Enter opens the state', async () => {
    const page = await newPage();
    await page.goto('/find');
    const map = page.getByRole('group', { name: MAP_NAME });
    const washington = map.getByRole('link', { name: /^Washington/ });
    const stateCount = await map.getByRole('link').count();
    expect(stateCount).toBe(51);
    /** The name of the state on the map that has the focus, or what has the focus instead. */
    const focusedState = () =>
      page.evaluate(() => {
        const element = document.activeElement;
        if (element && element.closest('svg.us-map a') === element) return element.getAttribute('aria-label');
        return `not a state: ${element?.outerHTML.slice(0, 80) ?? 'nothing'}`;
      });

    // From the link just before the map, Tab goes into the map and on from state to state.
    await page.getByRole('link', { name: 'the directory of every partner' }).focus();
    await page.keyboard.press('Tab');
    const passed: string[] = [];
    let state = await focusedState();
    while (state !== null && !state.startsWith('Washington') && passed.length < stateCount) {
      expect(state).toMatch(/^[A-Z][A-Za-z .]+: (served|partly served|not served)/);
      passed.push(state);
      await page.keyboard.press('Tab');
      state = await focusedState();
    }
    expect(state).toBe(`Washington: served by ${A.name}`);
    // Each press moved to another state.
    expect(new Set(passed).size).toBe(passed.length);
    expect(await isFocused(washington)).toBe(true);

    // The focused state is marked: a focus outline on the link and a heavier border on its shape.
    const focusStyle = await washington.evaluate((link) => {
      const shape = link.querySelector('path');
      return {
        focusVisible: link.matches(':focus-visible'),
        outline: getComputedStyle(link).outlineStyle,
        outlineWidth: getComputedStyle(link).outlineWidth,
        stroke: shape ? getComputedStyle(shape).strokeWidth : '',
      };
    });
    expect(focusStyle).toEqual({
      focusVisible: true,
      outline: 'solid',
      outlineWidth: '3px',
      stroke: '2.5px',
    });
    const oregonStroke = await map
      .getByRole('link', { name: /^Oregon/ })
      .locator('path')
      .evaluate((shape) => getComputedStyle(shape).strokeWidth);
    expect(oregonStroke).toBe('0.75px');

    await page.keyboard.press('Enter');

    await expectAt(page, '/find?state=WA');
    await partnerCard(page, A.name).waitFor();
  });
});

// Argon2 sign-ins, several page loads and mail delivery: slow on a busy two-core machine.
describe('an inquiry from the finder to the partner’s inbox', { timeout: 60_000 }, () => {
  it('"Contact this partner" pre-fills the ZIP code; the question reaches the partner, and the sender a confirmation', async () => {
    const sender = { name: 'Nia Okafor', email: uniqueEmail('nia') };
    const message = 'Is there a CS Discoveries workshop near Seattle this summer?';
    const page = await newPage();
    await page.goto('/find?zip=98101');
    await partnerCard(page, A.name).getByRole('link', { name: 'Contact this partner' }).click();

    await expectAt(page, '/contact?zip=98101');
    await page.getByRole('heading', { level: 1, name: 'Contact us' }).waitFor();
    expect(await page.getByLabel('ZIP code (optional)').inputValue()).toBe('98101');
    await page.getByLabel('Your name').fill(sender.name);
    await page.getByLabel('Your email address').fill(sender.email);
    await page.getByLabel('Which describes you best?').selectOption({ label: 'Teacher' });
    await page.getByLabel('Your question').fill(message);
    await page.getByRole('button', { name: 'Send your question' }).click();

    await expect.poll(() => new URL(page.url()).pathname).toBe('/contact/sent');
    await page.getByRole('heading', { level: 1, name: 'Your question is sent' }).waitFor();
    const reference = new URL(page.url()).searchParams.get('ref') ?? '';
    expect(await page.getByRole('status').textContent()).toContain(`Your reference: ${reference}`);
    expect(await page.getByRole('main').textContent()).toContain(
      `${A.name}, the Regional Partner serving your area, will answer you by email.`,
    );

    // The partner's public contact address gets the question, with a link to answer it in the portal.
    const toPartner = await sink.waitFor((mail) => mail.to.includes(A.email) && mail.text.includes(message));
    expect(toPartner.subject).toBe('New question from the Regional Partner Program contact form');
    expect(toPartner.text).toContain(`From: ${sender.name}, ${sender.email}`);
    expect(toPartner.text).toContain('Where: ZIP code 98101 (WA)');
    const id = new RegExp(`${test.url}/inbox/([\\w-]+)`).exec(toPartner.text)?.[1];
    expect(id, toPartner.text).toBeTruthy();
    const stored = await test.deps.db.kysely
      .selectFrom('inquiries')
      .select(['partnerId', 'status', 'zip'])
      .where('id', '=', id ?? '')
      .executeTakeFirst();
    expect(stored).toEqual({ partnerId: partnerA.id, status: 'open', zip: '98101' });

    // The sender is told who will answer, without their message repeated.
    const receipt = await sink.waitFor((mail) => mail.to.includes(sender.email));
    expect(receipt.subject).toBe('We received your question to the Regional Partner Program');
    expect(receipt.text).toContain(`Hello ${sender.name}`);
    expect(receipt.text).toContain(`${A.name}, the Regional Partner serving your area, will answer you`);
    expect(receipt.text).not.toContain(message);
  });

  it('partner A’s manager signs in with the form, reads the question, replies and closes it', async () => {
    const sender = 'Ruth Alvarez';
    const message = 'Do you run a workshop for counselors in Tacoma?';
    const inquiry = await seedInquiry({ name: sender, zip: '98402', message });
    const manager = await signedInUser(test, 'program_manager', partnerA.id);
    const page = await newPage();

    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(manager.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/sign-in');
    await page.waitForLoadState('domcontentloaded');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await expectAt(page, '/inbox');
    expect(await inboxLinks(page)).toContain(`/inbox/${inquiry.id}`);
    await page.getByRole('table').getByRole('link', { name: sender }).click();

    await expectAt(page, `/inbox/${inquiry.id}`);
    await page.getByRole('heading', { level: 1, name: `Question from ${sender}` }).waitFor();
    expect(await page.locator('.inquiry-text').first().textContent()).toBe(message);
    expect(await inquiryFact(page, 'Status')).toBe('Open');
    expect(await inquiryFact(page, 'Email')).toBe(inquiry.email);
    expect(await inquiryFact(page, 'Routed to')).toBe(`${A.name} (${YEAR})`);

    const answer = 'Yes: our counselor workshop is on June 12 in Tacoma. We will send you the details.';
    await page.getByLabel('Your reply').fill(answer);
    await page.getByRole('button', { name: 'Send the reply' }).click();

    await expectAt(page, `/inbox/${inquiry.id}?notice=inquiry-replied`);
    expect(await page.getByRole('status').textContent()).toBe(
      'Your reply is sent to the sender, and the inquiry is marked answered.',
    );
    expect(await inquiryFact(page, 'Status')).toBe('Answered');
    const history = page.locator('ol.inquiry-history > li');
    expect(await history.count()).toBe(2);
    expect(await history.nth(1).textContent()).toContain(`Replied by ${manager.email}`);
    expect(await history.nth(1).textContent()).toContain(answer);
    const reply = await sink.waitFor((mail) => mail.to.includes(inquiry.email) && mail.text.includes(answer));
    expect(reply.subject).toBe('An answer to your question to the Regional Partner Program');
    expect(reply.text).toContain(`${A.name} answered your question`);
    expect(reply.text).toContain(`> ${message}`);
    expect(reply.text).toContain(`To write back, email ${A.email}.`);

    // Answered, it has left the inbox's open list for the answered one, from which the manager closes it.
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await expectAt(page, '/inbox');
    expect(await inboxLinks(page)).not.toContain(`/inbox/${inquiry.id}`);
    await showInboxStatus(page, 'Answered');
    expect(await inboxLinks(page)).toContain(`/inbox/${inquiry.id}`);
    await page.getByRole('table').getByRole('link', { name: sender }).click();
    await expectAt(page, `/inbox/${inquiry.id}`);
    await page.getByRole('button', { name: 'Close this inquiry' }).click();

    await expectAt(page, `/inbox/${inquiry.id}?notice=inquiry-closed`);
    expect(await page.getByRole('status').textContent()).toBe(
      'The inquiry is closed. You can reopen it below.',
    );
    expect(await inquiryFact(page, 'Status')).toBe('Closed');
    expect(await page.getByRole('button', { name: 'Reopen this inquiry' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Close this inquiry' }).count()).toBe(0);

    // Closed, it is in neither the open nor the answered list, only in the closed one.
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await expectAt(page, '/inbox');
    expect(await inboxLinks(page)).not.toContain(`/inbox/${inquiry.id}`);
    await showInboxStatus(page, 'Answered');
    expect(await inboxLinks(page)).not.toContain(`/inbox/${inquiry.id}`);
    await showInboxStatus(page, 'Closed');
    expect(await inboxLinks(page)).toContain(`/inbox/${inquiry.id}`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: sender }) });
    expect(await row.getByRole('cell').last().textContent()).toBe('Closed');
  });

  it('partner B’s manager gets a 404 for A’s inquiry, and does not find it in their inbox', async () => {
    const forA = await seedInquiry({ name: 'Sam Ortiz', zip: '98101', message: 'A question for partner A.' });
    const forB = await seedInquiry({ name: 'Lee Park', zip: '97201', message: 'A question for partner B.' });
    const managerB = await signedInUser(test, 'program_manager', partnerB.id);
    const page = await newPage(managerB);

    const response = await page.goto(`/inbox/${forA.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain('There is no such inquiry in your inbox.');
    expect(main).not.toContain('Sam Ortiz');
    expect(main).not.toContain('A question for partner A.');

    await page.goto('/inbox');
    await showInboxStatus(page, 'All');
    const links = await inboxLinks(page);
    expect(links).toContain(`/inbox/${forB.id}`);
    expect(links).not.toContain(`/inbox/${forA.id}`);
    // Only B's own question is there: none of A's, whichever status.
    expect(links).toEqual([`/inbox/${forB.id}`]);
  });
});
