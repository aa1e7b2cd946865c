import { describe, expect, it } from 'vitest';
import { type AddJob, newJob } from '../../lib/core/job';
import { keyed } from '../keys';
import {
  groupChoiceFrom,
  groupChoiceText,
  groupOptionLabel,
  previewItemsTruncated,
  previewItemText,
  previewLine,
  progressPercent,
  progressText,
  retryChoice,
  summaryLines,
} from './run';

const job = (over: Partial<AddJob> = {}): AddJob =>
  newJob({
    id: 'j1',
    crm: 'zoho',
    groupId: null,
    groupName: 'Spring buyers',
    startedAt: 0,
    total: 10,
    read: 10,
    ...over,
  });

describe('progress', () => {
  it('counts every finished contact as processed', () => {
    const j = job({ added: 2, updated: 1, failed: 1, excluded: 1 });
    expect(progressText(j)).toBe('Sent 5 of 10');
    expect(progressPercent(j)).toBe(50);
  });

  it('says how many were read while the total is unknown', () => {
    expect(progressText(job({ total: null, read: 40 }))).toBe('Read 40…');
    expect(progressPercent(job({ total: null }))).toBeNull();
    expect(progressText(null)).toBe('Starting…');
  });
});

describe('summary', () => {
  it('always names all three main counts', () => {
    expect(summaryLines(job({ phase: 'done', added: 3 }))).toEqual(['3 added, 0 updated, 0 failed']);
  });

  it('adds moved and excluded only when there are some', () => {
    expect(summaryLines(job({ added: 1, moved: 2, excluded: 4 }))).toEqual([
      '1 added, 0 updated, 0 failed',
      '2 moved from another group',
      '4 excluded',
    ]);
  });
});

describe('group choice', () => {
  it('needs a group or a non-blank new name', () => {
    expect(groupChoiceFrom({ kind: 'none' }, '')).toBeNull();
    expect(groupChoiceFrom({ kind: 'new' }, '   ')).toBeNull();
    expect(groupChoiceFrom({ kind: 'new' }, ' Hot leads ')).toEqual({ kind: 'new', name: 'Hot leads' });
    expect(groupChoiceFrom({ kind: 'existing', id: 7 }, '')).toEqual({ kind: 'existing', id: 7 });
  });

  it('retries into the group a failed run already created', () => {
    expect(retryChoice({ kind: 'new', name: 'Hot' }, job({ phase: 'failed', groupId: 42 }))).toEqual({
      kind: 'existing',
      id: 42,
    });
    expect(retryChoice({ kind: 'new', name: 'Hot' }, job({ phase: 'failed' }))).toEqual({
      kind: 'new',
      name: 'Hot',
    });
  });

  it('labels a group with its size when Mojo gives one', () => {
    expect(groupOptionLabel({ id: 1, name: 'Spring buyers', contact_count: 12 })).toBe('Spring buyers (12)');
    expect(groupOptionLabel({ id: 2, name: '<b>VIP</b>' })).toBe('<b>VIP</b>');
  });
});

describe('keyed', () => {
  it('gives repeated items distinct, stable keys', () => {
    expect(keyed(['a', 'b', 'a'], (s) => s).map((k) => k.key)).toEqual(['a', 'b', 'a#1']);
  });
});

describe('preview', () => {
  const preview = {
    total: 3,
    create: 2,
    update: 0,
    excluded: 1,
    review: 0,
    items: [{ name: 'Walter Kim', outcome: 'excluded' as const, reason: 'No phone or email' }],
    partial: false,
  };

  it('names every count, even 0', () => {
    expect(previewLine(preview)).toBe('Would create 2 · update 0 · exclude 1 · needs review 0');
    expect(previewLine({ ...preview, create: 2_513 })).toContain('Would create 2,513');
  });

  it('words each item as the send summary does', () => {
    expect(previewItemText(preview.items[0] ?? { name: '', outcome: 'review', reason: '' })).toBe(
      'Walter Kim: Excluded: No phone or email',
    );
    expect(previewItemText({ name: 'Ann', outcome: 'review', reason: 'Two records have this email' })).toBe(
      'Ann: Needs review: Two records have this email',
    );
    expect(previewItemsTruncated(preview)).toBe(false);
    expect(previewItemsTruncated({ ...preview, excluded: 500 })).toBe(true);
  });

  it('names the group the send would go into', () => {
    const groups = [{ id: 41, name: 'Spring buyers' }];
    expect(groupChoiceText({ kind: 'existing', id: 41 }, groups)).toBe('Spring buyers');
    expect(groupChoiceText({ kind: 'new', name: 'Hot' }, groups)).toBe('Hot (new group)');
  });
});
