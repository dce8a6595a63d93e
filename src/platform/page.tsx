import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Actor } from './actor.js';

/** What every page needs from the request: who is looking, and where they are. */
export interface PageContext {
  programName: string;
  path: string;
  actor: Actor | null;
  /** The form token; calling it sets the token cookie, so only pages with forms call it. */
  csrf: () => string;
  /** A confirmation to show at the top of the page, after a redirect (see NOTICES). */
  notice: string | undefined;
}

/**
 * Confirmations a redirect may ask a page to show, by code: a free-text query parameter would let anyone put
 * their words on the portal's pages.
 */
export const NOTICES = {
  welcome: 'Welcome! Your account is ready. We have sent you a link to confirm your email address.',
  'signed-out': 'You are signed out.',
  'password-changed': 'Your password is changed. Sign in with the new one.',
  'faq-added': 'The question is added.',
  'faq-saved': 'Your changes are saved and published.',
  'faq-removed': 'The question is removed.',
  'import-done': 'The import is saved.',
  'partner-saved': 'The partner is saved.',
  'region-added': 'The region is assigned.',
  'region-removed': 'The region is removed.',
  'invitation-sent': 'The invitation is sent.',
  'year-saved': 'The program year is saved.',
  'inquiry-sent': 'Thank you: your question is sent. We have emailed you a confirmation of who will answer.',
  'inquiry-replied': 'Your reply is sent to the sender, and the inquiry is marked answered.',
  'inquiry-closed': 'The inquiry is closed. You can reopen it below.',
  'inquiry-reopened': 'The inquiry is reopened.',
  'inquiry-rerouted': 'The inquiry is passed on, and its new handler is emailed.',
  'eligibility-connected':
    'Thank you: your message is sent to the Regional Partner. We have emailed you a confirmation.',
  'resource-added': 'The resource is added.',
  'resource-removed': 'The resource is removed.',
  'press-release-created': 'The draft is saved. Submit it for review when it is ready.',
  'press-release-saved': 'The draft is saved.',
  'press-release-submitted': 'The press release is submitted, and program staff are emailed to review it.',
  'press-release-commented': 'Your comment is saved and emailed to the partner.',
  'press-release-changes-requested': 'Changes are requested, and the partner is emailed.',
  'press-release-approved': 'The press release is approved, and the partner is emailed.',
  'press-release-published': 'The press release is marked published, and program staff are emailed.',
  'application-saved': 'Your application is saved as a draft. You can come back to it from any device.',
  'application-submitted': 'Your application is submitted. We will email you when it is decided.',
  'application-withdrawn': 'Your application is withdrawn.',
  'application-updated': 'The application is updated.',
  'application-config-saved': 'The questions and the rubric are saved.',
} as const;
export type NoticeCode = keyof typeof NOTICES;

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/faq', label: 'FAQ' },
  { href: '/find', label: 'Find your partner' },
  { href: '/apply', label: 'Apply' },
  { href: '/workshops', label: 'Workshops' },
  { href: '/contact', label: 'Contact' },
] as const;

function isCurrent(itemHref: string, path: string): boolean {
  return itemHref === '/' ? path === '/' : path === itemHref || path.startsWith(`${itemHref}/`);
}

function AccountNav({ ctx }: { ctx: PageContext }) {
  if (!ctx.actor) {
    return (
      <li>
        <a href="/sign-in" aria-current={isCurrent('/sign-in', ctx.path) ? 'page' : undefined}>
          Sign in
        </a>
      </li>
    );
  }
  return (
    <>
      {(ctx.actor.roles.includes('staff') || ctx.actor.roles.includes('program_manager')) && (
        <li>
          <a href="/inbox" aria-current={isCurrent('/inbox', ctx.path) ? 'page' : undefined}>
            Inbox
          </a>
        </li>
      )}
      {!ctx.actor.roles.includes('staff') && (
        <li>
          <a href="/applications" aria-current={isCurrent('/applications', ctx.path) ? 'page' : undefined}>
            My applications
          </a>
        </li>
      )}
      {ctx.actor.roles.includes('program_manager') && (
        <li>
          <a
            href="/partner/press-releases"
            aria-current={isCurrent('/partner', ctx.path) ? 'page' : undefined}
          >
            Press releases
          </a>
        </li>
      )}
      {ctx.actor.roles.includes('staff') && (
        <li>
          <a href="/staff" aria-current={isCurrent('/staff', ctx.path) ? 'page' : undefined}>
            Staff
          </a>
        </li>
      )}
      <li>
        <form method="post" action="/sign-out" class="inline-form">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <button type="submit" class="link-button">
            Sign out <span class="visually-hidden">{ctx.actor.email}</span>
          </button>
        </form>
      </li>
    </>
  );
}

export function Layout({
  ctx,
  title,
  children,
}: {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${ctx.programName}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            {ctx.programName}
          </a>
          <nav aria-label="Main">
            <ul class="nav">
              {NAV.map((item) => (
                <li key={item.href}>
                  <a href={item.href} aria-current={isCurrent(item.href, ctx.path) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
              <AccountNav ctx={ctx} />
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {ctx.notice && (
            <p class="notice" role="status">
              {ctx.notice}
            </p>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {ctx.programName} · <a href="/partners">Partner directory</a> · <a href="/resources">Resources</a>{' '}
            · <a href="/contact">Contact program staff</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}

/** A page that is honest about a part of the portal that does not exist yet. */
export function NotBuiltYetPage({ ctx, title }: { ctx: PageContext; title: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        This part of the portal is not built yet. Meanwhile, the <a href="/faq">FAQ</a> answers the common
        questions.
      </p>
    </Layout>
  );
}

export function ErrorPage({
  ctx,
  status,
  title,
  message,
}: {
  ctx: PageContext;
  status: number;
  title: string;
  message: string;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p class="muted">Error {status}</p>
      <p>
        <a href="/">Go to the overview</a>
      </p>
    </Layout>
  );
}
