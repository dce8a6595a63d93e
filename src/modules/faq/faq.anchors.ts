/**
 * The anchors of FAQ questions (`/faq#cost`): one rule, whether a question came in with the imported page or a
 * staff member added it, so that the same question gets the same anchor either way.
 */

const MAX_ANCHOR_LENGTH = 60;

/** Browsers scroll "#top" to the start of the page even when no element has that id, so no question takes it. */
export const RESERVED_ANCHORS: readonly string[] = ['top'];

/** "Can I apply?" → "can-i-apply"; accents dropped ("Café" → "cafe"); nothing usable → "question". */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug.slice(0, MAX_ANCHOR_LENGTH).replace(/-$/, '') || 'question';
}

/** The question's anchor, numbered (`-2`, `-3`…) past those taken and reserved; it is taken from then on. */
export function claimAnchor(text: string, taken: Set<string>): string {
  const base = slugify(text);
  let anchor = base;
  for (let suffix = 2; taken.has(anchor) || RESERVED_ANCHORS.includes(anchor); suffix++) {
    anchor = `${base}-${suffix}`;
  }
  taken.add(anchor);
  return anchor;
}
