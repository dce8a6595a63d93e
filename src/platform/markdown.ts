import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Authors may write inline HTML (the FAQ seed does), so HTML is on in the parser and everything is
// sanitized afterwards: the allowlist, not the parser, decides what reaches a page.
const markdown = new MarkdownIt({ html: true, linkify: true, breaks: false });
// Link what is plainly a URL or an email address, but not names that merely look like domains ("Code.org").
markdown.linkify.set({ fuzzyLink: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'a',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'sup',
    'sub',
  ],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'], th: ['scope'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A new tab must not get a handle on this page (reverse tabnabbing).
    a: (tagName, attribs) =>
      attribs.target === '_blank'
        ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }
        : { tagName, attribs: withoutTarget(attribs) },
  },
};

function withoutTarget(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { target: _target, ...rest } = attribs;
  return rest;
}

/** Markdown (with inline HTML) to HTML that is safe to place in a page. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE).trim();
}
