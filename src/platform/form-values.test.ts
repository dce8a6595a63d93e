import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldValues, formInput, valueOf, valuesOf } from './form-values.js';

describe('form values', () => {
  it('nest dotted names into the JSON body the schema reads, rows in order', () => {
    expect(
      formInput({
        contactName: 'Ana',
        'organizations.1.name': 'Second',
        'organizations.0.name': 'First',
        'organizations.0.role': 'lead',
        'organizations.1.role': 'funding',
      }),
    ).toEqual({
      contactName: 'Ana',
      organizations: [
        { name: 'First', role: 'lead' },
        { name: 'Second', role: 'funding' },
      ],
    });
  });

  it('leave out the spare rows a form offers, so rows are numbered as the errors will number them', () => {
    const input = formInput({
      'staff.0.name': 'Ana',
      'staff.0.fte': '0.25',
      'staff.1.name': ' ',
      'staff.1.fte': '',
      'staff.2.name': 'Ben',
      'staff.2.fte': '0.25',
    });
    expect(input).toEqual({
      staff: [
        { name: 'Ana', fte: '0.25' },
        { name: 'Ben', fte: '0.25' },
      ],
    });
    // Shown again, Ben is row 1: the error path staff.1.fte names his field.
    expect(fieldValues(input)).toEqual({
      'staff.0.name': 'Ana',
      'staff.0.fte': '0.25',
      'staff.1.name': 'Ben',
      'staff.1.fte': '0.25',
    });
  });

  it('keep a group of checkboxes a list, even with one ticked or none', () => {
    expect(formInput({ courses: 'CSP' }, ['courses', 'audience'])).toEqual({
      courses: ['CSP'],
      audience: [],
    });
    expect(formInput({ courses: ['CSP', 'CSD'] }, ['courses'])).toEqual({ courses: ['CSP', 'CSD'] });
    expect(valuesOf({ courses: ['CSP', 'CSD'] }, 'courses')).toEqual(['CSP', 'CSD']);
    expect(valueOf({ courses: ['CSP', 'CSD'] }, 'courses')).toBe('CSP');
    expect(valueOf({}, 'missing')).toBe('');
  });

  it('show a saved record in its fields: nested objects, lists of rows, lists of values', () => {
    expect(
      fieldValues({
        name: 'Cascade',
        active: true,
        capacity: 25,
        coursesOffered: ['CSD', 'CSP'],
        organizations: [{ name: 'A', role: 'lead' }],
        missing: null,
      }),
    ).toEqual({
      name: 'Cascade',
      active: 'true',
      capacity: '25',
      coursesOffered: ['CSD', 'CSP'],
      'organizations.0.name': 'A',
      'organizations.0.role': 'lead',
    });
  });

  it('give back every non-blank flat field as it was typed', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/),
          fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        ),
        (values) => {
          expect(fieldValues(formInput(values))).toEqual(values);
        },
      ),
    );
  });
});
