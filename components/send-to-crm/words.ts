/**
 * What the Send to CRM buttons say, as pure functions, so the wording is tested without a browser
 * and matches wherever a send is shown.
 */
import { CRM_LABELS } from '../../lib/core/constants';
import type { CrmId } from '../../lib/core/models';
import type { SendToCrmResult } from '../../lib/platform/protocol';

/** The short names people use on a button ("Send to Zoho", not "Send to Zoho CRM"). */
const SHORT_NAMES: Record<CrmId, string> = { zoho: 'Zoho', wiseagent: 'Wise Agent', cinc: 'CINC' };

export function sendButtonLabel(crm: CrmId): string {
  return `Send to ${SHORT_NAMES[crm]}`;
}

export function sendingText(crm: CrmId): string {
  return `Sending to ${CRM_LABELS[crm]}…`;
}

export function sentText(crm: CrmId, result: SendToCrmResult): string {
  const name = result.name.trim() || 'the contact';
  const where = CRM_LABELS[crm];
  if (result.action === 'unchanged') return `Matched ${name} in ${where}; left unchanged (Do not update)`;
  return `${result.action === 'created' ? 'Created' : 'Updated'} ${name} in ${where}`;
}

export function openLinkText(crm: CrmId): string {
  return `Open in ${CRM_LABELS[crm]}`;
}

/**
 * The record's address as a link target, only when it is https: the URL comes from a CRM's API
 * answer, and a `javascript:` or `data:` address must never become a clickable link on Mojo's page.
 */
export function safeRecordHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
