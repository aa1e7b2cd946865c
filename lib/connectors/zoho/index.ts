/**
 * Zoho CRM as a Mojo Bridge integration: the custom-configuration OAuth strategy (the admin's own
 * Server-based client, per data center) and the connector the sync engine reads records through.
 */

import { type Candidate, chooseLeadSource, identify, keysOf, resolveOwner } from '../../core/rules/engine';
import type { IdentifyBy } from '../../core/rules/model';
import type { DataCenter } from '../../platform/protocol';
import { ApiError } from '../http';
import { apiOrigins } from '../origins';
import type { CrmClientSettings, CrmConnector, CrmIntegration, TokenSource } from '../types';
import { ZOHO_BATCH_MAX, ZohoApi, type ZohoWriteResult } from './api';
import { buildAuthorizeUrl, exchangeCode, parseRedirect, refreshSession, revokeToken } from './auth';
import { knownApiDomain, ZOHO_DATA_CENTERS } from './datacenters';
import { ZOHO_OBJECTS, zohoDefaultFields, zohoDocumentedFields } from './rules';
import { asZohoModule, ZOHO_NOTE_MAX, zohoPatchFields, zohoRecordFields } from './writes';

function dcOf(settings: CrmClientSettings): DataCenter {
  return settings.dataCenter ?? 'US';
}

function secretOf(settings: CrmClientSettings): string {
  if (!settings.clientSecret) throw new Error('The Zoho Client secret is missing.');
  return settings.clientSecret;
}

/** The line that ties a note or task to the Mojo activity it came from (and makes repeats detectable). */
export const activityMarker = (key: string) => `Mojo activity ${key}`;

/**
 * The identification keys Zoho can search by, in the user's order. An external id has no Zoho
 * field (the rules map no field to the Mojo id), so it is not offered for Zoho and is skipped
 * where older saved rules still name it.
 */
export const ZOHO_IDENTIFY_KEYS: readonly IdentifyBy[] = ['email', 'phone'];

export function zohoIdentifyKeys(chosen: readonly IdentifyBy[]): ('email' | 'phone')[] {
  return chosen.filter((k): k is 'email' | 'phone' => k === 'email' || k === 'phone');
}

export function zohoConnector(tokens: TokenSource): CrmConnector {
  const api = new ZohoApi(tokens);
  let org: Promise<{ domain_name: string }> | null = null;

  /** The record's page in Zoho's web app, in the data center the token belongs to. */
  async function recordUrl(module: string, id: string): Promise<string | null> {
    const dc = knownApiDomain((await tokens.current()).apiBase)?.dc;
    if (!dc) return null;
    org ??= api.org();
    const { domain_name } = await org.catch(() => ({ domain_name: '' }));
    const base = ZOHO_DATA_CENTERS[dc].web;
    return `${base}/crm/${domain_name ? `${domain_name}/` : ''}tab/${module}/${id}`;
  }

  function permanent(code: string, userMessage: string): ApiError {
    return new ApiError({ system: 'zoho', kind: 'permanent', code, userMessage });
  }

  function failed(result: ZohoWriteResult, what: string): never {
    throw new ApiError({
      system: 'zoho',
      kind: 'permanent',
      code: result.code,
      userMessage: `Zoho CRM did not ${what}: ${result.message || result.code}.`,
    });
  }

  return {
    id: 'zoho',
    async account() {
      const org = await api.org();
      return { id: org.id, label: org.company_name };
    },
    readBatchSize: ZOHO_BATCH_MAX,
    async readRecords(refs) {
      const module = refs[0]?.module;
      if (!module) return { contacts: [], errors: [] };
      const contacts = [];
      const errors = [];
      let raws: Record<string, Record<string, unknown>> = {};
      for await (const page of api.getRecords(
        module,
        refs.map((r) => r.id),
      )) {
        contacts.push(...page.records);
        errors.push(...page.errors);
        raws = { ...raws, ...page.raws };
      }
      return { contacts, errors, raws };
    },
    async readViewPage(module, viewId, cursor) {
      const page = await api.viewPage(module, viewId, cursor);
      return {
        contacts: page.records,
        errors: page.errors,
        raws: page.raws ?? {},
        next: page.next,
        ...(page.cutShort ? { cutShort: page.cutShort } : {}),
      };
    },
    countView: (module, viewId) => api.countView(module, viewId),
    viewCursorsUpFront: (total) => ZohoApi.cursorsUpFront(total),
    listFields: (object) => api.fields(object),
    defaultRecordType: 'Leads',

    async sendContact(draft, options) {
      const name = [draft.firstName, draft.lastName].filter(Boolean).join(' ') || draft.fullName;
      const notes: string[] = [];
      const patch = {
        set: {
          firstName: draft.firstName,
          lastName: draft.lastName,
          address: draft.address,
          city: draft.city,
          state: draft.state,
          zip: draft.zip,
        },
        addPhones: draft.phones,
        addEmails: draft.emails,
      };
      const policy = options.object.policy;
      /** A matched record, written by its id under the update policy (Do not update: not at all). */
      const matched = async (module: string, id: string, current: Record<string, unknown>) => {
        const ref = { crm: 'zoho' as const, module, id };
        const url = await recordUrl(module, id);
        if (policy === 'do_not_update') return { ref, action: 'unchanged' as const, name, url, notes };
        const { fields, skipped } = zohoPatchFields(module, current, patch, policy);
        notes.push(...skipped);
        if (Object.keys(fields).length > 0) {
          const [r] = await api.update(module, [{ id, ...fields }]);
          if (r && !r.ok) failed(r, `update ${name}`);
        }
        return { ref, action: 'updated' as const, name, url, notes };
      };

      // Match once, then keep the link: a linked record wins over identification.
      if (options.link) {
        const current = await api.getRaw(options.link.module, options.link.id);
        if (current) return matched(options.link.module, options.link.id, current);
        notes.push('The linked Zoho CRM record was deleted; a new one was made.');
      }
      const module = asZohoModule(options.recordType || 'Leads');
      const by = zohoIdentifyKeys(options.object.identify);
      if (by.length === 0) {
        throw permanent(
          'no_identify_key',
          `Zoho CRM can't find ${name} by External id. Under "Find an existing record by", turn on Email or Phone for Zoho CRM ${module}.`,
        );
      }
      const keys = keysOf(
        draft.emails,
        draft.phones.map((p) => p.raw),
        null,
      );
      // Identification decides, by the keys the user chose and nothing else. Repeats are safe the
      // same way: a Send retried after a lost answer searches again first, and finds the record
      // the earlier attempt made by the same keys.
      const candidates: Candidate[] = [];
      for (const key of by) {
        const values = key === 'email' ? keys.emails : keys.phones;
        for (const value of values.slice(0, 3)) {
          for (const raw of await api.search(module, key, value)) candidates.push(candidateOf(raw));
        }
      }
      const found = identify(keys, candidates, by);
      if (found.kind === 'no_key') {
        throw permanent('no_key', `${name} has no phone or email to find or create a Zoho CRM record by.`);
      }
      if (found.kind === 'review') {
        throw permanent(
          'needs_review',
          `Needs review: ${found.ids.length} Zoho CRM ${module} have this ${found.by}. Link the right one by hand; Mojo Bridge never guesses.`,
        );
      }
      if (found.kind === 'link') {
        const current = await api.getRaw(module, found.id);
        if (current) return matched(module, found.id, current);
      }

      const fields: Record<string, unknown> = zohoRecordFields(module, draft);
      if (!fields.Last_Name)
        throw permanent('MANDATORY_NOT_FOUND', `Zoho CRM needs a last name${name ? ` for ${name}` : ''}.`);
      if (options.crm.owner !== 'none') {
        const [users, me] = await Promise.all([api.users(), api.currentUser()]);
        const owner = resolveOwner(options.agentEmail, users, options.crm.owner, me?.id ?? null);
        if (owner.ownerId) fields.Owner = { id: owner.ownerId };
        notes.push(owner.why);
      }
      if (options.crm.leadSource.value) {
        // Adding a picklist value needs a settings scope Mojo Bridge does not ask for: match or leave out.
        const known = await api.picklist(module, 'Lead_Source').catch(() => []);
        const source = chooseLeadSource(
          options.crm.leadSource.value,
          [...known.map((v) => v.display), ...known.map((v) => v.actual)],
          options.crm.leadSource.createMissing,
          false,
        );
        // Users name a value as Zoho shows it (or by its stored value); Zoho takes the actual value.
        if (source.kind === 'match') {
          const value = known.find((v) => v.display === source.name || v.actual === source.name);
          fields.Lead_Source = value?.actual ?? source.name;
        }
        if (source.kind === 'omit') notes.push(source.why);
      }
      // A plain insert: an upsert would let Zoho match by its own duplicate-check field (Email)
      // even when the user chose to identify by phone only, and update someone else's record.
      const [r] = await api.insert(module, [fields]);
      if (r && !r.ok && r.code === 'DUPLICATE_DATA') {
        // The org made a field unique ("Do not allow duplicate values") that the user's keys did not
        // search by: say which record holds the value rather than write into it.
        const field = (r.field ?? 'a unique field').replace(/_/g, ' ');
        throw permanent(
          'DUPLICATE_DATA',
          `${name} was not created: Zoho CRM ${module} ${r.id ?? ''} already has this ${field}, and Zoho allows it only once. Link ${name} to that record in Zoho CRM, or find records by ${field} too (Options → Find an existing record by).`,
        );
      }
      if (!r?.ok) return failed(r ?? { ok: false, code: 'NO_ANSWER', message: '' }, `create ${name}`);
      const ref = { crm: 'zoho' as const, module, id: r.id };
      return { ref, action: 'created' as const, name, url: await recordUrl(module, r.id), notes };
    },

    async updateContact(ref, patch, policy) {
      const current = await api.getRaw(ref.module, ref.id);
      if (!current) {
        throw new ApiError({
          system: 'zoho',
          kind: 'permanent',
          code: 'NOT_FOUND',
          userMessage: 'The Zoho CRM record no longer exists.',
        });
      }
      const { fields } = zohoPatchFields(ref.module, current, patch, policy);
      if (Object.keys(fields).length === 0) return;
      const [r] = await api.update(ref.module, [{ id: ref.id, ...fields }]);
      if (r && !r.ok) failed(r, 'update the record');
    },

    noteLimit: ZOHO_NOTE_MAX,

    async addNote(ref, note) {
      const marker = activityMarker(note.key);
      if (note.repeat && (await api.notesOf(ref.module, ref.id)).some((n) => n.content.includes(marker)))
        return;
      await api.addNote(ref.module, ref.id, note.title, `${note.body}\n\n${marker}`);
    },

    async addEvent(ref, ev) {
      const task: Record<string, unknown> = {
        Subject: ev.subject,
        Status: 'Not Started',
        Description: `${ev.kindLabel} from Mojo\n\n${activityMarker(ev.key)}`,
      };
      if (ev.due) task.Due_Date = ev.due.slice(0, 10);
      // A task hangs off a Contact by Who_Id; a Lead is a "What" in Zoho's words.
      if (ref.module === 'Contacts') task.Who_Id = { id: ref.id };
      else Object.assign(task, { What_Id: { id: ref.id }, $se_module: ref.module });
      await api.addTask(task);
    },
  };
}

export const zohoIntegration: CrmIntegration = {
  id: 'zoho',
  needs: { clientSecret: 'required', dataCenter: true },
  origins: (settings) => apiOrigins('zoho', dcOf(settings)),
  async authorizeUrl(settings, redirectUri, pending) {
    return buildAuthorizeUrl({
      dc: dcOf(settings),
      clientId: settings.clientId,
      redirectUri,
      state: pending.state,
    });
  },
  async finishSignIn(settings, redirectUri, redirectedTo, pending) {
    const { code, accountsServer } = parseRedirect(redirectedTo, pending.state, dcOf(settings));
    return exchangeCode({
      accountsServer,
      clientId: settings.clientId,
      clientSecret: secretOf(settings),
      redirectUri,
      code,
    });
  },
  refresh: (settings, session) =>
    refreshSession({ session, clientId: settings.clientId, clientSecret: secretOf(settings) }),
  async revoke(_settings, session) {
    if (session.accountsServer && session.refreshToken)
      await revokeToken(session.accountsServer, session.refreshToken);
  },
  connector: zohoConnector,
  objects: ZOHO_OBJECTS,
  identifyBy: ZOHO_IDENTIFY_KEYS,
  defaultFields: zohoDefaultFields,
  documentedFields: zohoDocumentedFields,
};

/** A Zoho record as an identification candidate. */
function candidateOf(raw: Record<string, unknown>): Candidate {
  const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
  return {
    id: text('id'),
    ...keysOf(
      [text('Email'), text('Secondary_Email')],
      [text('Phone'), text('Mobile'), text('Home_Phone'), text('Other_Phone')],
      null,
    ),
  };
}
