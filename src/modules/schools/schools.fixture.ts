import { allZips, locateZip } from '../regions/geography.js';
import { DISTRICT_COLUMNS, SCHOOL_COLUMNS } from './schools.import.js';

/**
 * NCES CCD directory files for tests and the import bench, shaped as the published ones: the wanted columns
 * among others the importer ignores, in the CCD's own column order.
 */

type SchoolValues = Record<(typeof SCHOOL_COLUMNS)[number], string>;
type DistrictValues = Record<(typeof DISTRICT_COLUMNS)[number], string>;

/** The published school file's columns around the wanted ones (a few of its ~65). */
const SCHOOL_HEADER = [
  'SCHOOL_YEAR',
  'FIPST',
  'STATENAME',
  'ST',
  'SCH_NAME',
  'LEA_NAME',
  'STATE_AGENCY_NO',
  'ST_LEAID',
  'LEAID',
  'ST_SCHID',
  'NCESSCH',
  'SCHID',
  'LSTREET1',
  'LSTREET2',
  'LCITY',
  'LSTATE',
  'LZIP',
  'LZIP4',
  'PHONE',
  'CHARTER_TEXT',
  'SCH_TYPE_TEXT',
  'SY_STATUS_TEXT',
  'GSLO',
  'GSHI',
] as const;

const DISTRICT_HEADER = [
  'SCHOOL_YEAR',
  'FIPST',
  'ST',
  'LEA_NAME',
  'LEAID',
  'LSTREET1',
  'LCITY',
  'LSTATE',
  'LZIP',
  'LEA_TYPE_TEXT',
  'OPERATIONAL_SCHOOLS',
] as const;

/** The ZIP codes of states (not territories) whose county the dataset knows, in a stable order. */
let zipsWithCounty: string[] | undefined;
function zipAt(index: number): string {
  zipsWithCounty ??= allZips()
    .filter((zip) => locateZip(zip)?.county)
    .sort();
  return zipsWithCounty[(index * 7919) % zipsWithCounty.length] as string;
}

/** The `index`th made-up school: ids with leading zeros (district 0100005 onwards), at a real ZIP code. */
export function ccdSchool(index: number, overrides: Partial<SchoolValues> = {}): SchoolValues {
  const zip = overrides.LZIP ?? zipAt(index);
  const location = locateZip(zip);
  const leaId = overrides.LEAID ?? `01${String(Math.floor(index / 20) + 5).padStart(5, '0')}`;
  return {
    NCESSCH: `${leaId}${String(index % 100000).padStart(5, '0')}`,
    LEAID: leaId,
    SCH_NAME: `Test School ${index}`,
    LEA_NAME: `Test District ${leaId}`,
    LSTREET1: `${index} Main Street`,
    LCITY: location?.city ?? 'Springfield',
    LSTATE: location?.state ?? 'WA',
    LZIP: zip,
    GSLO: 'KG',
    GSHI: '05',
    SCH_TYPE_TEXT: 'Regular School',
    CHARTER_TEXT: 'No',
    SY_STATUS_TEXT: 'Open',
    ...overrides,
  };
}

export function ccdDistrict(index: number, overrides: Partial<DistrictValues> = {}): DistrictValues {
  const zip = overrides.LZIP ?? zipAt(index);
  const location = locateZip(zip);
  return {
    LEAID: `01${String(index + 5).padStart(5, '0')}`,
    LEA_NAME: `Test District ${index}`,
    LSTREET1: `${index} District Way`,
    LCITY: location?.city ?? 'Springfield',
    LSTATE: location?.state ?? 'WA',
    LZIP: zip,
    LEA_TYPE_TEXT: 'Regular public school district that is NOT a component of a supervisory union',
    ...overrides,
  };
}

export interface FileShape {
  delimiter?: ',' | '\t';
  bom?: boolean;
}

export function ccdSchoolFile(schools: SchoolValues[], shape: FileShape = {}): string {
  return ccdFile(SCHOOL_HEADER, schools, shape);
}

export function ccdDistrictFile(districts: DistrictValues[], shape: FileShape = {}): string {
  return ccdFile(DISTRICT_HEADER, districts, shape);
}

function ccdFile(
  header: readonly string[],
  rows: Record<string, string>[],
  { delimiter = ',', bom = false }: FileShape,
): string {
  const field = (value: string) =>
    delimiter === ',' && /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  const line = (row: Record<string, string>) =>
    header
      .map((column) => field(row[column] ?? (column === 'SCHOOL_YEAR' ? '2024-2025' : '')))
      .join(delimiter);
  return `${bom ? '\uFEFF' : ''}${[header.join(delimiter), ...rows.map(line)].join('\r\n')}\r\n`;
}
