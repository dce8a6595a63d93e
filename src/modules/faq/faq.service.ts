import type { Kysely } from 'kysely';
import type { CoreDeps } from '../../platform/deps.js';
import type { Database } from '../../db/schema.js';
import { isStaff, requireStaff, type Actor } from '../../platform/actor.js';
import type { ChangeFeed } from '../../platform/changes.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { formatDateTime } from '../../platform/ui/date.js';
import { parseInput } from '../../platform/validation.js';
import type { ImportedFaq } from './faq.import.js';
import { claimAnchor } from './faq.anchors.js';
import * as repo from './faq.repository.js';
import {
  anchorSchema,
  faqMoveSchema,
  faqQuestionCreateSchema,
  faqQuestionPatchSchema,
  type FaqHistoryQuery,
  type FaqView,
} from './faq.schemas.js';
import { faqError } from './faq.errors.js';

type FaqDeps = Pick<CoreDeps, 'db' | 'changes'>;

/** Builds the public FAQ from the database: Markdown rendered and sanitized. */
export async function loadFaq(db: Kysely<Database>): Promise<FaqView> {
  const [page, sections, questions] = await Promise.all([
    repo.findPage(db),
    repo.listSections(db),
    repo.listQuestions(db),
  ]);
  return {
    title: page?.title ?? 'Frequently asked questions',
    introHtml: page ? renderMarkdown(page.introMarkdown) : '',
    sections: sections.map((section) => ({
      id: section.id,
      title: section.title,
      questions: questions
        .filter((question) => question.sectionId === section.id)
        .map((question) => ({
          anchor: question.anchor,
          question: question.question,
          answerMarkdown: question.answerMarkdown,
          answerHtml: renderMarkdown(question.answerMarkdown),
        })),
    })),
  };
}

/**
 * The FAQ is read on every visit and changed rarely: it is built once and kept, with whatever renderings of it
 * the routes derive, until the change feed says it changed (in any process).
 */
export class FaqCache {
  private faq: Promise<FaqView> | undefined;
  private readonly derived = new Map<string, unknown>();
  /** Bumped by every change, so that a build that started before a change is not kept after it. */
  private version = 0;

  constructor(
    private readonly db: Kysely<Database>,
    changes: ChangeFeed,
  ) {
    changes.subscribe('faq', () => {
      this.clear();
    });
  }

  get(): Promise<FaqView> {
    if (this.faq) return this.faq;
    const version = this.version;
    const loading = loadFaq(this.db);
    this.faq = loading;
    loading.catch(() => {
      if (this.version === version && this.faq === loading) this.faq = undefined;
    });
    return loading;
  }

  /** A value computed from the FAQ (a rendered page, a JSON body), dropped with it. */
  async derive<T>(key: string, build: (faq: FaqView) => T): Promise<T> {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const version = this.version;
    const value = build(await this.get());
    if (this.version === version) this.derived.set(key, value);
    return value;
  }

  clear(): void {
    this.version++;
    this.faq = undefined;
    this.derived.clear();
  }
}

function actorEmail(actor: Actor | null): string {
  return actor?.email ?? 'system';
}

/** Loads an imported FAQ in place of the current one; used by the demo data and `cli faq:import`. */
export async function replaceFaq(
  deps: FaqDeps,
  options: { faq: ImportedFaq; actor: Actor | null; source: string },
) {
  await deps.db.kysely.transaction().execute(async (trx) => {
    await repo.replaceAll(trx, options.faq);
    await repo.recordChange(trx, {
      anchor: '*',
      action: 'import',
      actorId: options.actor?.id ?? null,
      actorEmail: actorEmail(options.actor),
      summary: `Imported ${options.faq.sections.reduce((n, s) => n + s.questions.length, 0)} questions from ${options.source}`,
    });
  });
  await deps.changes.publish('faq');
}

/**
 * Edits a question's text, moves it to another section (to its end), or both. A change of the text keeps the
 * text it replaced in the history, to be restored; what the edit leaves as it was is not recorded as changed.
 */
export async function updateFaqQuestion(
  deps: FaqDeps,
  options: { actor: Actor | null; anchor: string; input: unknown },
) {
  const actor = requireStaff(options.actor);
  const patch = parseInput(faqQuestionPatchSchema, options.input);
  const changed = await deps.db.kysely.transaction().execute(async (trx) => {
    const existing = await requireQuestion(trx, options.anchor);
    const edited = [
      patch.question !== undefined && patch.question !== existing.question && 'question',
      patch.answerMarkdown !== undefined && patch.answerMarkdown !== existing.answerMarkdown && 'answer',
    ].filter((part) => part !== false);
    const section =
      patch.sectionId !== undefined && patch.sectionId !== existing.sectionId
        ? await requireSection(trx, patch.sectionId)
        : undefined;
    if (edited.length === 0 && !section) return false;
    await repo.updateQuestion(trx, existing.anchor, {
      question: patch.question,
      answerMarkdown: patch.answerMarkdown,
      ...(section && { sectionId: section.id, position: await repo.nextPosition(trx, section.id) }),
    });
    const moved = section && `moved it to “${section.title}”`;
    await repo.recordChange(trx, {
      anchor: existing.anchor,
      action: edited.length > 0 ? 'update' : 'move',
      actorId: actor.id,
      actorEmail: actor.email,
      summary:
        edited.length > 0
          ? `Edited the ${edited.join(' and ')}${moved ? ` and ${moved}` : ''}`
          : `Moved to “${section?.title ?? ''}”`,
      ...(edited.length > 0 && {
        replaced: {
          questionId: existing.id,
          question: existing.question,
          answerMarkdown: existing.answerMarkdown,
        },
      }),
    });
    return true;
  });
  if (changed) await deps.changes.publish('faq');
  return getQuestion(deps.db.kysely, options.anchor);
}

async function requireSection(db: Kysely<Database>, sectionId: string) {
  const section = await repo.findSection(db, sectionId);
  if (!section) {
    throw faqError('FAQ_SECTION_NOT_FOUND', 'That section does not exist.', [
      { path: 'sectionId', message: 'Choose one of the sections.' },
    ]);
  }
  return section;
}

/**
 * Brings back the text a change replaced, as a change of its own: the text it replaces is kept in turn, so a
 * restore can itself be undone.
 */
export async function restoreFaqQuestion(deps: FaqDeps, options: { actor: Actor | null; changeId: string }) {
  const actor = requireStaff(options.actor);
  const anchor = await deps.db.kysely.transaction().execute(async (trx) => {
    const { change, question } = await requireRestorable(trx, options.changeId);
    if (
      question.question === change.previousQuestion &&
      question.answerMarkdown === change.previousAnswerMarkdown
    ) {
      throw faqError('FAQ_VERSION_IS_CURRENT', 'The question already reads like that version.');
    }
    await repo.updateQuestion(trx, question.anchor, {
      question: change.previousQuestion,
      answerMarkdown: change.previousAnswerMarkdown,
    });
    await repo.recordChange(trx, {
      anchor: question.anchor,
      action: 'restore',
      actorId: actor.id,
      actorEmail: actor.email,
      summary: `Restored the text from before the change of ${formatDateTime(change.at)}`,
      replaced: {
        questionId: question.id,
        question: question.question,
        answerMarkdown: question.answerMarkdown,
      },
    });
    return question.anchor;
  });
  await deps.changes.publish('faq');
  return getQuestion(deps.db.kysely, anchor);
}

/** A change whose replaced text can be restored, with its question as it is now; otherwise 404. */
async function requireRestorable(db: Kysely<Database>, changeId: string) {
  const change = await repo.findChange(db, changeId);
  const question = change?.questionId ? await repo.findQuestionById(db, change.questionId) : undefined;
  if (!change || !question || change.previousQuestion === null || change.previousAnswerMarkdown === null) {
    throw faqError(
      'FAQ_VERSION_NOT_FOUND',
      'There is no earlier text of a question to restore from that change.',
    );
  }
  return {
    change: {
      ...change,
      previousQuestion: change.previousQuestion,
      previousAnswerMarkdown: change.previousAnswerMarkdown,
    },
    question,
  };
}

/** For the confirmation before a restore: the change, the text it would bring back, and the question now. */
export async function getRestorableChange(
  db: Kysely<Database>,
  options: { actor: Actor | null; changeId: string },
) {
  requireStaff(options.actor);
  return requireRestorable(db, options.changeId);
}

export async function createFaqQuestion(deps: FaqDeps, options: { actor: Actor | null; input: unknown }) {
  const actor = requireStaff(options.actor);
  const input = parseInput(faqQuestionCreateSchema, options.input);
  const anchor = await deps.db.kysely.transaction().execute(async (trx) => {
    await requireSection(trx, input.sectionId);
    // Left blank, the anchor is made from the question by the same rule as an import's, past the ones in use.
    const taken = new Set((await repo.listQuestions(trx)).map((question) => question.anchor));
    const anchor = input.anchor ?? claimAnchor(input.question, taken);
    if (input.anchor !== undefined && taken.has(anchor)) {
      throw faqError('FAQ_ANCHOR_TAKEN', `Another question already uses the anchor "${anchor}".`, [
        { path: 'anchor', message: `"${anchor}" is taken; choose another anchor.` },
      ]);
    }
    await repo.insertQuestion(trx, {
      sectionId: input.sectionId,
      anchor,
      question: input.question,
      answerMarkdown: input.answerMarkdown,
      position: await repo.nextPosition(trx, input.sectionId),
    });
    await repo.recordChange(trx, {
      anchor,
      action: 'create',
      actorId: actor.id,
      actorEmail: actor.email,
      summary: `Added "${input.question}"`,
    });
    return anchor;
  });
  await deps.changes.publish('faq');
  return getQuestion(deps.db.kysely, anchor);
}

/** Swaps a question with its neighbour in the same section. Moving past either end changes nothing. */
export async function moveFaqQuestion(
  deps: FaqDeps,
  options: { actor: Actor | null; anchor: string; input: unknown },
) {
  const actor = requireStaff(options.actor);
  const { direction } = parseInput(faqMoveSchema, options.input);
  await deps.db.kysely.transaction().execute(async (trx) => {
    const question = await requireQuestion(trx, options.anchor);
    const siblings = (await repo.listQuestions(trx)).filter((q) => q.sectionId === question.sectionId);
    const index = siblings.findIndex((q) => q.id === question.id);
    const neighbour = siblings[direction === 'up' ? index - 1 : index + 1];
    if (!neighbour) return;
    // Positions are renumbered densely so that two equal positions (e.g. after manual edits) cannot stall a move.
    const reordered = siblings.map((q) => q.id);
    reordered.splice(index, 1);
    reordered.splice(siblings.indexOf(neighbour), 0, question.id);
    for (const [position, id] of reordered.entries()) await repo.setPosition(trx, id, position);
    await repo.recordChange(trx, {
      anchor: question.anchor,
      action: 'move',
      actorId: actor.id,
      actorEmail: actor.email,
      summary: `Moved ${direction}`,
    });
  });
  await deps.changes.publish('faq');
}

export async function deleteFaqQuestion(deps: FaqDeps, options: { actor: Actor | null; anchor: string }) {
  const actor = requireStaff(options.actor);
  await deps.db.kysely.transaction().execute(async (trx) => {
    const question = await requireQuestion(trx, options.anchor);
    await repo.deleteQuestion(trx, question.anchor);
    await repo.recordChange(trx, {
      anchor: question.anchor,
      action: 'delete',
      actorId: actor.id,
      actorEmail: actor.email,
      summary: `Removed "${question.question}"`,
    });
  });
  await deps.changes.publish('faq');
}

/** For staff screens: one question with its Markdown, or 404. */
export async function getFaqQuestionForEditing(
  db: Kysely<Database>,
  options: { actor: Actor | null; anchor: string },
) {
  requireStaff(options.actor);
  return requireQuestion(db, options.anchor);
}

export async function listFaqSections(db: Kysely<Database>, options: { actor: Actor | null }) {
  requireStaff(options.actor);
  return repo.listSections(db);
}

/** The FAQ's history, a page at a time, searched and sorted as asked. */
export async function listFaqChanges(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: FaqHistoryQuery },
) {
  requireStaff(options.actor);
  return repo.pageChanges(db, { anchor: options.query.anchor }, options.query.table);
}

/** Only staff edit the FAQ; the public page offers them the way to. */
export function canEditFaq(actor: Actor | null): boolean {
  return isStaff(actor);
}

/** The FAQ as the staff editor lists it. */
export async function getFaqForEditing(faqCache: FaqCache, options: { actor: Actor | null }) {
  requireStaff(options.actor);
  return faqCache.get();
}

async function requireQuestion(db: Kysely<Database>, anchor: string) {
  const question = anchorSchema.safeParse(anchor).success ? await repo.findQuestion(db, anchor) : undefined;
  if (!question)
    throw faqError('FAQ_QUESTION_NOT_FOUND', `There is no FAQ question with the anchor "${anchor}".`);
  return question;
}

async function getQuestion(db: Kysely<Database>, anchor: string) {
  const question = await requireQuestion(db, anchor);
  return {
    anchor: question.anchor,
    question: question.question,
    answerMarkdown: question.answerMarkdown,
    answerHtml: renderMarkdown(question.answerMarkdown),
  };
}
