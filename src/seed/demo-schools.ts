import type { AppDeps } from '../app-deps.js';
import { OPERATOR } from '../platform/actor.js';
import {
  DISTRICT_COLUMNS,
  importDistrictDirectory,
  importSchoolDirectory,
  SCHOOL_COLUMNS,
} from '../modules/schools/schools.import.js';

/**
 * A small made-up school directory in the demo partners' regions (Washington outside King County, King County,
 * and Portland's counties with Lake Oswego's ZIP code), every name starting "Demo" so that nobody mistakes it
 * for the NCES data. Ids have the NCES lengths but start with 99, which no state's FIPS code does, so they never
 * collide with a real directory imported later. Loaded as directory files are, through the same checks.
 */
const DISTRICTS: { id: string; name: string; city: string; zip: string }[] = [
  { id: '9900001', name: 'Demo Cascade School District', city: 'Tacoma', zip: '98402' },
  { id: '9900002', name: 'Demo Inland Empire School District', city: 'Spokane', zip: '99201' },
  { id: '9900003', name: 'Demo Capitol School District', city: 'Olympia', zip: '98501' },
  { id: '9900004', name: 'Demo Elliott Bay School District', city: 'Seattle', zip: '98101' },
  { id: '9900005', name: 'Demo Eastside School District', city: 'Bellevue', zip: '98004' },
  { id: '9900006', name: 'Demo Willamette School District', city: 'Portland', zip: '97204' },
  { id: '9900007', name: 'Demo Tualatin Valley School District', city: 'Beaverton', zip: '97005' },
  { id: '9900008', name: 'Demo Oswego Lake School District', city: 'Lake Oswego', zip: '97035' },
];

const SCHOOLS: {
  district: string;
  id: string;
  name: string;
  city: string;
  zip: string;
  grades: [string, string];
  closed?: boolean;
}[] = [
  {
    district: '9900001',
    id: '00001',
    name: 'Demo Lakeview Middle School',
    city: 'Tacoma',
    zip: '98402',
    grades: ['06', '08'],
  },
  {
    district: '9900001',
    id: '00002',
    name: 'Demo Cascade High School',
    city: 'Tacoma',
    zip: '98402',
    grades: ['09', '12'],
  },
  {
    district: '9900001',
    id: '00003',
    name: 'Demo Old Mill Elementary School',
    city: 'Tacoma',
    zip: '98402',
    grades: ['KG', '05'],
    closed: true,
  },
  {
    district: '9900002',
    id: '00001',
    name: 'Demo Riverside Elementary School',
    city: 'Spokane',
    zip: '99201',
    grades: ['KG', '05'],
  },
  {
    district: '9900002',
    id: '00002',
    name: 'Demo Inland Empire High School',
    city: 'Spokane',
    zip: '99201',
    grades: ['09', '12'],
  },
  {
    district: '9900003',
    id: '00001',
    name: 'Demo Capitol Middle School',
    city: 'Olympia',
    zip: '98501',
    grades: ['06', '08'],
  },
  {
    district: '9900004',
    id: '00001',
    name: 'Demo Elliott Bay High School',
    city: 'Seattle',
    zip: '98101',
    grades: ['09', '12'],
  },
  {
    district: '9900004',
    id: '00002',
    name: 'Demo Pioneer Square Middle School',
    city: 'Seattle',
    zip: '98101',
    grades: ['06', '08'],
  },
  {
    district: '9900005',
    id: '00001',
    name: 'Demo Eastside STEM Academy',
    city: 'Bellevue',
    zip: '98004',
    grades: ['06', '12'],
  },
  {
    district: '9900006',
    id: '00001',
    name: 'Demo Willamette High School',
    city: 'Portland',
    zip: '97204',
    grades: ['09', '12'],
  },
  {
    district: '9900006',
    id: '00002',
    name: 'Demo Rose City Middle School',
    city: 'Portland',
    zip: '97204',
    grades: ['06', '08'],
  },
  {
    district: '9900007',
    id: '00001',
    name: 'Demo Tualatin Valley High School',
    city: 'Beaverton',
    zip: '97005',
    grades: ['09', '12'],
  },
  {
    district: '9900008',
    id: '00001',
    name: 'Demo Lakeside Middle School',
    city: 'Lake Oswego',
    zip: '97035',
    grades: ['06', '08'],
  },
];

function stateOf(zip: string): string {
  return zip.startsWith('97') ? 'OR' : 'WA';
}

/** The directory as a tab-separated CCD file's text, its header naming the importer's columns. */
function file(columns: readonly string[], rows: Record<string, string>[]): string {
  return [
    columns.join('\t'),
    ...rows.map((row) => columns.map((column) => row[column] ?? '').join('\t')),
  ].join('\n');
}

const DISTRICTS_TEXT = file(
  DISTRICT_COLUMNS,
  DISTRICTS.map((district) => ({
    LEAID: district.id,
    LEA_NAME: district.name,
    LSTREET1: '100 Demo Way',
    LCITY: district.city,
    LSTATE: stateOf(district.zip),
    LZIP: district.zip,
    LEA_TYPE_TEXT: 'Regular public school district (demo data)',
  })),
);

const SCHOOLS_TEXT = file(
  SCHOOL_COLUMNS,
  SCHOOLS.map((school) => ({
    NCESSCH: `${school.district}${school.id}`,
    LEAID: school.district,
    SCH_NAME: school.name,
    LEA_NAME: DISTRICTS.find((district) => district.id === school.district)?.name ?? '',
    LSTREET1: `${Number(school.id) * 100} School Street`,
    LCITY: school.city,
    LSTATE: stateOf(school.zip),
    LZIP: school.zip,
    GSLO: school.grades[0],
    GSHI: school.grades[1],
    SCH_TYPE_TEXT: 'Regular School',
    CHARTER_TEXT: 'No',
    SY_STATUS_TEXT: school.closed ? 'Closed' : 'Open',
  })),
);

/** Loads (or, run again, leaves as they are) the demo districts and schools. */
export async function loadDemoSchools(deps: AppDeps): Promise<void> {
  await importDistrictDirectory(deps, { actor: OPERATOR, input: { text: DISTRICTS_TEXT } });
  await importSchoolDirectory(deps, { actor: OPERATOR, input: { text: SCHOOLS_TEXT }, source: 'demo' });
}
