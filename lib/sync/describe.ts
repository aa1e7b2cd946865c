/** A queued or failed step in the user's words, for the popup's failed list and the activity log. */
import { CRM_LABELS, CrmId } from '../core/models';
import type { OutboxEntry } from '../platform/db';

function field(payload: unknown, name: string): string | null {
  if (payload && typeof payload === 'object' && name in payload) {
    const v = (payload as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : null;
  }
  return null;
}

function count(payload: unknown, name: string): number {
  if (payload && typeof payload === 'object' && name in payload) {
    const v = (payload as Record<string, unknown>)[name];
    return Array.isArray(v) ? v.length : 0;
  }
  return 0;
}

export function describeEntry(e: OutboxEntry): string {
  const crm = CrmId.safeParse(e.system);
  const label = crm.success ? CRM_LABELS[crm.data] : e.system;
  const name = field(e.payload, 'name') ?? 'a contact';
  switch (e.kind) {
    case 'mojo.upsertContacts':
      return `Add to Mojo: ${count(e.payload, 'contacts')} contacts`;
    case 'crm.readRecords':
      return `Reading ${count(e.payload, 'refs')} records from ${label}`;
    case 'crm.readViewPage':
      return `Reading a page of a ${label} view`;
    case 'crm.note':
      return `${field(e.payload, 'title') ?? 'Note'} for ${name} (${label})`;
    case 'crm.update':
      return `Mojo edit for ${name} (${label})`;
    case 'crm.event':
      return `${field(e.payload, 'subject') ?? 'Event'} for ${name} (${label})`;
    case 'crm.send':
      return `Send to ${label}`;
    default:
      return `${e.kind} (${label})`;
  }
}
