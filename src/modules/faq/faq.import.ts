import matter from 'gray-matter';
import { claimAnchor, RESERVED_ANCHORS } from './faq.anchors.js';

export interface ImportedQuestion {
  anchor: string;
  question: string;
  answerMarkdown: string;
}

export interface ImportedSection {
  title: string;
  questions: ImportedQuestion[];
}

export interface ImportedFaq {
  title: string;
  introMarkdown: string;
  sections: ImportedSection[];
}

export interface FaqImportResult {
  faq: ImportedFaq;
  repairs: string[];
}

/** The source cannot be read as an FAQ page at all; the message is written for whoever supplied the file. */
export class FaqImportError extends Error {
  override name = 'FaqImportError';
}

/**
 * Reads the legacy FAQ page (front matter, then Markdown with inline HTML: an index of question links followed
 * by the questions) and repairs the defects such hand-maintained pages carry. Every repair adds one line to
 * `repairs`. Normalisation is not reported: collapsing whitespace in headings, dropping spacer lines, rules,
 * anchors and "back to top" links that only served the old page's layout.
 */
export function importFaqSeed(source: string): FaqImportResult {
  const repairs: string[] = [];
  const { frontMatterTitle, body } = readFrontMatter(source);
  const page = parsePage(body.split('\n'), repairs);
  const title = repairMisdecodedText(chooseTitle(frontMatterTitle, page.h1, repairs), 'title', repairs);
  const introMarkdown = repairMarkdown(page.intro, 'intro', repairs);
  const sections = placeQuestions(page, repairs).map((section) => importSection(section, repairs));
  return { faq: { title, introMarkdown, sections }, repairs };
}

/** Markdown split into what the author wrote and the layout-only lines (spacers, rules, anchors) around it. */
interface LayoutSplit {
  content: string;
  layout: string;
}

interface IndexEntry {
  text: string;
  anchor: string;
}

interface IndexSection {
  title: string;
  entries: IndexEntry[];
}

interface BodyQuestion {
  question: string;
  declaredAnchors: string[];
  answer: LayoutSplit;
}

interface ParsedPage {
  h1: string | undefined;
  topAnchors: ReadonlySet<string>;
  intro: LayoutSplit;
  index: IndexSection[];
  questions: BodyQuestion[];
}

interface Heading {
  row: number;
  level: number;
  text: string;
}

interface PlacedQuestion {
  anchor: string;
  body: BodyQuestion;
}

interface PlacedSection {
  title: string;
  questions: PlacedQuestion[];
}

// ---------------------------------------------------------------------------------------------------------
// Front matter

function readFrontMatter(source: string): { frontMatterTitle: string | undefined; body: string } {
  const file = parseFrontMatter(source.replace(/\r\n?/g, '\n'));
  const data: unknown = file.data;
  const title = typeof data === 'object' && data !== null && 'title' in data ? data.title : undefined;
  return {
    frontMatterTitle: typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined,
    body: file.content,
  };
}

function parseFrontMatter(text: string): matter.GrayMatterFile<string> {
  try {
    // Passing options also stops gray-matter from caching every input it is given.
    return matter(text, { engines: { javascript: refuseExecutableFrontMatter } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FaqImportError(`The FAQ front matter could not be read: ${reason}`);
  }
}

// gray-matter would eval a "---js" block; an imported file must never run code.
function refuseExecutableFrontMatter(): never {
  throw new FaqImportError('front matter must be YAML; JavaScript front matter is not evaluated');
}

function chooseTitle(
  frontMatterTitle: string | undefined,
  h1: string | undefined,
  repairs: string[],
): string {
  if (frontMatterTitle !== undefined) return frontMatterTitle;
  if (h1 === undefined || h1 === '') {
    throw new FaqImportError(
      'The FAQ has no title: expected "title:" in the front matter or a "# Title" heading.',
    );
  }
  repairs.push(`front matter had no title: used the page heading "${h1}"`);
  return h1;
}

// ---------------------------------------------------------------------------------------------------------
// Page structure

const BREAK_TAG = String.raw`<\/?br\s*\/?>`;
const BREAKS_ONLY_LINE = new RegExp(String.raw`^\s*(?:${BREAK_TAG}\s*)*$`, 'i');
const THEMATIC_BREAK_LINE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$/;
// Tag patterns stop at "<" as well as ">" so that unclosed tags cannot make matching quadratic.
const ANCHOR_TAG_SOURCE = String.raw`<a\s(?:[^<>]*?\s)?(?:id|name)\s*=\s*("[^"<]*"|'[^'<]*'|[^\s"'<>]+)[^<>]*>\s*<\/a>`;
const ANCHOR_TAG = new RegExp(ANCHOR_TAG_SOURCE, 'gi');
const ANCHORS_ONLY_LINE = new RegExp(String.raw`^\s*(?:${ANCHOR_TAG_SOURCE}\s*)+(?:${BREAK_TAG}\s*)*$`, 'i');
const ATX_HEADING_START = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const INDEX_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[(.+)\]\(\s*#([^\s)]+)\s*\)\s*$/;
const SECTION_TITLE = new RegExp(String.raw`^\s*(\*\*|__)(.+?)\1\s*(?::\s*)?(?:${BREAK_TAG}\s*)*$`, 'i');
const BACK_TO_TOP_LINK = new RegExp(
  String.raw`^\s*(?:\[[^\]]*\]\(\s*#([^\s)]+)\s*\)|<a\s[^<>]*?href\s*=\s*["']?#([^"'\s<>]+)["']?[^<>]*>.*?<\/a>)\s*(?:${BREAK_TAG}\s*)*$`,
  'i',
);
// Only ASCII whitespace: a no-break space can be half of a mis-decoded character ("Ã" + U+00A0 is "à").
const ASCII_WHITESPACE_RUN = /[\t\n\f\r ]+/g;
const WORD_BETWEEN_ASCII_WHITESPACE = /[^\t\n\f\r ]+/g;

function parsePage(lines: string[], repairs: string[]): ParsedPage {
  const firstIndexItem = lines.findIndex((line) => parseIndexItem(line) !== undefined);
  if (firstIndexItem === -1) {
    throw new FaqImportError(
      'The FAQ has no index: expected a list of "[Question](#anchor)" links before the questions.',
    );
  }
  const headings = findQuestionHeadings(lines, firstIndexItem);
  const blocks = headings.map((heading, position) => ({
    heading,
    start: startOfPreamble(lines, heading.row, (headings[position - 1]?.row ?? firstIndexItem) + 1),
  }));
  const [firstBlock] = blocks;
  if (firstBlock === undefined) {
    throw new FaqImportError('The FAQ has no questions: expected "### Question" headings after the index.');
  }
  const indexStart = startOfIndex(lines, firstIndexItem);
  const header = parseHeader(lines.slice(0, indexStart));
  return {
    ...header,
    index: parseIndex(lines.slice(indexStart, firstBlock.start), repairs),
    questions: blocks.map((block, position) =>
      parseQuestion(lines, block, blocks[position + 1]?.start ?? lines.length, header.topAnchors),
    ),
  };
}

function parseAtxHeading(line: string): { level: number; text: string } | undefined {
  const match = ATX_HEADING_START.exec(line);
  if (!match) return undefined;
  const [opening, hashes = ''] = match;
  const text = line
    .slice(opening.length)
    .trimEnd()
    .replace(/(?:^|[ \t])#+$/, '');
  return { level: hashes.length, text };
}

/** Question headings are the headings after the index that share the level of the first one. */
function findQuestionHeadings(lines: string[], firstIndexItem: number): Heading[] {
  const headings = lines.flatMap((line, row) => {
    const heading = row > firstIndexItem ? parseAtxHeading(line) : undefined;
    return heading && heading.level >= 2 ? [{ row, ...heading }] : [];
  });
  const questionLevel = headings[0]?.level;
  return headings.filter((heading) => heading.level === questionLevel);
}

function isLayoutLine(line: string): boolean {
  return BREAKS_ONLY_LINE.test(line) || THEMATIC_BREAK_LINE.test(line) || ANCHORS_ONLY_LINE.test(line);
}

function isBackToTopLink(line: string, topAnchors: ReadonlySet<string>): boolean {
  const match = BACK_TO_TOP_LINK.exec(line);
  const target = match?.[1] ?? match?.[2];
  return target !== undefined && topAnchors.has(target);
}

/** The spacers, rule and anchor that sit directly above a question heading. */
function startOfPreamble(lines: string[], headingRow: number, floor: number): number {
  return floor + lines.slice(floor, headingRow).findLastIndex((line) => !isLayoutLine(line)) + 1;
}

/** The index starts at its first link, or at the bold section title just above it. */
function startOfIndex(lines: string[], firstIndexItem: number): number {
  const row = lines.slice(0, firstIndexItem).findLastIndex((line) => !isLayoutLine(line));
  const line = lines[row];
  return line !== undefined && parseSectionTitle(line) !== undefined ? row : firstIndexItem;
}

function parseHeader(lines: string[]): Pick<ParsedPage, 'h1' | 'topAnchors' | 'intro'> {
  const h1Row = lines.findIndex((line) => parseAtxHeading(line)?.level === 1);
  const h1 = parseAtxHeading(lines[h1Row] ?? '');
  const topAnchors = new Set([...RESERVED_ANCHORS, ...lines.flatMap(anchorsIn)]);
  return {
    h1: h1 && toPlainText(h1.text),
    topAnchors,
    intro: separateLayout(
      lines.filter((_, row) => row !== h1Row),
      topAnchors,
    ),
  };
}

function parseIndex(lines: string[], repairs: string[]): IndexSection[] {
  const sections: IndexSection[] = [];
  const openSection = (title: string): IndexSection => {
    const section = { title, entries: [] };
    sections.push(section);
    return section;
  };
  let current: IndexSection | undefined;
  for (const line of lines) {
    const title = parseSectionTitle(line);
    const entry = parseIndexItem(line);
    if (title !== undefined) {
      current = openSection(title);
    } else if (entry !== undefined) {
      // Links above the first section title still belong to the table of contents.
      current ??= openSection('');
      current.entries.push(entry);
    } else if (!isLayoutLine(line)) {
      repairs.push(`dropped unrecognised line from the index: "${line.trim()}"`);
    }
  }
  return sections;
}

function parseSectionTitle(line: string): string | undefined {
  const match = SECTION_TITLE.exec(line);
  if (!match) return undefined;
  return toPlainText(match[2] ?? '')
    .replace(/:$/, '')
    .trim();
}

function parseIndexItem(line: string): IndexEntry | undefined {
  const match = INDEX_ITEM.exec(line);
  if (!match) return undefined;
  const [, text = '', anchor = ''] = match;
  return { text: toPlainText(text), anchor };
}

function parseQuestion(
  lines: string[],
  block: { heading: Heading; start: number },
  end: number,
  topAnchors: ReadonlySet<string>,
): BodyQuestion {
  const preamble = lines.slice(block.start, block.heading.row);
  const answer = separateLayout(lines.slice(block.heading.row + 1, end), topAnchors);
  return {
    question: toPlainText(block.heading.text),
    declaredAnchors: [...preamble, block.heading.text].flatMap(anchorsIn),
    answer: { content: answer.content, layout: [...preamble, answer.layout].join('\n') },
  };
}

function anchorsIn(html: string): string[] {
  return Array.from(html.matchAll(ANCHOR_TAG), (match) =>
    (match[1] ?? '').replace(/^["']|["']$/g, '').trim(),
  ).filter((anchor) => anchor !== '');
}

/** Drops layout-only lines at the edges and "back to top" links anywhere; those belong to the old page. */
function separateLayout(lines: string[], topAnchors: ReadonlySet<string>): LayoutSplit {
  const isContent = (line: string) => !isLayoutLine(line) && !isBackToTopLink(line, topAnchors);
  const first = lines.findIndex(isContent);
  const last = lines.findLastIndex(isContent);
  const kept = (line: string, row: number) =>
    row >= first && row <= last && !isBackToTopLink(line, topAnchors);
  return {
    content: lines.filter(kept).join('\n').trimEnd(),
    layout: lines.filter((line, row) => !kept(line, row)).join('\n'),
  };
}

function toPlainText(markdown: string): string {
  const collapsed = markdown.replace(ANCHOR_TAG, '').replace(ASCII_WHITESPACE_RUN, ' ').trim();
  return collapsed
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/^([*_])(.+)\1$/, '$2')
    .trim();
}

// ---------------------------------------------------------------------------------------------------------
// Placing questions: the index is the author's table of contents, so it decides sections, order and anchors.

function placeQuestions(page: ParsedPage, repairs: string[]): PlacedSection[] {
  const unindexed = [...page.questions];
  const linkedSections = page.index.map((section) => ({
    title: section.title,
    links: section.entries.flatMap((entry) => linkIndexEntry(entry, unindexed, repairs)),
  }));
  const taken = new Set(page.topAnchors);
  const sections = linkedSections.map(({ title, links }) => ({
    title,
    questions: links.map(({ entry, question }) => ({
      anchor: anchorForIndexedQuestion(entry, question, page.questions, taken, repairs),
      body: question,
    })),
  }));
  const appended = unindexed.map((question) => ({
    anchor: anchorForUnindexedQuestion(question, taken),
    body: question,
  }));
  const placed = appendToLastSection(sections, appended, repairs);
  reportDuplicateDeclarations(
    placed.flatMap((section) => section.questions),
    repairs,
  );
  return dropEmptySections(placed, repairs);
}

/** Pairs an index entry with the first still-unpaired body question of the same text. */
function linkIndexEntry(
  entry: IndexEntry,
  unpaired: BodyQuestion[],
  repairs: string[],
): { entry: IndexEntry; question: BodyQuestion }[] {
  const key = matchKey(entry.text);
  const position = unpaired.findIndex((question) => matchKey(question.question) === key);
  if (position === -1) {
    repairs.push(
      `dropped index entry "#${entry.anchor}" ("${entry.text}"): no question in the body has that text`,
    );
    return [];
  }
  return unpaired.splice(position, 1).map((question) => ({ entry, question }));
}

/** Compares question texts the way a reader would: ignoring case, spacing, punctuation and mis-decoding. */
function matchKey(text: string): string {
  return undoMisdecoding(toPlainText(text))
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function anchorForIndexedQuestion(
  entry: IndexEntry,
  question: BodyQuestion,
  questions: BodyQuestion[],
  taken: Set<string>,
  repairs: string[],
): string {
  if (taken.has(entry.anchor)) {
    const anchor = claimAnchor(question.question, taken);
    repairs.push(
      `index link "#${entry.anchor}" is already taken: gave "${question.question}" the anchor "${anchor}" instead`,
    );
    return anchor;
  }
  taken.add(entry.anchor);
  if (!question.declaredAnchors.includes(entry.anchor)) {
    const holder = questions.find(
      (other) => other !== question && other.declaredAnchors.includes(entry.anchor),
    );
    const problem = holder ? `pointed at "${holder.question}"` : 'had no target';
    const [declared] = question.declaredAnchors;
    const fix =
      declared === undefined
        ? `gave "${question.question}" that anchor`
        : `moved the anchor of "${question.question}" from "${declared}" to "${entry.anchor}"`;
    repairs.push(`index link "#${entry.anchor}" ${problem}: ${fix}`);
  }
  return entry.anchor;
}

function anchorForUnindexedQuestion(question: BodyQuestion, taken: Set<string>): string {
  const free = question.declaredAnchors.find((anchor) => !taken.has(anchor));
  if (free === undefined) return claimAnchor(question.question, taken);
  taken.add(free);
  return free;
}

function appendToLastSection(
  sections: PlacedSection[],
  questions: PlacedQuestion[],
  repairs: string[],
): PlacedSection[] {
  return sections.map((section, position) => {
    if (position < sections.length - 1) return section;
    for (const { anchor, body } of questions) {
      repairs.push(
        `question "${anchor}" ("${body.question}") was missing from the index: added it to the end of section "${section.title}"`,
      );
    }
    return { ...section, questions: [...section.questions, ...questions] };
  });
}

function reportDuplicateDeclarations(placed: PlacedQuestion[], repairs: string[]): void {
  const declarers = new Map<string, PlacedQuestion[]>();
  for (const question of placed) {
    for (const anchor of new Set(question.body.declaredAnchors)) {
      declarers.set(anchor, [...(declarers.get(anchor) ?? []), question]);
    }
  }
  for (const [anchor, questions] of declarers) {
    if (questions.length < 2) continue;
    const keeper = questions.find((question) => question.anchor === anchor);
    const moved = questions
      .filter((question) => question !== keeper)
      .map((question) => `"${question.anchor}"`)
      .join(', ');
    const outcome = keeper
      ? `"${keeper.body.question}" keeps it; re-anchored the rest to ${moved}`
      : `re-anchored them to ${moved}`;
    repairs.push(`anchor "${anchor}" was declared on ${questions.length} questions: ${outcome}`);
  }
}

function dropEmptySections(sections: PlacedSection[], repairs: string[]): PlacedSection[] {
  return sections.filter((section) => {
    if (section.questions.length > 0) return true;
    repairs.push(`dropped section "${section.title}": none of its index entries has a question in the body`);
    return false;
  });
}

function importSection(section: PlacedSection, repairs: string[]): ImportedSection {
  return {
    title: repairMisdecodedText(section.title, `section "${section.title}"`, repairs),
    questions: section.questions.map(({ anchor, body }) => ({
      anchor,
      question: repairMisdecodedText(body.question, `question "${anchor}" heading`, repairs),
      answerMarkdown: repairMarkdown(body.answer, `question "${anchor}"`, repairs),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Content repairs. `where` names the place for the report: "intro", `question "pm"`, ...

function repairMarkdown(markdown: LayoutSplit, where: string, repairs: string[]): string {
  reportVoidEndTagsInLayout(markdown.layout, where, repairs);
  const decoded = repairMisdecodedText(markdown.content, where, repairs);
  const withMailto = repairEmailLinks(decoded, where, repairs);
  const secured = secureBlankTargetLinks(withMailto, where, repairs);
  return repairVoidEndTags(secured, where, repairs);
}

// Windows-1252 renderings of bytes 0x80–0x9F. The five bytes cp1252 leaves undefined come out as the C1 control
// character of the same number (as WHATWG decoders and Latin-1 fallbacks produce them).
const CP1252_0X80_TO_0X9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
// Bytes 0xA0–0xFF render as the Latin-1 character of the same number.
const CONTINUATION_BYTE_CHAR = `[${escapeForCharClass(CP1252_0X80_TO_0X9F)}\\u00a0-\\u00bf]`;
// A UTF-8 lead byte followed by its continuation bytes, as cp1252 characters. Validity (overlong forms,
// surrogates, range) is left to the strict decoder.
const MISDECODED_SEQUENCE = new RegExp(
  `[\\u00c2-\\u00df]${CONTINUATION_BYTE_CHAR}|[\\u00e0-\\u00ef]${CONTINUATION_BYTE_CHAR}{2}|[\\u00f0-\\u00f4]${CONTINUATION_BYTE_CHAR}{3}`,
  'g',
);
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function escapeForCharClass(chars: string): string {
  return Array.from(chars, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

function repairMisdecodedText(text: string, where: string, repairs: string[]): string {
  return text.replace(WORD_BETWEEN_ASCII_WHITESPACE, (word) => {
    const repaired = undoMisdecoding(word);
    if (repaired !== word) repairs.push(`repaired mis-decoded text in ${where}: "${word}" → "${repaired}"`);
    return repaired;
  });
}

/** Reverses UTF-8 that was read as Windows-1252; text that does not decode as strict UTF-8 is left alone. */
function undoMisdecoding(text: string): string {
  // Text that went through the faulty conversion twice carries two layers. Each pass only shortens the text,
  // so this ends.
  let current = text;
  for (;;) {
    const next = current.replace(MISDECODED_SEQUENCE, decodeAsUtf8Bytes);
    if (next === current) return current;
    current = next;
  }
}

function decodeAsUtf8Bytes(sequence: string): string {
  const bytes = Uint8Array.from(sequence, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? code : 0x80 + CP1252_0X80_TO_0X9F.indexOf(char);
  });
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return sequence;
  }
}

const EMAIL_ADDRESS = String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`;
const MARKDOWN_EMAIL_DESTINATION = new RegExp(String.raw`(\]\(\s*<?)(${EMAIL_ADDRESS})(?=>?[\s)])`, 'g');
const HTML_EMAIL_HREF = new RegExp(
  String.raw`(<a\b(?:[^<>"']|"[^"<]*"|'[^'<]*')*?\shref\s*=\s*["']?)(${EMAIL_ADDRESS})(?=["'\s>])`,
  'gi',
);

// A bare address as a link target is resolved as a relative URL, so the link leads to a missing page.
function repairEmailLinks(markdown: string, where: string, repairs: string[]): string {
  const addMailto = (_link: string, prefix: string, address: string) => {
    repairs.push(
      `fixed e-mail address used as a relative link in ${where}: "${address}" → "mailto:${address}"`,
    );
    return `${prefix}mailto:${address}`;
  };
  return markdown.replace(MARKDOWN_EMAIL_DESTINATION, addMailto).replace(HTML_EMAIL_HREF, addMailto);
}

interface HtmlAttribute {
  name: string;
  value: string | undefined;
  quoted: boolean;
}

const A_START_TAG = /<a(?=[\s>])(?:[^<>"']|"[^"<]*"|'[^'<]*')*>/gi;
const HTML_ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?/g;
// Without these the opened page can script window.opener and learns the portal URL it came from.
const REQUIRED_REL_FOR_BLANK_TARGET = ['noopener', 'noreferrer'];

function secureBlankTargetLinks(markdown: string, where: string, repairs: string[]): string {
  return markdown.replace(A_START_TAG, (tag) => {
    const attributes = parseAttributes(tag.slice(2, -1));
    const target = findAttribute(attributes, 'target');
    if (target?.value?.toLowerCase() !== '_blank') return tag;
    const relTokens = findAttribute(attributes, 'rel')?.value?.split(/\s+/).filter(Boolean) ?? [];
    const missing = REQUIRED_REL_FOR_BLANK_TARGET.filter(
      (token) => !relTokens.some((existing) => existing.toLowerCase() === token),
    );
    const unquoted = attributes.some((attribute) => attribute.value !== undefined && !attribute.quoted);
    if (missing.length === 0 && !unquoted) return tag;
    const secured = formatStartTag(withRel(attributes, [...relTokens, ...missing].join(' ')));
    const problems: string[] = [];
    if (missing.length > 0) problems.push(`rel lacked ${missing.join(' and ')}`);
    if (unquoted) problems.push('attributes were unquoted');
    repairs.push(`secured target="_blank" link in ${where} (${problems.join('; ')}): ${tag} → ${secured}`);
    return secured;
  });
}

function parseAttributes(source: string): HtmlAttribute[] {
  return Array.from(
    source.matchAll(HTML_ATTRIBUTE),
    ([, name = '', doubleQuoted, singleQuoted, unquoted]) => ({
      name,
      value: doubleQuoted ?? singleQuoted ?? unquoted,
      quoted: unquoted === undefined,
    }),
  );
}

function findAttribute(attributes: HtmlAttribute[], name: string): HtmlAttribute | undefined {
  return attributes.find((attribute) => attribute.name.toLowerCase() === name);
}

/** Sets rel, keeping an existing rel in place or placing a new one right after target. */
function withRel(attributes: HtmlAttribute[], rel: string): HtmlAttribute[] {
  const relAttribute = { name: 'rel', value: rel, quoted: true };
  if (findAttribute(attributes, 'rel')) {
    return attributes.map((attribute) => (attribute.name.toLowerCase() === 'rel' ? relAttribute : attribute));
  }
  return attributes.flatMap((attribute) =>
    attribute.name.toLowerCase() === 'target' ? [attribute, relAttribute] : [attribute],
  );
}

function formatStartTag(attributes: HtmlAttribute[]): string {
  const formatted = attributes.map(({ name, value }) =>
    value === undefined ? name : `${name}="${value.replace(/"/g, '&quot;')}"`,
  );
  return `<a ${formatted.join(' ')}>`;
}

const VOID_END_TAG = /<\/(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\s*>/gi;

function countVoidEndTags(html: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, name = ''] of html.matchAll(VOID_END_TAG)) {
    const tag = name.toLowerCase();
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return counts;
}

function describeVoidEndTags(tag: string, count: number): string {
  return count === 1 ? `invalid </${tag}> tag` : `${count} invalid </${tag}> tags`;
}

function reportVoidEndTagsInLayout(layout: string, where: string, repairs: string[]): void {
  for (const [tag, count] of countVoidEndTags(layout)) {
    repairs.push(`removed ${describeVoidEndTags(tag, count)} (layout only) in ${where}`);
  }
}

// Void elements have no end tag. Browsers read a stray </br> as <br> and ignore the others; keep that rendering.
function repairVoidEndTags(markdown: string, where: string, repairs: string[]): string {
  for (const [tag, count] of countVoidEndTags(markdown)) {
    const described = describeVoidEndTags(tag, count);
    repairs.push(`${tag === 'br' ? `replaced ${described} with <br>` : `removed ${described}`} in ${where}`);
  }
  return markdown.replace(VOID_END_TAG, (_tag, name: string) => (name.toLowerCase() === 'br' ? '<br>' : ''));
}
