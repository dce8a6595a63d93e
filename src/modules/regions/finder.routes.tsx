import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import type { Database } from '../../db/schema.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { fieldValues } from '../../platform/form-values.js';
import { listDirectory } from '../partners/partners.service.js';
import { currentProgramYear, resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { DirectoryPage, FinderPage, NoProgramYearPage, type FinderForm } from './finder.views.js';
import { lookupQuerySchema, type LookupResponse } from './regions.schemas.js';
import { lookupRegion, summarizeStates, type RegionIndex } from './regions.service.js';
import { MapCache } from './us-map.js';

type LookupDeps = { db: Kysely<Database>; regionIndex: RegionIndex };

export function finderRoutes(deps: CoreDeps & { regionIndex: RegionIndex }): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  const lookupDeps: LookupDeps = { db, regionIndex: deps.regionIndex };
  const maps = new MapCache(lookupDeps, deps.changes);

  return async (app) => {
    app.get(
      '/find',
      { config: { access: ['anyone'] }, schema: { hide: true, querystring: lookupQuerySchema } },
      async (request, reply) => {
        const { query } = request;
        const year = await namedOrCurrentYear(db, query.year);
        if (!year) return reply.page((ctx) => <NoProgramYearPage ctx={ctx} title="Find your partner" />);
        const [answer, summaries, mapHtml] = await Promise.all([
          answerQuery(lookupDeps, query, year),
          summarizeStates(lookupDeps, year),
          maps.markup(year),
        ]);
        const form: FinderForm = {
          values: fieldValues({ zip: query.zip ?? '', state: query.state?.trim().toUpperCase() ?? '' }),
          errors: answer.errors,
        };
        return reply.page(
          (ctx) => (
            <FinderPage
              ctx={ctx}
              year={year}
              form={form}
              lookup={answer.lookup}
              summaries={summaries}
              mapHtml={mapHtml}
            />
          ),
          { status: answer.status },
        );
      },
    );

    app.get(
      '/partners',
      {
        config: { access: ['anyone'] },
        schema: { hide: true, querystring: z.object({ year: z.string().max(20).optional() }) },
      },
      async (request, reply) => {
        const year = await namedOrCurrentYear(db, request.query.year);
        if (!year) return reply.page((ctx) => <NoProgramYearPage ctx={ctx} title="Regional Partners" />);
        const { partners } = await listDirectory(db, { year: year.name });
        return reply.page((ctx) => <DirectoryPage ctx={ctx} year={year} partners={partners} />);
      },
    );
  };
}

/**
 * The year a page names, or the current one. With none named and none marked current yet (a new portal) the
 * answer is undefined, which the pages explain, rather than the lookup's 404.
 */
async function namedOrCurrentYear(
  db: Kysely<Database>,
  name: string | undefined,
): Promise<ProgramYear | undefined> {
  return name !== undefined && name.trim() !== '' ? resolveProgramYear(db, name) : currentProgramYear(db);
}

interface FinderAnswer {
  status: number;
  errors: FieldError[];
  lookup?: LookupResponse;
}

/** Errors the visitor fixes in the form itself, shown beside the field; anything else is the error page's. */
const FORM_ERRORS = new Set(['INVALID_INPUT', 'ZIP_NOT_FOUND']);

async function answerQuery(
  deps: LookupDeps,
  query: { zip?: string | undefined; state?: string | undefined },
  year: ProgramYear,
): Promise<FinderAnswer> {
  // A bare /find shows the form; a submitted form, even an empty one, is answered.
  if (query.zip === undefined && query.state === undefined) return { status: 200, errors: [] };
  try {
    const lookup = await lookupRegion(deps, { zip: query.zip, state: query.state, year: year.name });
    return { status: 200, errors: [], lookup };
  } catch (error) {
    if (!(error instanceof AppError) || !FORM_ERRORS.has(error.code)) throw error;
    // An unknown ZIP code carries no field path, but it is the ZIP field that needs fixing.
    const errors =
      error.fieldErrors.length > 0 ? error.fieldErrors : [{ path: 'zip', message: error.message }];
    return { status: error.status, errors };
  }
}
