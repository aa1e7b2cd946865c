import { describe, expect, it } from 'vitest';
import { kindOf, shapeDifferences } from './shape';

describe('shapeDifferences', () => {
  it('accepts the same shape with other values', () => {
    const example = { data: [{ code: 'SUCCESS', details: { id: '1' }, status: 'success' }] };
    const actual = { data: [{ code: 'DUPLICATE_DATA', details: { id: '9' }, status: 'error' }] };
    expect(shapeDifferences(example, actual)).toEqual([]);
  });

  it('names a missing key and a value of another kind, all the way down', () => {
    const example = { data: [{ code: 'SUCCESS', details: { id: '1' } }], info: { more_records: false } };
    const actual = { data: [{ code: 1, details: {} }], info: {} };
    expect(shapeDifferences(example, actual)).toEqual([
      'data[].code: expected string, got number',
      'data[].details.id: missing',
      'info.more_records: missing',
    ]);
  });

  it('checks every item of a list against the example item', () => {
    expect(shapeDifferences([{ id: 1 }], [{ id: 2 }, { id: '3' }])).toEqual([
      '[].id: expected number, got string',
    ]);
  });

  it('reports added keys only when asked to', () => {
    expect(shapeDifferences({ a: 1 }, { a: 1, b: 2 })).toEqual([]);
    expect(shapeDifferences({ a: 1 }, { a: 1, b: 2 }, { extra: 'refuse' })).toEqual([
      "b: not in the vendor's example",
    ]);
  });

  it('leaves loose paths alone', () => {
    expect(shapeDifferences({ a: { b: 1 } }, { a: 'text' }, { loose: ['a'] })).toEqual([]);
  });

  it('tells the kinds apart', () => {
    expect([null, [], {}, '', 0, false, undefined].map(kindOf)).toEqual([
      'null',
      'array',
      'object',
      'string',
      'number',
      'boolean',
      'undefined',
    ]);
  });
});
