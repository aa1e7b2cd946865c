/**
 * Mojo → Wise Agent: Send to CRM, edits, notes and call-list events, on the API client. What to
 * write is decided in writes.ts (pure); this file makes the calls and keeps every write safe to
 * repeat (lib/sync/two-way.ts may run a step again when an earlier attempt may have landed).
 *
 * - Send: the link wins; else identification (email / phone through `getContacts`, only the keys
 *   the user's rule names), one match updates (or, under Do not update, is left 'unchanged'),
 *   several is "needs review", none creates with `webcontact`.
 * - `webcontact` has a duplicate check of its own: "If a contact already exists, we do not update
 *   the contact. We will, though, add phone numbers and emails" (the docs), by keys the docs do not
 *   name. So the user's rule would not be the only key deciding: before a create, the contact's
 *   other keys (email or phone, whichever the rule leaves out) are looked up, and a contact that
 *   has one is "needs review" — nothing is written. Should Wise Agent still answer `NewContact:
 *   false`, that is "needs review" too, naming its ClientID: never a silent link to another
 *   person's record.
 * - Notes carry "Mojo activity <id>" as their last line; a repeat reads the contact's notes
 *   (`getContactNotes`) and writes nothing when one carries it.
 * - Call-list entries have no room for a marker (Reason is the subject, ≤100 characters), so a
 *   repeat looks for an entry on the contact with the same Reason and the same NextContactDate:
 *   for an agent, two such entries are one.
 */

import { type Candidate, chooseLeadSource, identify, keysOf, resolveOwner } from '../../core/rules/engine';
import type { IdentifyBy } from '../../core/rules/model';
import type { ContactPatch } from '../../core/two-way';
import { ApiError } from '../http';
import type { ContactDraft, CrmConnector, SendOptions, SentContact } from '../types';
import type { WiseAgentApi, WiseAgentContactFields } from './api';
import { parseWiseAgentRecord, type WiseAgentRecord } from './contact';
import { parseWiseAgentTime } from './time';
import {
  callReason,
  callTypeFor,
  EMPTY_RECORD,
  nextContactAt,
  noteHasMarker,
  noteText,
  patchOfDraft,
  wiseAgentContactUrl,
  wiseAgentPatchFields,
  wiseAgentRef,
} from './writes';

const SYSTEM = 'wiseagent';

/** Source is required on a new contact; this is it when the rules name none (the brief's choice). */
export const DEFAULT_SOURCE = 'Mojo';

/**
 * How far a repeat check reads a contact's notes or call list, 100 at a time. Past it (a contact
 * with over 5,000 notes) the write goes ahead: a rare duplicate beats a note that never arrives.
 */
const REPEAT_CHECK_PAGES = 50;
const REPEAT_PAGE_SIZE = 100;

/** How many of a contact's emails or phones are searched for (each is one `getContacts` call). */
const SEARCH_PER_KEY = 3;

function permanent(code: string, userMessage: string): ApiError {
  return new ApiError({ system: SYSTEM, kind: 'permanent', code, userMessage });
}

/** A record the client already validated once; validated again here to have its type. */
function recordOf(raw: Record<string, unknown>): WiseAgentRecord {
  const parsed = parseWiseAgentRecord(raw);
  if (!parsed.ok) throw permanent('unreadable', parsed.reason);
  return parsed.record;
}

function nameOf(draft: ContactDraft): string {
  return [draft.firstName, draft.lastName].filter(Boolean).join(' ') || draft.fullName;
}

const hasFields = (fields: WiseAgentContactFields) => Object.keys(fields).length > 0;

const KEY_WORDS: Record<'email' | 'phone', string> = { email: 'email', phone: 'phone number' };

function ruleWords(order: readonly IdentifyBy[]): string {
  const words = order.map((by) => (by === 'external_id' ? 'external id' : by));
  return words.length === 1 ? `${words[0]} only` : words.join(', then ');
}

/** A contact as the user recognises it in Wise Agent: "Emily Tran, ClientID 4100007". */
function described(raw: Record<string, unknown>, id: string): string {
  const name = [raw.CFirst, raw.CLast].filter((v) => typeof v === 'string' && v.trim() !== '').join(' ');
  return name ? `${name}, ClientID ${id}` : `ClientID ${id}`;
}

/** Only an answer that says "no" is worth carrying on without; a busy or dead session is retried. */
const isRefusal = (error: unknown) =>
  error instanceof ApiError && (error.kind === 'permanent' || error.kind === 'malformed');

/** The connector's way-back methods over one API client. */
export function wiseAgentWrites(
  api: WiseAgentApi,
  clock: () => number = Date.now,
): Required<Pick<CrmConnector, 'sendContact' | 'updateContact' | 'addNote' | 'addEvent'>> {
  /** Reads a list page by page until it runs out or the check has read enough. */
  async function anyInPages<T>(
    read: (page: number) => Promise<{ items: T[]; received: number }>,
    found: (item: T) => boolean,
  ): Promise<boolean> {
    for (let page = 1; page <= REPEAT_CHECK_PAGES; page++) {
      const { items, received } = await read(page);
      if (items.some(found)) return true;
      if (received < REPEAT_PAGE_SIZE) return false;
    }
    return false;
  }

  async function update(
    clientId: string,
    current: WiseAgentRecord,
    patch: ContactPatch,
    policy: SendOptions['object']['policy'],
  ) {
    const { fields, skipped } = wiseAgentPatchFields(current, patch, policy);
    if (hasFields(fields)) await api.updateContact(clientId, fields);
    return skipped;
  }

  /** The candidates one key finds through `getContacts` (its first page: two are already too many). */
  async function candidatesBy(
    by: IdentifyBy,
    values: string[],
  ): Promise<Map<string, { c: Candidate; raw: Record<string, unknown> }>> {
    const out = new Map<string, { c: Candidate; raw: Record<string, unknown> }>();
    for (const value of values.slice(0, SEARCH_PER_KEY)) {
      const page = await api.contactsPage(1, {
        filter: by === 'email' ? { email: value } : { phone: value },
      });
      for (const contact of page.contacts) {
        const raw = page.raws[contact.ref.id];
        if (!raw) continue;
        out.set(contact.ref.id, {
          c: {
            id: contact.ref.id,
            ...keysOf(
              contact.emails,
              contact.phones.map((p) => p.raw),
              null,
            ),
          },
          raw,
        });
      }
    }
    return out;
  }

  /** Source for a new contact: the rule's, matched against the account's own spelling. */
  async function sourceFor(options: SendOptions, notes: string[]): Promise<string> {
    const rule = options.crm.leadSource;
    const wanted = rule.value.trim() || DEFAULT_SOURCE;
    let known: string[] = [];
    try {
      known = await api.sources();
    } catch (error) {
      // Matching the spelling is a nicety; the contact must not fail over it.
      if (!isRefusal(error)) throw error;
    }
    // Source is free text in Wise Agent: "creating" a new one is just using it.
    const choice = chooseLeadSource(wanted, known, rule.createMissing, true);
    if (choice.kind === 'match' || choice.kind === 'create') {
      if (!rule.value.trim())
        notes.push(`Source: ${choice.name} (no lead source is set; Wise Agent needs one).`);
      return choice.name;
    }
    if (choice.kind === 'omit')
      notes.push(`${choice.why} Wise Agent needs a Source: "${DEFAULT_SOURCE}" was used.`);
    return DEFAULT_SOURCE;
  }

  /** The team member to assign a new contact to, by the owner rule; none leaves it with the account. */
  async function ownerFor(options: SendOptions, notes: string[]): Promise<string | null> {
    if (options.crm.owner === 'none') return null;
    let team: Awaited<ReturnType<WiseAgentApi['team']>>;
    let me: Awaited<ReturnType<WiseAgentApi['user']>>;
    try {
      [team, me] = await Promise.all([api.team(), api.user()]);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      notes.push(
        'Wise Agent did not list its team, so no team member was assigned: the contact belongs to the connected account.',
      );
      return null;
    }
    const users = team.map((m) => ({ id: m.id, email: m.email }));
    const mine = me.email
      ? (team.find((m) => m.email.toLowerCase() === me.email.toLowerCase())?.id ?? null)
      : null;
    const owner = resolveOwner(options.agentEmail, users, options.crm.owner, mine);
    notes.push(
      owner.ownerId ? owner.why : `${owner.why} The contact belongs to the connected Wise Agent account.`,
    );
    return owner.ownerId;
  }

  return {
    async sendContact(draft, options): Promise<SentContact> {
      const name = nameOf(draft);
      const notes: string[] = [];
      const patch = patchOfDraft(draft);
      const updated = async (clientId: string, current: WiseAgentRecord): Promise<SentContact> => {
        const unchanged = options.object.policy === 'do_not_update';
        if (!unchanged) notes.push(...(await update(clientId, current, patch, options.object.policy)));
        return {
          ref: wiseAgentRef(clientId),
          action: unchanged ? 'unchanged' : 'updated',
          name,
          url: wiseAgentContactUrl(clientId),
          notes,
        };
      };

      // Match once, then keep the link: a linked contact wins over identification.
      if (options.link?.crm === SYSTEM) {
        const linked = await api.singleContact(options.link.id);
        if (linked.found) return updated(options.link.id, recordOf(linked.raw));
        notes.push(
          `The linked Wise Agent contact ${options.link.id} is gone (${linked.reason}); looked for it again.`,
        );
      }

      const keys = keysOf(
        draft.emails,
        draft.phones.map((p) => p.raw),
        null,
      );
      const order = options.object.identify;
      const candidates = new Map<string, { c: Candidate; raw: Record<string, unknown> }>();
      let found = identify(keys, [], order);
      for (const [i, by] of order.entries()) {
        if (found.kind === 'no_key') break;
        // An external id has no Wise Agent field of its own here: only email and phone are searched.
        if (by === 'external_id') continue;
        const values = by === 'email' ? keys.emails : keys.phones;
        for (const [id, hit] of await candidatesBy(by, values)) candidates.set(id, hit);
        found = identify(
          keys,
          [...candidates.values()].map((h) => h.c),
          order.slice(0, i + 1),
        );
        if (found.kind !== 'create') break;
      }
      if (found.kind === 'no_key') {
        throw permanent('no_key', `${name} has no phone or email to find or create a Wise Agent contact by.`);
      }
      if (found.kind === 'review') {
        throw permanent(
          'needs_review',
          `Needs review: ${found.ids.length} Wise Agent contacts have this ${found.by === 'email' ? 'email' : 'phone number'}. Link the right one by hand; Mojo Bridge never guesses.`,
        );
      }
      if (found.kind === 'link') {
        const hit = candidates.get(found.id);
        if (hit) return updated(found.id, recordOf(hit.raw));
      }

      // webcontact's own duplicate check must not match by a key the rule leaves out: look first.
      for (const by of ['email', 'phone'] as const) {
        if (order.includes(by)) continue;
        const hits = await candidatesBy(by, by === 'email' ? keys.emails : keys.phones);
        const [id, hit] = [...hits][0] ?? [];
        if (id === undefined || hit === undefined) continue;
        throw permanent(
          'needs_review',
          `${name} needs review: Wise Agent already has a contact with this ${KEY_WORDS[by]} (${described(hit.raw, id)}), but your identification rule finds contacts by ${ruleWords(order)}. Creating it would let Wise Agent merge the two. Link the right one by hand, or add ${by} to the rule.`,
        );
      }

      const { fields, skipped } = wiseAgentPatchFields(EMPTY_RECORD, patch, 'overwrite');
      const first = fields.CFirst ?? '';
      const last = fields.CLast ?? '';
      if (!first || !last) {
        throw permanent(
          'missing_name',
          `Wise Agent needs a first and a last name to create a contact; ${name || 'this contact'} has ${first || last ? 'only one' : 'none'}. Add it in Mojo, then Retry.`,
        );
      }
      const source = await sourceFor(options, notes);
      const owner = await ownerFor(options, notes);
      const created = await api.createContact({
        ...fields,
        CFirst: first,
        CLast: last,
        Source: source,
        ...(owner ? { InsideTeamId: owner } : {}),
      });
      if (!created.created) {
        // Wise Agent's duplicate check matched a contact the user's rule did not find: the rule,
        // not Wise Agent, decides which record this is.
        throw permanent(
          'needs_review',
          `${name} needs review: Wise Agent matched an existing contact (ClientID ${created.clientId}) by its own duplicate check, which your identification rule did not find. Wise Agent may have added this contact's phone numbers and email to it. Check that contact, then link the right one by hand; Mojo Bridge never links to a record by a key you did not choose.`,
        );
      }
      notes.push(...skipped);
      return {
        ref: wiseAgentRef(created.clientId),
        action: 'created',
        name,
        url: wiseAgentContactUrl(created.clientId),
        notes,
      };
    },

    async updateContact(ref, patch, policy) {
      // Nothing to write needs no read (do-not-update, or a patch the policy empties anyway).
      if (policy === 'do_not_update') return;
      const current = await api.singleContact(ref.id);
      if (!current.found)
        throw permanent('not_found', `The Wise Agent contact no longer exists: ${current.reason}`);
      await update(ref.id, recordOf(current.raw), patch, policy);
    },

    async addNote(ref, note) {
      if (
        note.repeat &&
        (await anyInPages(
          (page) => api.contactNotes(ref.id, page, REPEAT_PAGE_SIZE),
          (n) => noteHasMarker(n.note, note.key),
        ))
      )
        return;
      await api.addContactNote({
        clientIds: [ref.id],
        subject: note.title,
        note: noteText(note.body, note.key),
      });
    },

    async addEvent(ref, event) {
      const when = nextContactAt(event.due, clock());
      const reason = callReason(event.subject);
      const callType = callTypeFor(event.kindLabel);
      const minute = (ms: number) => Math.floor(ms / 60_000);
      if (
        event.repeat &&
        (await anyInPages(
          (page) => api.callsOf(ref.id, page, REPEAT_PAGE_SIZE),
          (c) => {
            if (c.reason !== reason.text) return false;
            // An undated event was put on the list "now", a now that differs per attempt: the
            // Reason and type are all there is to go by.
            if (!when.dated) return c.callType === '' || c.callType === callType;
            const at = parseWiseAgentTime(c.nextContactDate);
            return at !== null && minute(at) === minute(when.at);
          },
        ))
      )
        return;
      await api.addCall({
        clientId: ref.id,
        nextContactAt: when.at,
        callType,
        reason: reason.text,
        important: false,
      });
    },
  };
}
