/**
 * The words and numbers the Add to Mojo dialog shows, as pure functions of the job, so the wording
 * is tested without a browser and stays the same wherever a run is displayed.
 */
// Types only from job.ts, plus one constant: its zod schemas would put all of zod (about 24 KB
// gzip) into every content script (docs/BENCHMARKS.md, B3). The background validates the choice.
import { MAX_LISTED_FAILURES } from '../../lib/core/constants';
import type { AddJob, GroupChoice } from '../../lib/core/job';
import type { MojoGroup } from '../../lib/core/models';
import type { Preview } from '../../lib/platform/protocol';

/** What the Group select holds; `new` means the user wants to type a name. */
export type GroupSelection = { kind: 'none' } | { kind: 'existing'; id: number } | { kind: 'new' };

const numberFormat = new Intl.NumberFormat();
export const formatCount = (n: number): string => numberFormat.format(n);

/** Every contact the run has finished with, whatever the outcome. */
export function processedCount(job: AddJob): number {
  return job.added + job.updated + job.failed + job.excluded;
}

export function progressText(job: AddJob | null): string {
  if (job === null) return 'Starting…';
  if (job.total === null) return `Read ${formatCount(job.read)}…`;
  return `Sent ${formatCount(processedCount(job))} of ${formatCount(job.total)}`;
}

/** Bar fill in percent, or null while the total is unknown (the bar is then indeterminate). */
export function progressPercent(job: AddJob | null): number | null {
  if (job === null || job.total === null) return null;
  if (job.total === 0) return 100;
  return Math.min(100, Math.round((processedCount(job) / job.total) * 100));
}

/** The summary's sentences, in reading order. All three main counts always show, even when 0. */
export function summaryLines(job: AddJob): string[] {
  const lines = [
    `${formatCount(job.added)} added, ${formatCount(job.updated)} updated, ${formatCount(job.failed)} failed`,
  ];
  if (job.moved > 0) lines.push(`${formatCount(job.moved)} moved from another group`);
  if (job.excluded > 0) lines.push(`${formatCount(job.excluded)} excluded`);
  return lines;
}

/** The background keeps only the first failures of a big run; say so rather than imply that's all. */
export function failuresTruncated(job: AddJob): boolean {
  return job.failures.length >= MAX_LISTED_FAILURES;
}

export function groupOptionLabel(group: MojoGroup): string {
  return group.contact_count === undefined
    ? group.name
    : `${group.name} (${formatCount(group.contact_count)})`;
}

/** The choice to send, or null while the selection is incomplete (no group, or an empty name). */
export function groupChoiceFrom(selection: GroupSelection, newName: string): GroupChoice | null {
  if (selection.kind === 'none') return null;
  const candidate = selection.kind === 'existing' ? selection : { kind: 'new' as const, name: newName };
  // The same limits as job.ts's GroupChoice schema (trimmed name of 1–100 characters).
  if (candidate.kind === 'existing') return Number.isInteger(candidate.id) ? candidate : null;
  const name = candidate.name.trim();
  return name.length >= 1 && name.length <= 100 ? { kind: 'new', name } : null;
}

/**
 * A failed run may already have created the new group; trying again with `new` would create a
 * second group of the same name, so retry into the group the first attempt made.
 */
export function retryChoice(original: GroupChoice, job: AddJob | null): GroupChoice {
  if (original.kind === 'new' && job?.groupId != null) return { kind: 'existing', id: job.groupId };
  return original;
}

/** The preview's headline: every count, even 0, in the order a person decides by. */
export function previewLine(p: Preview): string {
  return `Would create ${formatCount(p.create)} · update ${formatCount(p.update)} · exclude ${formatCount(p.excluded)} · needs review ${formatCount(p.review)}`;
}

/** One contact the send would not simply add, as the send's summary words it. */
export function previewItemText(item: Preview['items'][number]): string {
  return `${item.name}: ${item.outcome === 'excluded' ? 'Excluded' : 'Needs review'}: ${item.reason}`;
}

/** The background lists only the first items of a big preview; say so rather than imply that's all. */
export function previewItemsTruncated(p: Preview): boolean {
  return p.items.length < p.excluded + p.review;
}

/** The group a send would go into, in words, for the preview step. */
export function groupChoiceText(choice: GroupChoice, groups: readonly MojoGroup[]): string {
  if (choice.kind === 'new') return `${choice.name} (new group)`;
  return groups.find((g) => g.id === choice.id)?.name ?? `Group ${choice.id}`;
}
