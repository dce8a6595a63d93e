import type { Page } from 'playwright-core';
import type { VNode } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineLifecycle } from '../../src/platform/ui/badge.js';
import {
  ActionButton,
  ChoiceField,
  DataTable,
  DateTime,
  EmptyState,
  FilterBar,
  FilterInput,
  FilterSelect,
  Form,
  Layout,
  renderPage,
  SelectField,
  StatCards,
  StatusBadge,
  StepIndicator,
  SummaryList,
  Tag,
  TextArea,
  TextField,
  type Confirmation,
  type FormState,
  type PageContext,
} from '../../src/platform/ui/index.js';
import { BrowserPages, expectNoSeriousA11yViolations, focusedElement } from '../helpers/browser.js';
import { signedInUser, startTestPortal, type TestPortal } from '../helpers/portal.js';

// Each component of the UI vocabulary on a page of its own, as the server renders it with the portal's styles
// and script, checked by axe and for sideways scrolling at a phone's width, and where it has behaviour, used.

let test: TestPortal;
let pages: BrowserPages;
let page: Page;

const ctx: PageContext = {
  programName: 'Regional Partner Program',
  path: '/gallery',
  query: {},
  actor: null,
  csrf: () => 'gallery-token-0123456789abcdefghijk',
  notice: undefined,
};

const LIFECYCLE = defineLifecycle({
  open: { label: 'Open', tone: 'warning' },
  answered: { label: 'Answered', tone: 'success' },
  closed: { label: 'Closed', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
  sending: { label: 'Sending', tone: 'progress' },
  queued: { label: 'Waiting to send', tone: 'info' },
});

const REMOVE: Confirmation = {
  title: 'Remove King County, WA?',
  message: 'The finder will no longer send people in King County, WA to Cascade CS. This cannot be undone.',
  confirmLabel: 'Remove the region',
};

interface Example {
  name: string;
  input: string;
  choice: string;
  courses: string[];
}

const refused: FormState<Example> = {
  values: { name: 'a very long name that goes on', input: '', choice: '', courses: ['csp'] },
  errors: [
    { path: 'name', message: 'Keep the name under 20 characters.' },
    { path: 'input', message: 'Write something.' },
    { path: 'choice', message: 'Choose one.' },
    { path: 'courses', message: 'Choose the courses you offer.' },
  ],
  message: 'Some fields need attention.',
};

const ROWS = Array.from({ length: 3 }, (_, index) => ({
  id: String(index),
  name: `Partner with a long name number ${index}`,
  email: `someone.with.a.long.address-${index}@example.org`,
  createdAt: '2026-12-01T14:05:00.000Z',
  status: 'open' as const,
}));

/** Each component's example, as a page. */
const GALLERY: Record<string, () => VNode> = {
  'status badges and tags': () => (
    <p>
      {(['open', 'answered', 'closed', 'failed', 'sending', 'queued'] as const).map((status) => (
        <StatusBadge key={status} lifecycle={LIFECYCLE} status={status} />
      ))}
      <Tag tone="info">Unread</Tag>
    </p>
  ),
  'a refused form': () => (
    <Form ctx={ctx} action="/gallery" form={refused} submit="Save">
      <TextField form={refused} name="name" label="Name" hint="As it appears on the directory." />
      <TextArea form={refused} name="input" label="Description" />
      <SelectField
        form={refused}
        name="choice"
        label="A choice"
        placeholder="Choose one"
        options={[{ value: 'a', label: 'A' }]}
      />
      <ChoiceField
        form={refused}
        name="courses"
        legend="Courses offered"
        type="checkbox"
        options={[
          { value: 'csp', label: 'CS Principles' },
          { value: 'csd', label: 'CS Discoveries' },
        ]}
      />
    </Form>
  ),
  'a data table': () => (
    <>
      <FilterBar ctx={ctx} label="Filter partners" search="Search names">
        <FilterSelect
          ctx={ctx}
          name="status"
          label="Status"
          anyLabel="Any status"
          options={[{ value: 'open', label: 'Open' }]}
        />
        <FilterInput
          ctx={ctx}
          name="near"
          label="Near ZIP code"
          inputMode="numeric"
          short
          error="The ZIP code 00001 is not in the US ZIP code dataset; check it."
        />
        <FilterInput ctx={ctx} name="from" label="From" type="date" />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="partners"
        caption="Partners"
        page={{
          rows: ROWS,
          total: 60,
          query: { q: '', sort: 'name', direction: 'asc', page: 2, pageSize: 25 },
        }}
        rowKey={(row) => row.id}
        columns={[
          { label: 'Name', sort: 'name', cell: (row) => <a href={`/partners/${row.id}`}>{row.name}</a> },
          { label: 'Email', cell: (row) => row.email },
          { label: 'Created', sort: 'created', cell: (row) => <DateTime iso={row.createdAt} /> },
          { label: 'Status', cell: (row) => <StatusBadge lifecycle={LIFECYCLE} status={row.status} /> },
          { label: 'Regions', numeric: true, cell: () => 3 },
        ]}
        empty={<EmptyState title="No partners" />}
      />
    </>
  ),
  'an empty state': () => (
    <EmptyState title="No inquiries match">
      Choose another status, or <a href="/inbox?status=all">show every inquiry</a>.
    </EmptyState>
  ),
  'stat cards': () => (
    <StatCards
      label="Waiting for you"
      stats={[
        {
          label: 'applications to review',
          value: 3,
          href: '/staff/applications?status=submitted',
          tone: 'warning',
        },
        {
          label: 'unread inquiries',
          value: 0,
          href: '/inbox?unread=yes',
          tone: 'info',
          detail: 'none today',
        },
      ]}
    />
  ),
  'a step indicator': () => (
    <StepIndicator
      label="Application steps"
      steps={[
        { label: 'Organizations', href: '/a/1', state: 'done' },
        { label: 'Region', href: '/a/2', state: 'current' },
        { label: 'Staffing', href: '/a/3', state: 'todo' },
        { label: 'Check and submit', state: 'todo' },
      ]}
    />
  ),
  'a summary list': () => (
    <SummaryList
      rows={[
        { key: 'Email', value: <a href="mailto:a@example.org">a@example.org</a> },
        {
          key: 'Regions',
          value:
            'King County, WA; a-very-long-unbroken-word-that-must-wrap-rather-than-widen-the-page-at-all',
          change: { href: '/a/2', label: 'the regions' },
        },
      ]}
    />
  ),
  'an action that asks first': () => (
    <ActionButton ctx={ctx} action="/gallery/remove" label="Remove" variant="warning" confirm={REMOVE} />
  ),
};

beforeAll(async () => {
  test = await startTestPortal();
  pages = await BrowserPages.launch(test);
  // Signed in, so that the header shows a person; the pages are the gallery's, served at the portal's origin so
  // that its styles and script load under its security headers.
  page = await pages.newPage(await signedInUser(test, 'participant'));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.route(`${test.url}/gallery/**`, async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.slice('/gallery/'.length));
    const example = GALLERY[name];
    await route.fulfill({
      status: example ? 200 : 404,
      contentType: 'text/html; charset=utf-8',
      body: example
        ? renderPage(
            <Layout ctx={ctx} title={name}>
              <h1>{name}</h1>
              {example()}
            </Layout>,
          )
        : 'no such example',
    });
  });
});
afterAll(async () => {
  await pages.close();
  await test.close();
});

async function show(name: string): Promise<void> {
  await page.goto(`${test.url}/gallery/${encodeURIComponent(name)}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('every component of the UI vocabulary is accessible and fits a phone', { timeout: 60_000 }, () => {
  it.each(Object.keys(GALLERY))('%s', async (name) => {
    await show(name);
    await expectNoSeriousA11yViolations(page);
  });
});

describe('the components with behaviour', { timeout: 60_000 }, () => {
  it('a refused form: the summary takes the focus and links to each field, which says the same', async () => {
    await show('a refused form');
    expect(await focusedElement(page)).toMatch(/^div "There is a problem/);
    await page.getByRole('link', { name: 'Keep the name under 20 characters.' }).click();
    expect(new URL(page.url()).hash).toBe('#field-name');
    const name = page.getByLabel('Name', { exact: true });
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toBe('field-name-hint field-name-error');
    expect(await page.locator('#field-name-error').textContent()).toBe(
      'Error: Keep the name under 20 characters.',
    );
  });

  it('an action that asks first: a dialog says what will happen; going back changes nothing', async () => {
    await show('an action that asks first');
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.postData() ?? '');
    });
    await page.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: REMOVE.title });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(REMOVE.message);
    // The safe choice has the focus: a slip of the Enter key goes back.
    expect(await focusedElement(page)).toBe('button "No, go back"');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(posts).toEqual([]);

    await page.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: REMOVE.confirmLabel }).click();
    await expect.poll(() => posts.length).toBe(1);
    expect(new URLSearchParams(posts[0]).get('confirmed')).toBe('yes');
    expect(new URLSearchParams(posts[0]).get('_csrf')).toBe('gallery-token-0123456789abcdefghijk');
  });
});
