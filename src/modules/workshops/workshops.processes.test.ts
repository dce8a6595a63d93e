import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { jsonRequest } from '../../../tests/helpers/portal.js';
import { startSecondProcess, type SecondProcess } from '../../../tests/helpers/second-process.js';
import type { Enrollment } from './workshops.enrollments.schemas.js';
import { createWorkshop, test, useWorkshopPortal } from './workshops.fixture.js';

useWorkshopPortal();

// A deployment of several app processes is a PostgreSQL one; on SQLite one process is the deployment.
describe.runIf(inject('postgresUrl'))('two app processes on PostgreSQL', () => {
  let second: SecondProcess;
  beforeAll(async () => {
    second = await startSecondProcess(test);
  }, 60_000);
  afterAll(async () => {
    await second.close();
  });

  it('seat exactly the capacity when sign-ups arrive at both at once', async () => {
    const workshop = await createWorkshop({ capacity: 10 }, { publish: true });
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        const base = index % 2 === 0 ? test.url : second.url;
        const response = await fetch(
          `${base}/api/v1/workshops/${workshop.id}/enrollments`,
          jsonRequest(test, 'POST', {
            name: `Racer ${index}`,
            email: `racer${index}@example.org`,
            role: 'teacher',
          }),
        );
        return { status: response.status, body: (await response.json()) as Enrollment };
      }),
    );
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: 40 }, () => 201));
    expect(results.filter((result) => result.body.status === 'enrolled')).toHaveLength(10);
    const positions = results.flatMap((result) => result.body.waitlistPosition ?? []).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
  });
});
