import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors.js';
import { confirmFirst, submitForm } from './forms.js';
import { registerPages } from './http.js';
import { Form, Layout, TextField, type Confirmation, type FormState } from './ui/index.js';
import { parseInput } from './validation.js';

// The form path and the confirmation step on a small real server of their own: a form, its schema and a
// domain function that refuses in each of the ways a real one does.

const rowSchema = z.object({
  title: z.string().trim().min(1, 'Enter a title.'),
  staff: z
    .array(
      z.object({ name: z.string().min(1, 'Enter a name.'), fte: z.coerce.number().max(0.5, 'At most 0.5.') }),
    )
    .default([]),
});
type RowInput = z.input<typeof rowSchema>;

const REMOVE: Confirmation = {
  title: 'Remove this region?',
  message: 'The finder will no longer send people here.',
  confirmLabel: 'Remove the region',
};

let app: FastifyInstance;
let url: string;
const done: unknown[] = [];

function Page({ ctx, form }: { ctx: Parameters<typeof Layout>[0]['ctx']; form: FormState<RowInput> }) {
  return (
    <Layout ctx={ctx} title="Rows">
      <Form ctx={ctx} action="/rows" form={form} submit="Save">
        <TextField form={form} name="title" label="Title" />
        <TextField form={form} name="staff.0.name" label="Name" />
        <TextField form={form} name="staff.0.fte" label="FTE" />
        <TextField form={form} name="staff.1.name" label="Name" />
        <TextField form={form} name="staff.1.fte" label="FTE" />
      </Form>
    </Layout>
  );
}

beforeAll(async () => {
  app = Fastify();
  await app.register(cookie);
  await app.register(formbody);
  registerPages(app, { programName: 'Test', baseUrl: 'http://localhost' });
  // Who is asking, as the portal's session hook would say: a header stands in for the session here.
  app.decorateRequest('actor', null);
  app.addHook('onRequest', (request, _reply, next) => {
    request.actor = request.headers['x-test-actor']
      ? { id: 'u1', email: 'pm@example.org', name: 'P M', roles: ['program_manager'], partnerIds: [] }
      : null;
    next();
  });
  app.setErrorHandler((error, _request, reply) =>
    reply.status(error instanceof AppError ? error.status : 500).send({ code: (error as AppError).code }),
  );
  app.post('/rows', (request, reply) =>
    submitForm(request, reply, {
      run: (input) => {
        const parsed = parseInput(rowSchema, input);
        if (parsed.title === 'taken')
          throw new AppError('CONFLICT', 'That title is taken.', [
            { path: 'title', message: 'Choose another title.' },
          ]);
        if (parsed.title === 'forbidden') throw new AppError('FORBIDDEN', 'Not yours.');
        if (parsed.title === 'gone') throw new AppError('NOT_FOUND', 'Not there.');
        done.push(parsed);
        return Promise.resolve(parsed);
      },
      done: () => reply.redirect('/rows?notice=saved', 303),
      again: (form, ctx) => <Page ctx={ctx} form={form} />,
      page: '/rows/edit',
    }),
  );
  app.post('/regions/remove', (request, reply) =>
    confirmFirst(request, reply, { confirmation: REMOVE, cancelHref: '/regions' }, async () => {
      done.push('removed');
      return reply.redirect('/regions', 303);
    }),
  );
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
});

function post(path: string, fields: [string, string][], signedIn = true) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signedIn ? { 'x-test-actor': 'yes' } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('the form path', () => {
  it('runs the domain function with the nested input and answers with done', async () => {
    done.length = 0;
    const response = await post('/rows', [
      ['_csrf', 'token'],
      ['title', 'Plan'],
      ['staff.0.name', 'Ana'],
      ['staff.0.fte', '0.25'],
      ['staff.1.name', ''],
      ['staff.1.fte', ''],
    ]);
    expect(response.status).toBe(303);
    expect(done).toEqual([{ title: 'Plan', staff: [{ name: 'Ana', fte: 0.25 }] }]);
  });

  it('shows the same form again with what was typed, each message beside its field and in the summary', async () => {
    const response = await post('/rows', [
      ['title', ' '],
      ['staff.0.name', ''],
      ['staff.0.fte', ''],
      ['staff.1.name', 'Ben'],
      ['staff.1.fte', '0.75'],
    ]);
    expect(response.status).toBe(400);
    const html = await response.text();
    // The blank spare row went; Ben is row 0 now, and his message is beside his field.
    expect(html).toContain('<input id="field-staff.0.name" name="staff.0.name" type="text" value="Ben"/>');
    expect(html).toContain('<a href="#field-staff.0.fte">At most 0.5.</a>');
    expect(html).toMatch(
      /<p class="error" id="field-staff\.0\.fte-error">.*At most 0\.5\.<\/p><input id="field-staff\.0\.fte" name="staff\.0\.fte" aria-invalid="true" aria-describedby="field-staff\.0\.fte-error" type="text" value="0\.75"\/>/,
    );
    expect(html).toContain('<a href="#field-title">Enter a title.</a>');
    // Each message once in the summary; a reload opens the form's page instead of posting again.
    expect(html.match(/Enter a title\./g)).toHaveLength(2);
    expect(html).toContain('data-reload-url="/rows/edit"');
  });

  it('shows a refusal that names a field on the form too, with its status', async () => {
    const response = await post('/rows', [['title', 'taken']]);
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain('That title is taken.');
    expect(html).toContain('<a href="#field-title">Choose another title.</a>');
    expect(html).toContain('value="taken"');
  });

  it('leaves not allowed and not found to the error handler', async () => {
    expect((await post('/rows', [['title', 'forbidden']])).status).toBe(403);
    const gone = await post('/rows', [['title', 'gone']]);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).not.toContain('text/html');
  });
});

describe('the confirmation step', () => {
  it('asks on a page of its own, carrying every field, and changes nothing until confirmed', async () => {
    done.length = 0;
    const ask = await post('/regions/remove', [
      ['_csrf', 'token'],
      ['unit', 'WA:King'],
    ]);
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(done).toEqual([]);
    expect(html).toContain('<h1>Remove this region?</h1>');
    expect(html).toContain('The finder will no longer send people here.');
    expect(html).toContain('<input type="hidden" name="unit" value="WA:King"/>');
    expect(html).toContain('<input type="hidden" name="confirmed" value="yes"/>');
    expect(html).toContain('<button type="submit" class="warning">Remove the region</button>');
    expect(html).toContain('<a href="/regions">No, go back</a>');

    const confirmed = await post('/regions/remove', [
      ['unit', 'WA:King'],
      ['confirmed', 'yes'],
    ]);
    expect(confirmed.status).toBe(303);
    expect(done).toEqual(['removed']);
  });

  it('asks nobody who is not signed in: that is a 401, as the action itself would answer', async () => {
    done.length = 0;
    const anonymous = await post('/regions/remove', [['unit', 'WA:King']], false);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('Remove this region?');
    expect(done).toEqual([]);
  });

  it('asks again for anything but an explicit yes', async () => {
    done.length = 0;
    const maybe = await post('/regions/remove', [['confirmed', 'true']]);
    expect(maybe.status).toBe(200);
    expect(done).toEqual([]);
  });
});
