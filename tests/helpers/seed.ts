import type { Actor } from '../../src/platform/actor.js';
import type { Partner, PartnerInput } from '../../src/modules/partners/partners.schemas.js';
import { createPartner } from '../../src/modules/partners/partners.service.js';
import { createProgramYear } from '../../src/modules/program-years/program-years.service.js';
import { assignRegion } from '../../src/modules/regions/regions.service.js';
import type { TestPortal } from './portal.js';

/** Seeding runs the domain functions as staff would, without an account. */
export const SEEDER: Actor = {
  id: 'seed',
  email: 'seed@example.org',
  name: 'Seed',
  roles: ['staff'],
  partnerIds: [],
};

/** Program years by name; the one named `current` becomes the current year. */
export async function seedYears(
  test: TestPortal,
  names: readonly string[],
  current: string,
  actor: Actor = SEEDER,
): Promise<void> {
  for (const name of names) {
    await createProgramYear(test.deps, { actor, input: { name, makeCurrent: name === current } });
  }
}

export interface SeedPartner {
  year: string;
  name: string;
  /** Region units as the API takes them: `WA`, `WA:King`, `98101`. */
  regions: readonly string[];
  /** Anything else of the partner's input; contact and one member organization default from the name. */
  input?: Partial<PartnerInput>;
  actor?: Actor;
}

/** A partner of `year` with one member organization of its own name, serving `regions`. */
export async function seedPartner(test: TestPortal, partner: SeedPartner): Promise<Partner> {
  const actor = partner.actor ?? SEEDER;
  const slug = partner.name.toLowerCase().replace(/[^a-z]+/g, '-');
  const created = await createPartner(test.deps, {
    actor,
    input: {
      programYear: partner.year,
      name: partner.name,
      contactName: `${partner.name} contact`,
      contactEmail: `${slug}@example.org`,
      organizations: [{ name: partner.name, role: 'professional learning' }],
      ...partner.input,
    },
  });
  for (const region of partner.regions) {
    await assignRegion(test.deps, { actor, partnerId: created.id, input: { region } });
  }
  return created;
}
