/**
 * Preview (a dry run) of Add to Mojo: read the same records the send would, apply the same rules,
 * and count what would be created, updated and excluded — writing nothing anywhere.
 */
import { crmConnector } from '../accounts/crm';
import type { ReadPage } from '../connectors/types';
import { chunk, dedupeBy } from '../core/batch';
import type { AddTarget } from '../core/job';
import { displayName, toMojo } from '../core/mapping';
import { apiContactId, type CrmId } from '../core/models';
import { contactAsRecord, contactByRules, passesFilter } from '../core/rules/engine';
import { objectRules } from '../core/rules/model';
import { db } from '../platform/db';
import type { Preview } from '../platform/protocol';
import { readSettings } from '../platform/settings';
import { assertPushAllowed } from './add-to-mojo';
import { applyPendingLinks } from './ledger';

const MAX_ITEMS = 200;
/** A preview reads at most this many records; beyond, it says it is partial. */
const MAX_RECORDS = 20_000;

export async function previewAddToMojo(crm: CrmId, target: AddTarget): Promise<Preview> {
  const connector = crmConnector(crm);
  const rules = await readSettings();
  assertPushAllowed(rules, crm, target);
  await applyPendingLinks();
  const ledger = await db();
  const preview: Preview = {
    total: 0,
    create: 0,
    update: 0,
    excluded: 0,
    review: 0,
    items: [],
    partial: false,
  };
  const seen = new Set<string>();

  const take = async (page: ReadPage) => {
    for (const e of page.errors) {
      preview.total++;
      preview.excluded++;
      if (preview.items.length < MAX_ITEMS)
        preview.items.push({ name: `Record ${e.id}`, outcome: 'excluded', reason: e.reason });
    }
    for (const c of page.contacts) {
      const key = apiContactId(c.ref);
      if (seen.has(key)) continue;
      seen.add(key);
      preview.total++;
      const object = objectRules(rules, c.ref.crm, c.ref.module);
      const raw = page.raws?.[c.ref.id] ?? contactAsRecord(c);
      const inside = passesFilter(raw, object.filter);
      const mapped = inside.ok ? toMojo(contactByRules(c, raw, object)) : null;
      if (!mapped?.ok) {
        preview.excluded++;
        const reason = mapped ? mapped.excluded.reason : inside.ok ? '' : inside.reason;
        if (preview.items.length < MAX_ITEMS)
          preview.items.push({ name: displayName(c), outcome: 'excluded', reason });
        continue;
      }
      // Linked before → Mojo updates it; otherwise it is new to Mojo as far as this browser knows.
      if (await ledger.get('ledger', key)) preview.update++;
      else preview.create++;
    }
  };

  if (target.kind === 'records') {
    const refs = dedupeBy(
      target.refs.filter((r) => r.crm === crm),
      (r) => apiContactId(r),
    );
    const byModule = new Map<string, typeof refs>();
    for (const r of refs) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r]);
    for (const group of byModule.values()) {
      for (const batch of chunk(group, connector.readBatchSize)) {
        const page = await connector.readRecords(batch);
        const found = new Set([...page.contacts.map((c) => c.ref.id), ...page.errors.map((e) => e.id)]);
        const missing = batch
          .filter((r) => !found.has(r.id))
          .map((r) => ({ id: r.id, reason: 'Not found in the CRM' }));
        await take({ ...page, errors: [...page.errors, ...missing] });
      }
    }
  } else {
    if (!connector.readViewPage) throw new Error('This CRM cannot read views.');
    let cursor: string | null = null;
    do {
      const page = await connector.readViewPage(target.module, target.viewId, cursor);
      await take(page);
      cursor = page.next;
      if (preview.total >= MAX_RECORDS && cursor !== null) {
        preview.partial = true;
        break;
      }
    } while (cursor !== null);
  }
  return preview;
}
