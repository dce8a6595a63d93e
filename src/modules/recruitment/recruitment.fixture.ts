import type { TestPortal } from '../../../tests/helpers/portal.js';
import { nowIso } from '../../platform/ids.js';
import { searchKey } from '../schools/schools.schemas.js';

export interface TestDistrict {
  ncesId: string;
  name: string;
  city?: string;
  state?: string;
}

export interface TestSchool {
  id: string;
  ncesId?: string | null;
  districtNcesId?: string | null;
  districtName?: string | null;
  name: string;
  city?: string;
  state?: string;
  zip?: string;
  closed?: boolean;
}

/**
 * Districts and schools in the directory for the recruitment tests: the one place they are written, so that the
 * directory's own fixture (or its import) can take its place.
 */
export async function insertDirectory(
  test: TestPortal,
  entries: { districts?: readonly TestDistrict[]; schools?: readonly TestSchool[] },
): Promise<void> {
  const db = test.deps.db.kysely;
  const now = nowIso();
  for (const district of entries.districts ?? []) {
    await db
      .insertInto('districts')
      .values({
        ncesId: district.ncesId,
        name: district.name,
        nameKey: searchKey(district.name),
        street: null,
        city: district.city ?? 'Seattle',
        state: district.state ?? 'WA',
        zip: null,
        county: null,
        districtType: 'Regular local school district',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }
  for (const school of entries.schools ?? []) {
    const city = school.city ?? 'Seattle';
    await db
      .insertInto('schools')
      .values({
        id: school.id,
        ncesId: school.ncesId ?? null,
        districtNcesId: school.districtNcesId ?? null,
        districtName: school.districtName ?? null,
        name: school.name,
        nameKey: searchKey(school.name),
        street: null,
        city,
        cityKey: searchKey(city),
        state: school.state ?? 'WA',
        zip: school.zip ?? '98104',
        county: null,
        gradeLow: '09',
        gradeHigh: '12',
        schoolType: 'Regular School',
        charter: 0,
        closed: school.closed ? 1 : 0,
        source: 'nces',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  }
}
