import { describe, expect, it } from 'vitest';
import {
  conditionValueFrom,
  conditionValueText,
  dialerUrlProblem,
  filterProblems,
  mappingProblems,
  mojoFieldLabel,
  pollMinutesProblem,
  wholeNumber,
} from './words';

describe('mapping rows', () => {
  it('accepts a complete row and names what is missing in one', () => {
    expect(
      mappingProblems([
        { crmField: 'Other_Phone', mojoField: 'phone_mobile', direction: 'both', transform: 'phone' },
      ]),
    ).toEqual({});
    expect(
      mappingProblems([
        { crmField: 'Email', mojoField: 'email', direction: 'both', transform: 'email' },
        { crmField: ' ', mojoField: 'misc:', direction: 'push', transform: 'text' },
      ]),
    ).toEqual({
      '1.crmField': "Enter the CRM field's API name.",
      '1.mojoField': 'A misc label needs 1 to 61 characters and must not start with a space.',
    });
  });

  it('reads Mojo fields the way people do', () => {
    expect(mojoFieldLabel('phone_mobile')).toBe('Mobile phone');
    expect(mojoFieldLabel('misc:Lead Source')).toBe('Misc: Lead Source');
  });
});

describe('filter conditions', () => {
  it('needs a value except for the emptiness tests, and a date for before/after', () => {
    expect(
      filterProblems([
        { field: 'Lead_Source', op: 'equals', value: '' },
        { field: 'Lead_Source', op: 'is_empty', value: '' },
        { field: 'Created_Time', op: 'before', value: 'soon' },
        { field: 'Created_Time', op: 'after', value: '2026-01-31' },
      ]),
    ).toEqual({ '0.value': 'Enter a value to compare with.', '2.value': 'Enter a date.' });
  });

  it('writes a list comma-separated and reads it back', () => {
    const value = conditionValueFrom('in_list', ' Zillow, Referral ,, Website');
    expect(value).toEqual(['Zillow', 'Referral', 'Website']);
    expect(conditionValueText({ field: 'Lead_Source', op: 'in_list', value })).toBe(
      'Zillow, Referral, Website',
    );
    expect(conditionValueFrom('is_empty', 'anything')).toBe('');
  });
});

describe('numbers and the dialer URL', () => {
  it('takes whole numbers in range only', () => {
    expect(wholeNumber('12', 1, 20)).toEqual({ ok: true, value: 12 });
    expect(wholeNumber('0', 1, 20).ok).toBe(false);
    expect(wholeNumber('2.5', 1, 20).ok).toBe(false);
    expect(pollMinutesProblem('')).toBe('Enter a whole number from 1 to 1440.');
    expect(pollMinutesProblem('5')).toBeNull();
  });

  it('shows the schema’s own reason for a dialer URL without {group}', () => {
    expect(dialerUrlProblem('{base}/dialer')).toBe('The dialer URL needs {group}');
    expect(dialerUrlProblem('{base}/dialer?g={group}')).toBeNull();
    expect(dialerUrlProblem(' ')).toMatch(/needs \{group\}/);
  });
});
