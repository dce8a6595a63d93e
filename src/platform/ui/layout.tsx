import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Actor } from '../actor.js';

/** What every page needs from the request: who is looking, where they are, and the form token. */
export interface PageContext {
  programName: string;
  /** The request's path, without its query. */
  path: string;
  /** The request's query parameters as sent (a repeated parameter is an array). */
  query: Readonly<Record<string, string | string[]>>;
  actor: Actor | null;
  /** The form token; calling it sets the token cookie, so only pages with forms call it. */
  csrf: () => string;
  /** A confirmation to show at the top of the page, after a redirect (see `defineNotices`). */
  notice: string | undefined;
  /**
   * Where a reload should go instead of posting a refused form again: the form's own page. The enhancing
   * script swaps it into the address bar (see `public/enhance.js`).
   */
  reloadUrl?: string | undefined;
}

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

function NavLink({ href, path, children }: { href: string; path: string; children: ComponentChildren }) {
  return (
    <li>
      <a href={href} aria-current={isCurrent(href, path) ? 'page' : undefined}>
        {children}
      </a>
    </li>
  );
}

/** The places of the signed-in person's roles, then who they are and the way out. */
function AccountNav({ ctx }: { ctx: PageContext }) {
  const { actor, path } = ctx;
  if (!actor) {
    return (
      <NavLink href="/sign-in" path={path}>
        Sign in
      </NavLink>
    );
  }
  const has = (role: Actor['roles'][number]) => actor.roles.includes(role);
  return (
    <>
      {has('staff') && (
        <NavLink href="/staff" path={path}>
          Staff
        </NavLink>
      )}
      {has('program_manager') && (
        <NavLink href="/partner" path={path}>
          Your partner
        </NavLink>
      )}
      {has('facilitator') && (
        <NavLink href="/facilitator" path={path}>
          Workshops you lead
        </NavLink>
      )}
      {(has('staff') || has('program_manager')) && (
        <NavLink href="/inbox" path={path}>
          Inbox
        </NavLink>
      )}
      {!has('staff') && !has('program_manager') && (
        <NavLink href="/my/workshops" path={path}>
          My workshops
        </NavLink>
      )}
      {!has('staff') && !has('program_manager') && (
        <NavLink href="/my/teacher-applications" path={path}>
          My course applications
        </NavLink>
      )}
      {!has('staff') && (
        <NavLink href="/applications" path={path}>
          My applications
        </NavLink>
      )}
      <NavLink href="/account" path={path}>
        <span class="visually-hidden">Your account: </span>
        {actor.name || actor.email}
      </NavLink>
      <li>
        <form method="post" action="/sign-out" class="inline-form">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <button type="submit" class="link-button">
            Sign out
          </button>
        </form>
      </li>
    </>
  );
}

/**
 * The frame of every page: header with the navigation and the signed-in person, the notice a redirect asked
 * for, the content, and the footer.
 *
 * @example <Layout ctx={ctx} title="Inquiries"><h1>Inquiries</h1>…</Layout>
 */
export function Layout({
  ctx,
  title,
  children,
}: {
  ctx: PageContext;
  /** The page's name; the browser tab shows it before the program's name. */
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
        <script src="/assets/enhance.js" defer />
      </head>
      <body data-reload-url={ctx.reloadUrl}>
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
                <NavLink key={item.href} href={item.href} path={ctx.path}>
                  {item.label}
                </NavLink>
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

/**
 * Every failure that is not a form's: what happened, and a way on. `back` is where the person came from when
 * that is known (the list whose parameters were refused, the page whose form expired).
 */
export function ErrorPage({
  ctx,
  status,
  title,
  message,
  details = [],
  back,
}: {
  ctx: PageContext;
  status: number;
  title: string;
  message: string;
  /** What exactly was wrong, e.g. each refused parameter of a list's address. */
  details?: readonly string[];
  back?: { href: string; label: string } | undefined;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {details.length > 0 && (
        <ul>
          {details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
      <p class="muted">Error {status}</p>
      <ul class="link-list">
        {back && (
          <li>
            <a href={back.href}>{back.label}</a>
          </li>
        )}
        <li>
          <a href="/">Go to the overview</a>
        </li>
      </ul>
    </Layout>
  );
}
