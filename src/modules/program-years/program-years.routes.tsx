import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, type FormState, type PageContext } from '../../platform/ui/index.js';
import { getReminderRules, setReminderRules } from '../workshops/workshops.reminders.service.js';
import {
  makeCurrentConfirmation,
  ProgramYearsPage,
  ReminderRulesPage,
  type YearCreateForm,
  type YearSettingsForm,
} from './program-years.views.js';
import {
  programYearCreateSchema,
  reminderRulesInputSchema,
  reminderRulesSchema,
  programYearSchema,
  programYearSettingsSchema,
} from './program-years.schemas.js';
import {
  createProgramYear,
  listProgramYears,
  listStaffYears,
  makeProgramYearCurrent,
  previewCurrentYear,
  updateProgramYearSettings,
} from './program-years.service.js';

const yearParams = z.object({ name: z.string().max(20) });

const notices = defineNotices({
  'year-saved': 'The program year is saved.',
  'year-created-current': 'The program year is created. It is the current year: the finder shows it.',
  'year-made-current': 'The year is now current: the finder and the partner directory show it.',
  'reminders-saved': 'The reminders are saved, and the year’s published workshops rescheduled.',
});

export function programYearRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      '/api/v1/program-years',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Program years'],
          summary: 'All program years',
          response: { 200: z.array(programYearSchema) },
        },
      },
      () => listProgramYears(db),
    );

    app.post(
      '/api/v1/program-years',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Program years'],
          summary: 'Create a program year (staff)',
          body: programYearCreateSchema,
          response: { 201: programYearSchema, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createProgramYear(deps, { actor: request.actor, input: request.body })),
    );

    app.patch(
      '/api/v1/program-years/:name',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Program years'],
          summary: "Change a year's settings (staff)",
          params: yearParams,
          body: programYearSettingsSchema,
          response: { 200: programYearSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        updateProgramYearSettings(deps, {
          actor: request.actor,
          name: request.params.name,
          input: request.body,
        }),
    );

    app.post(
      '/api/v1/program-years/:name/current',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Program years'],
          summary: 'Mark a year current (staff)',
          params: yearParams,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await makeProgramYearCurrent(deps, { actor: request.actor, name: request.params.name });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/program-years/:name/reminder-rules',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Program years'],
          summary: "A year's workshop reminder rules (staff)",
          params: yearParams,
          response: { 200: reminderRulesSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getReminderRules(deps, { actor: request.actor, year: request.params.name }),
    );

    app.put(
      '/api/v1/program-years/:name/reminder-rules',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Program years'],
          summary: "Replace a year's workshop reminder rules (staff)",
          description:
            'Each rule mails everyone with a seat, `daysBefore` days before the first session at `time` in the workshop’s zone. Published workshops that have not started are rescheduled at once; an empty list sends no reminders.',
          params: yearParams,
          body: reminderRulesInputSchema,
          response: { 200: reminderRulesSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        setReminderRules(deps, { actor: request.actor, year: request.params.name, input: request.body }),
    );

    app.get(
      '/staff/years/:name/reminders',
      { config: { access: ['staff'] }, schema: { hide: true, params: yearParams } },
      async (request, reply) => {
        const { year, rules } = await getReminderRules(deps, {
          actor: request.actor,
          year: request.params.name,
        });
        return reply.page((ctx) => (
          <ReminderRulesPage ctx={ctx} yearName={year} form={formState({ rules })} />
        ));
      },
    );

    app.post(
      '/staff/years/:name/reminders',
      { config: { access: ['staff'] }, schema: { hide: true, params: yearParams } },
      (request, reply) =>
        submitForm(request, reply, {
          // Every row left blank: no reminders.
          run: (input) =>
            setReminderRules(deps, {
              actor: request.actor,
              year: request.params.name,
              input: { rules: [], ...input },
            }),
          done: () => notices.redirect(reply, '/staff/years', 'reminders-saved'),
          again: (form, ctx) => <ReminderRulesPage ctx={ctx} yearName={request.params.name} form={form} />,
        }),
    );

    /** The years page, with whatever form was refused shown again. */
    async function yearsPage(
      request: FastifyRequest,
      forms: {
        createForm?: YearCreateForm;
        settings?: { yearName: string; form: YearSettingsForm };
        refusal?: FormState;
      } = {},
    ) {
      const page = await listStaffYears(db, { actor: request.actor, query: request.query });
      return (ctx: PageContext) => (
        <ProgramYearsPage
          ctx={ctx}
          page={page}
          createForm={forms.createForm ?? formState({ pmFte: '0.5' })}
          settings={forms.settings}
          refusal={forms.refusal}
        />
      );
    }

    app.get(
      '/staff/years',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => reply.page(await yearsPage(request)),
    );

    app.post('/staff/years', { config: { access: ['staff'] }, schema: { hide: true } }, (request, reply) =>
      submitForm(request, reply, {
        run: (input) => createProgramYear(deps, { actor: request.actor, input }),
        done: (year) =>
          notices.redirect(reply, '/staff/years', year.isCurrent ? 'year-created-current' : 'year-saved'),
        again: async (form, ctx) => (await yearsPage(request, { createForm: form }))(ctx),
      }),
    );

    app.post(
      '/staff/years/:name/settings',
      { config: { access: ['staff'] }, schema: { hide: true, params: yearParams } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) =>
            updateProgramYearSettings(deps, { actor: request.actor, name: request.params.name, input }),
          done: () => notices.redirect(reply, '/staff/years', 'year-saved'),
          again: async (form, ctx) =>
            (await yearsPage(request, { settings: { yearName: request.params.name, form } }))(ctx),
          page: '/staff/years',
        }),
    );

    app.post(
      '/staff/years/:name/current',
      { config: { access: ['staff'] }, schema: { hide: true, params: yearParams } },
      async (request, reply) => {
        // Asks first, saying what the public will see; only staff are asked (the others get the refusal).
        const year = await previewCurrentYear(db, { actor: request.actor, name: request.params.name });
        return submitForm(request, reply, {
          confirm: { confirmation: makeCurrentConfirmation(year), cancelHref: '/staff/years' },
          run: () => makeProgramYearCurrent(deps, { actor: request.actor, name: year.name }),
          done: () => notices.redirect(reply, '/staff/years', 'year-made-current'),
          again: async (form, ctx) => (await yearsPage(request, { refusal: form }))(ctx),
          page: '/staff/years',
        });
      },
    );
  };
}
