/**
 * Zoho CRM as a Mojo Bridge integration: the custom-configuration OAuth strategy (the admin's own
 * Server-based client, per data center) and the connector the sync engine reads records through.
 */
import type { DataCenter } from '../../platform/protocol';
import { ApiError } from '../http';
import { apiOrigins } from '../origins';
import type { CrmClientSettings, CrmConnector, CrmIntegration, TokenSource } from '../types';
import { ZOHO_BATCH_MAX, ZohoApi, type ZohoWriteResult } from './api';
import { buildAuthorizeUrl, exchangeCode, parseRedirect, refreshSession, revokeToken } from './auth';
import { knownApiDomain, ZOHO_DATA_CENTERS } from './datacenters';
import { ZOHO_OBJECTS, zohoDefaultFields, zohoDocumentedFields } from './rules';
import { asZohoModule, zohoPatchFields, zohoRecordFields } from './writes';

function dcOf(settings: CrmClientSettings): DataCenter {
  return settings.dataCenter ?? 'US';
}

function secretOf(settings: CrmClientSettings): string {
  if (!settings.clientSecret) throw new Error('The Zoho Client secret is missing.');
  return settings.clientSecret;
}

/** The line that ties a note or task to the Mojo activity it came from (and makes repeats detectable). */
export const activityMarker = (key: string) => `Mojo activity ${key}`;

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
      return { contacts: page.records, errors: page.errors, raws: page.raws ?? {}, next: page.next };
    },
    countView: (module, viewId) => api.countView(module, viewId),
    listFields: (object) => api.fields(object),

    async sendContact(draft, { link, recordType }) {
      const name = [draft.firstName, draft.lastName].filter(Boolean).join(' ') || draft.fullName;
      if (link) {
        const current = await api.getRaw(link.module, link.id);
        if (current) {
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
          const { fields } = zohoPatchFields(link.module, current, patch);
          if (Object.keys(fields).length > 0) {
            const [r] = await api.update(link.module, [{ id: link.id, ...fields }]);
            if (r && !r.ok) failed(r, `update ${name}`);
          }
          return { ref: link, action: 'updated', name, url: await recordUrl(link.module, link.id) };
        }
        // The linked record was deleted in Zoho: fall through and create it again.
      }
      const module = asZohoModule(recordType ?? 'Leads');
      const fields = zohoRecordFields(module, draft);
      if (!fields.Last_Name) {
        throw new ApiError({
          system: 'zoho',
          kind: 'permanent',
          code: 'MANDATORY_NOT_FOUND',
          userMessage: 'Zoho CRM needs a last name.',
        });
      }
      // Zoho's own duplicate check finds the record by email (or phone) and updates it instead.
      const check = fields.Email ? ['Email'] : ['Phone', 'Mobile'].filter((f) => fields[f]);
      const [r] = await api.upsert(module, [fields], check.length ? check : ['Email']);
      if (!r || !r.ok) return failed(r ?? { ok: false, code: 'NO_ANSWER', message: '' }, `save ${name}`);
      const ref = { crm: 'zoho' as const, module, id: r.id };
      return {
        ref,
        action: r.action === 'update' ? 'updated' : 'created',
        name,
        url: await recordUrl(module, r.id),
      };
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
  needs: { clientSecret: true, dataCenter: true },
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
  defaultFields: zohoDefaultFields,
  documentedFields: zohoDocumentedFields,
};
