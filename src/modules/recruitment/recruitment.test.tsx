import { parse } from 'csv-parse/sync';
import { renderToString } from 'preact-render-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import { formRequest } from '../../../tests/helpers/portal.js';
import { SEEDER } from '../../../tests/helpers/seed.js';
import { createCourse } from '../courses/courses.service.js';
import {
  api,
  EVERYONE,
  partnerA,
  partnerB,
  test,
  userOf,
  useWorkshopPortal,
  type Who,
} from '../workshops/workshops.fixture.js';
import { GoalBars } from './recruitment.charts.js';
import { insertDirectory } from './recruitment.fixture.js';
import { weeklyCommitted } from './recruitment.progress.js';
import type { Progress, Target, TargetDetail } from './recruitment.schemas.js';

useWorkshopPortal();

// A district whose LEAID starts with zeros, schools in it, a closed one, and one whose name reads like a formula.
const DISTRICT = '0100005';
beforeAll(async () => {
  await insertDirectory(test, {
    districts: [
      { ncesId: DISTRICT, name: 'Cascade Valley School District' },
      { ncesId: '0612345', name: 'Rainier Unified' },
      { ncesId: '1700001', name: 'Cascade Prairie District', city: 'Chicago', state: 'IL' },
    ],
    schools: [
      {
        id: 'sch-1',
        ncesId: '010000500870',
        districtNcesId: DISTRICT,
        districtName: 'Cascade Valley School District',
        name: 'Cascade High School',
      },
      {
        id: 'sch-2',
        ncesId: '010000500871',
        districtNcesId: DISTRICT,
        districtName: 'Cascade Valley School District',
        name: 'Cascade Middle School',
      },
      { id: 'sch-3', ncesId: '010000500872', name: 'Cascade Elementary', closed: true },
      { id: 'sch-4', ncesId: '061234500001', name: '=HYPERLINK("http://x.example")' },
      { id: 'sch-5', ncesId: '061234500002', name: 'Rainier Beach High School' },
    ],
  });
});

const base = (partnerId = partnerA.id) => `/api/v1/partners/${partnerId}/recruitment`;

async function addTarget(body: Record<string, unknown>, who: Who = 'pmA', partnerId = partnerA.id) {
  return api('POST', `${base(partnerId)}/targets`, who, { courseId: 'csp', ...body });
}

async function added(body: Record<string, unknown>, who: Who = 'pmA', partnerId = partnerA.id) {
  const response = await addTarget(body, who, partnerId);
  if (response.status !== 201)
    throw new Error(`add failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as unknown as Target;
}

async function count(table: 'recruitmentTargets' | 'targetEvents' | 'recruitmentGoals') {
  const row = await test.deps.db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function userId(who: Who): Promise<string> {
  const email = userOf(who)?.email ?? '';
  const row = await test.deps.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function page(path: string, who: Who = 'pmA') {
  return fetch(`${test.url}${path}`, { headers: { cookie: userOf(who)?.cookie ?? '' }, redirect: 'manual' });
}

async function post(path: string, fields: Record<string, string>, who: Who = 'pmA') {
  return fetch(`${test.url}${path}`, formRequest(test, fields, userOf(who)?.cookie));
}

describe('the pipeline', () => {
  it('finds open districts and schools by the start of their name, ids as published', async () => {
    const found = await api('GET', `${base()}/directory?q=${encodeURIComponent('  CASCADE ')}`, 'pmA');
    expect(found.status).toBe(200);
    const entries = found.body.entries as { kind: string; directoryId: string; name: string }[];
    expect(entries.map((entry) => `${entry.kind}:${entry.directoryId}`).sort()).toEqual([
      'district:0100005',
      'district:1700001',
      'school:sch-1',
      'school:sch-2',
    ]);
    expect((await api('GET', `${base()}/directory?q=c`, 'pmA')).status).toBe(400);
  });

  it('records every stage change with who and when, in order', async () => {
    const target = await added({ kind: 'district', directoryId: DISTRICT });
    expect(target).toMatchObject({
      kind: 'district',
      directoryId: '0100005',
      ncesId: '0100005',
      name: 'Cascade Valley School District',
      stage: 'prospect',
      programYear: '2027-28',
      courseName: expect.stringContaining('Principles') as string,
    });
    const before = Date.now();
    const moved = await api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'pmA', {
      stage: 'contacted',
    });
    expect(moved.status).toBe(200);
    const again = await api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'staff', {
      stage: 'interested',
      nextStep: 'Meet the superintendent',
      nextStepOn: '2027-03-15',
    });
    expect(again.status).toBe(200);
    const detail = again.body as unknown as TargetDetail;
    expect(detail).toMatchObject({
      stage: 'interested',
      nextStep: 'Meet the superintendent',
      nextStepOn: '2027-03-15',
    });
    expect(detail.history.map((event) => [event.actorEmail, event.fromStage, event.toStage])).toEqual([
      [userOf('pmA')?.email, null, 'prospect'],
      [userOf('pmA')?.email, 'prospect', 'contacted'],
      [userOf('staff')?.email, 'contacted', 'interested'],
    ]);
    expect(detail.history[2]?.note).toContain('Next step: Meet the superintendent');
    for (const event of detail.history.slice(1)) {
      expect(Date.parse(event.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(event.at)).toBeLessThanOrEqual(Date.now());
    }
    // The same body again changes nothing and writes nothing.
    const events = await count('targetEvents');
    await api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'staff', { stage: 'interested' });
    expect(await count('targetEvents')).toBe(events);
  });

  it('keeps the history a chain when people move one card at once: each move starts where the last ended', async () => {
    const target = await added({ kind: 'school', directoryId: 'sch-1', courseId: 'csd' });
    const stages = ['contacted', 'interested', 'committed', 'declined', 'contacted', 'interested'];
    const responses = await Promise.all(
      stages.map((stage, index) =>
        api('PATCH', `/api/v1/recruitment/targets/${target.id}`, index % 2 ? 'pmA' : 'staff', { stage }),
      ),
    );
    expect(
      responses.map((response) => response.status).every((status) => status === 200 || status === 409),
    ).toBe(true);
    const detail = (await api('GET', `/api/v1/recruitment/targets/${target.id}`, 'pmA'))
      .body as unknown as TargetDetail;
    const moves = detail.history.filter((event) => event.toStage !== null);
    for (const [index, move] of moves.entries()) {
      expect(move.fromStage).toBe(index === 0 ? null : moves[index - 1]?.toStage);
    }
    expect(moves.at(-1)?.toStage).toBe(detail.stage);
  });

  it('gives a target to one of the partner’s own managers only', async () => {
    const target = await added({ kind: 'school', directoryId: 'sch-5' });
    const events = await count('targetEvents');
    const foreign = await api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'pmA', {
      owner: await userId('pmB'),
    });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('program managers');
    expect(await count('targetEvents')).toBe(events);
    const own = await api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'pmA', {
      owner: await userId('pmA'),
    });
    expect(own.body).toMatchObject({ owner: { email: userOf('pmA')?.email } });
  });

  it('refuses bad input with a message, writing nothing', async () => {
    const target = await added({ kind: 'school', directoryId: 'sch-2', courseId: 'csd' });
    const [targets, events, goals] = [
      await count('recruitmentTargets'),
      await count('targetEvents'),
      await count('recruitmentGoals'),
    ];
    const cases: [Promise<{ status: number; body: Record<string, unknown> }>, number, RegExp][] = [
      [addTarget({ kind: 'district', directoryId: '100005' }), 404, /no district with the NCES id 100005/],
      [addTarget({ kind: 'school', directoryId: 'nope' }), 404, /no school/],
      [addTarget({ kind: 'school', directoryId: 'sch-3' }), 400, /Cascade Elementary is marked closed/],
      [addTarget({ kind: 'county', directoryId: DISTRICT }), 400, /district or a school/],
      [addTarget({ kind: 'district', directoryId: DISTRICT, courseId: 'csf' }), 400, /recruit for/],
      [
        addTarget({ kind: 'district', directoryId: DISTRICT, courseId: 'counselor-admin' }),
        400,
        /recruit for/,
      ],
      [addTarget({ kind: 'district', directoryId: DISTRICT, programYear: '2030-31' }), 404, /2030-31/],
      [addTarget({ kind: 'school', directoryId: 'sch-2', courseId: 'csd' }), 409, /already in the/],
      [
        api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'pmA', { stage: 'won' }),
        400,
        /Choose a stage/,
      ],
      [
        api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'pmA', { nextStepOn: '2027-02-30' }),
        400,
        /no such date/,
      ],
      [api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'pmA', { color: 'red' }), 400, /./],
      [
        api('PATCH', '/api/v1/recruitment/targets/missing', 'pmA', { stage: 'contacted' }),
        404,
        /no such target/,
      ],
      [
        api('PUT', `${base()}/goals`, 'pmA', {
          courseId: 'csp',
          districtsCommitted: -1,
          schoolsCommitted: 3,
          teachersAccepted: 10,
        }),
        400,
        /cannot be negative/,
      ],
      [
        api('PUT', `${base()}/goals`, 'pmA', {
          courseId: 'csp',
          districtsCommitted: 1.5,
          schoolsCommitted: 3,
          teachersAccepted: 10,
        }),
        400,
        /whole number/,
      ],
    ];
    for (const [call, status, message] of cases) {
      const response = await call;
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(JSON.stringify(response.body)).toMatch(message);
    }
    expect([
      await count('recruitmentTargets'),
      await count('targetEvents'),
      await count('recruitmentGoals'),
    ]).toEqual([targets, events, goals]);
    expect((await api('GET', `/api/v1/recruitment/targets/${target.id}`, 'pmA')).body).toMatchObject({
      stage: 'prospect',
    });
  });
});

describe('goals and progress', () => {
  it('lets staff and the partner’s managers set goals, and counts what is committed against them', async () => {
    const byStaff = await api('PUT', `${base(partnerB.id)}/goals`, 'staff', {
      courseId: 'csd',
      districtsCommitted: 2,
      schoolsCommitted: 4,
      teachersAccepted: 20,
    });
    expect(byStaff.status).toBe(200);
    const byPartner = await api('PUT', `${base(partnerB.id)}/goals`, 'pmB', {
      programYear: '2027-28',
      courseId: 'csd',
      districtsCommitted: '3',
      schoolsCommitted: 4,
      teachersAccepted: 25,
    });
    expect(byPartner.body).toMatchObject({ courseId: 'csd', districtsCommitted: 3, teachersAccepted: 25 });
    expect((await api('GET', `${base(partnerB.id)}/goals`, 'pmB')).body).toMatchObject({
      goals: [{ courseId: 'csd', districtsCommitted: 3, schoolsCommitted: 4, teachersAccepted: 25 }],
    });

    const district = await added(
      { kind: 'district', directoryId: '1700001', courseId: 'csd' },
      'pmB',
      partnerB.id,
    );
    const school = await added({ kind: 'school', directoryId: 'sch-1', courseId: 'csd' }, 'pmB', partnerB.id);
    const other = await added({ kind: 'school', directoryId: 'sch-5', courseId: 'csd' }, 'pmB', partnerB.id);
    for (const target of [district, school, other]) {
      await api('PATCH', `/api/v1/recruitment/targets/${target.id}`, 'pmB', { stage: 'committed' });
    }
    await api('PATCH', `/api/v1/recruitment/targets/${other.id}`, 'pmB', { stage: 'declined' });

    const progress = (await api('GET', `${base(partnerB.id)}/progress?year=2027-28`, 'pmB'))
      .body as unknown as Progress;
    const csd = progress.courses.find((course) => course.courseId === 'csd');
    expect(csd).toMatchObject({
      goal: { districts: 3, schools: 4, teachers: 25 },
      committed: { districts: 1, schools: 1, teachers: 0 },
    });
    expect(csd?.weekly.at(-1)).toMatchObject({ districts: 1, schools: 1 });
    expect(progress.courses.map((course) => course.courseId)).toEqual(['csd', 'csp']);

    // The chart's bars carry those numbers, and the staff view puts partner B beside partner A.
    const html = await (await page(`/partner/recruitment/progress?partner=${partnerB.id}`, 'pmB')).text();
    const bars = barsOf(html, 'progress-bars');
    expect(bars).toContainEqual({ group: csd?.courseName, measure: 'districts', value: 1, goal: '3' });
    expect(bars).toContainEqual({ group: csd?.courseName, measure: 'schools', value: 1, goal: '4' });
    expect(bars).toContainEqual({ group: csd?.courseName, measure: 'teachers', value: 0, goal: '25' });
    expect(html).toMatch(/<title id="progress-bars-title">[^<]*2027-28<\/title>/);
    expect(html).toContain('<caption>');
    const staffHtml = await (await page('/staff/recruitment?year=2027-28', 'staff')).text();
    expect(barsOf(staffHtml, 'partners-bars')).toContainEqual({
      group: partnerB.name,
      measure: 'districts',
      value: 1,
      goal: '3',
    });
    expect(staffHtml).toContain(partnerA.name);
  });

  it('draws bars in proportion, each with its numbers in a title', () => {
    const svg = renderToString(
      <GoalBars
        id="t"
        title="Test chart"
        groups={[
          { label: 'One', bars: [{ measure: 'districts', value: 5, goal: 10 }] },
          { label: 'Two', bars: [{ measure: 'districts', value: 10, goal: null }] },
        ]}
      />,
    );
    const rects = [
      ...svg.matchAll(/<rect class="chart-bar[^"]*" x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)"/g),
    ];
    const [one, two] = rects.map((match) => Number(match[2]));
    expect(one && two && one / two).toBeCloseTo(0.5);
    expect(svg).toContain('<title>One: districts committed 5, goal 10</title>');
    expect(svg).toContain('<title>Two: districts committed 10, no goal set</title>');
  });

  it('counts committed by week from the history, a decline taking one off in its week', () => {
    const moves = [
      {
        targetId: 'a',
        courseId: 'csp',
        kind: 'district' as const,
        toStage: 'committed' as const,
        at: '2027-01-05T10:00:00Z',
        seq: 2,
      },
      {
        targetId: 'b',
        courseId: 'csp',
        kind: 'school' as const,
        toStage: 'committed' as const,
        at: '2027-01-13T10:00:00Z',
        seq: 2,
      },
      {
        targetId: 'a',
        courseId: 'csp',
        kind: 'district' as const,
        toStage: 'declined' as const,
        at: '2027-01-20T10:00:00Z',
        seq: 3,
      },
    ];
    expect(weeklyCommitted(moves, '2027-01-27T00:00:00Z')).toEqual([
      { weekOf: '2027-01-04', districts: 1, schools: 0 },
      { weekOf: '2027-01-11', districts: 1, schools: 1 },
      { weekOf: '2027-01-18', districts: 0, schools: 1 },
      { weekOf: '2027-01-25', districts: 0, schools: 1 },
    ]);
  });
});

/** The bars of one chart on a page, read from its SVG: group, measure, value and goal of each. */
function barsOf(html: string, id: string) {
  const svg = new RegExp(`<svg[^>]*id="${id}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
  return svg
    .split('<g data-group="')
    .slice(1)
    .flatMap((part) => {
      const group = part.slice(0, part.indexOf('"')).replace(/&amp;/g, '&');
      return [...part.matchAll(/<rect[^>]*data-measure="(\w+)" data-value="(\d+)" data-goal="(\d*)"/g)].map(
        (match) => ({
          group,
          measure: match[1],
          value: Number(match[2]),
          goal: match[3],
        }),
      );
    });
}

describe('the pages', () => {
  it('move a card by its form, without JavaScript, and show the board by stage', async () => {
    const target = await added({ kind: 'school', directoryId: 'sch-1' });
    const moved = await post(`/partner/recruitment/targets/${target.id}?from=board`, { stage: 'committed' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toContain('/partner/recruitment?partner=');
    const board = await (await page(`/partner/recruitment?course=csp`)).text();
    const committed = /<section[^>]*data-stage="committed"[\s\S]*?<\/section>/.exec(board)?.[0] ?? '';
    expect(committed).toContain('Cascade High School');
    expect(board).toContain(`action="/partner/recruitment/targets/${target.id}?from=board"`);
    const refused = await post(`/partner/recruitment/targets/${target.id}`, { stage: 'won' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Choose a stage');
  });

  it('add a target from a directory search on the board', async () => {
    const search = await (await page('/partner/recruitment?course=csd&q=rainier')).text();
    expect(search).toContain('Rainier Unified');
    const response = await post(`/partner/recruitment/targets?partner=${partnerA.id}`, {
      programYear: '2027-28',
      courseId: 'csd',
      kind: 'district',
      directoryId: '0612345',
    });
    expect(response.status).toBe(303);
    const list = await api('GET', `${base()}/targets?course=csd&kind=district`, 'pmA');
    expect((list.body.targets as Target[]).map((one) => one.name)).toContain('Rainier Unified');
    const again = await (await page('/partner/recruitment?course=csd&q=rainier')).text();
    expect(again).toMatch(
      /Rainier Unified<\/a> <span class="muted">\([^)]*\)<\/span>: already in the pipeline, prospect/,
    );
    expect(again).not.toContain('value="0612345"');
  });

  it('change a target’s owner, next step and notes from its page, each in its history', async () => {
    const target = await added({ kind: 'district', directoryId: '0612345' });
    const saved = await post(`/partner/recruitment/targets/${target.id}`, {
      stage: 'contacted',
      owner: await userId('pmA'),
      nextStep: 'Send the course flyer',
      nextStepOn: '2027-04-01',
      notes: 'Met at the state conference.',
    });
    expect(saved.status).toBe(303);
    const html = await (await page(`/partner/recruitment/targets/${target.id}`)).text();
    expect(html).toContain('Prospect → Contacted');
    expect(html).toContain('Next step: Send the course flyer');
    expect(html).toContain('Met at the state conference.');
    const refused = await post(`/partner/recruitment/targets/${target.id}`, {
      stage: 'contacted',
      owner: await userId('pmB'),
      nextStep: 'Send the course flyer',
      nextStepOn: '2027-04-01',
      notes: 'Changed?',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Changed?');
    expect((await api('GET', `/api/v1/recruitment/targets/${target.id}`, 'pmA')).body).toMatchObject({
      notes: 'Met at the state conference.',
    });
  });

  it('set goals from the progress page, a negative one refused beside its field', async () => {
    const fields = {
      programYear: '2027-28',
      courseId: 'csp',
      districtsCommitted: '4',
      schoolsCommitted: '-2',
      teachersAccepted: '30',
    };
    const goals = await count('recruitmentGoals');
    const refused = await post(`/partner/recruitment/goals?partner=${partnerA.id}`, fields);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('The number of schools cannot be negative.');
    expect(await count('recruitmentGoals')).toBe(goals);
    const saved = await post(`/partner/recruitment/goals?partner=${partnerA.id}`, {
      ...fields,
      schoolsCommitted: '8',
    });
    expect(saved.status).toBe(303);
    expect((await api('GET', `${base()}/goals`, 'pmA')).body).toMatchObject({
      goals: [{ courseId: 'csp', districtsCommitted: 4, schoolsCommitted: 8, teachersAccepted: 30 }],
    });
  });

  it('send staff without a partner in the address to every partner’s progress', async () => {
    for (const path of [
      '/partner/recruitment',
      '/partner/recruitment/list',
      '/partner/recruitment/progress',
    ]) {
      const response = await page(path, 'staff');
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/recruitment');
    }
    expect((await api('GET', `${base()}/targets?stage=won`, 'pmA')).status).toBe(400);
  });

  it('give every element of each page an id of its own', async () => {
    const target = await added({ kind: 'school', directoryId: 'sch-5', courseId: 'csd' });
    for (const path of [
      '/partner/recruitment?course=csp&q=cascade',
      '/partner/recruitment/list',
      '/partner/recruitment/progress',
      `/partner/recruitment/targets/${target.id}`,
    ]) {
      const ids = [...(await (await page(path)).text()).matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
      expect(
        ids.filter((id, index) => ids.indexOf(id) !== index),
        path,
      ).toEqual([]);
    }
  });

  it('export the list as a spreadsheet: BOM, CRLF, a header, formulas shown not run', async () => {
    await added({ kind: 'school', directoryId: 'sch-4' });
    const response = await page(`/partner/recruitment/targets.csv?partner=${partnerA.id}&course=csp`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'Course,Kind,NCES id,Name,District,City,State,Stage,Owner,Next step,Next step on,Notes,Last changed (UTC)',
    );
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = parse<Record<string, string>>(text, { columns: true });
    expect(rows.find((row) => row['NCES id'] === '0100005')).toMatchObject({ Kind: 'District', State: 'WA' });
    expect(rows.map((row) => row.Name)).toContain(`'=HYPERLINK("http://x.example")`);
  });
});

describe('the courses and the API document', () => {
  it('recruits for a course staff add, never for counselor and administrator workshops', async () => {
    const course = await createCourse(test.deps, { actor: SEEDER, input: { name: 'AI Foundations' } });
    const other = await createCourse(test.deps, {
      actor: SEEDER,
      input: { name: 'Principals’ briefing', kind: 'counselor_admin' },
    });
    expect((await addTarget({ kind: 'district', directoryId: DISTRICT, courseId: course.id })).status).toBe(
      201,
    );
    expect((await addTarget({ kind: 'district', directoryId: DISTRICT, courseId: other.id })).status).toBe(
      400,
    );
    const progress = (await api('GET', `${base()}/progress`, 'pmA')).body as unknown as Progress;
    expect(progress.courses.map((one) => one.courseName)).toContain('AI Foundations');
    expect(progress.courses.map((one) => one.courseName)).not.toContain('Principals’ briefing');
  });

  it('describes the pipeline’s API in the OpenAPI document', async () => {
    const document = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/partners/{id}/recruitment/targets',
        '/api/v1/recruitment/targets/{id}',
        '/api/v1/partners/{id}/recruitment/goals',
        '/api/v1/partners/{id}/recruitment/progress',
      ]),
    );
    expect(
      JSON.stringify(document.paths['/api/v1/partners/{id}/recruitment/goals']?.put?.requestBody),
    ).toContain('teachersAccepted');
    expect(JSON.stringify(document.paths['/api/v1/recruitment/targets/{id}']?.patch?.requestBody)).toContain(
      'nextStepOn',
    );
  });
});

describe('who may do what', () => {
  it('lets only staff and the partner’s own managers use each route; partner B never reads A’s pipeline', async () => {
    const target = await added({ kind: 'school', directoryId: 'sch-2' });
    const goals = { courseId: 'csp', districtsCommitted: 1, schoolsCommitted: 1, teachersAccepted: 1 };
    const expected: Record<Who, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      pmB: 403,
      pmA: 200,
      staff: 200,
    };
    const calls: [string, string, unknown?][] = [
      ['GET', `${base()}/targets`],
      ['GET', `${base()}/directory?q=cascade`],
      ['GET', `/api/v1/recruitment/targets/${target.id}`],
      ['PATCH', `/api/v1/recruitment/targets/${target.id}`, { notes: 'Called twice.' }],
      ['GET', `${base()}/goals`],
      ['PUT', `${base()}/goals`, goals],
      ['GET', `${base()}/progress`],
    ];
    for (const who of EVERYONE) {
      for (const [method, path, body] of calls) {
        const response = await api(method, path, who, body);
        expect(response.status, `${who} ${method} ${path}`).toBe(expected[who]);
      }
      const post = await addTarget({ kind: 'district', directoryId: '1700001' }, who);
      expect(post.status, `${who} adds`).toBe(
        expected[who] === 200 ? (who === 'pmA' ? 201 : 409) : expected[who],
      );
      for (const path of [
        `/partner/recruitment?partner=${partnerA.id}`,
        `/partner/recruitment/list?partner=${partnerA.id}`,
        `/partner/recruitment/progress?partner=${partnerA.id}`,
        `/partner/recruitment/targets/${target.id}`,
        `/partner/recruitment/targets.csv?partner=${partnerA.id}`,
      ]) {
        const response = await page(path, who);
        expect(response.status, `${who} ${path}`).toBe(who === 'anonymous' ? 303 : expected[who]);
      }
      const staffPage = await page('/staff/recruitment', who);
      expect(staffPage.status, `${who} staff page`).toBe(
        who === 'anonymous' ? 303 : who === 'staff' ? 200 : 403,
      );
    }
    // Nothing partner B tried changed A's target.
    const detail = (await api('GET', `/api/v1/recruitment/targets/${target.id}`, 'pmA'))
      .body as unknown as TargetDetail;
    expect(detail.history.filter((event) => event.actorEmail === userOf('pmB')?.email)).toEqual([]);
  });
});
