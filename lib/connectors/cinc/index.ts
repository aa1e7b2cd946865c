/**
 * CINC as a Mojo Bridge integration: the custom-configuration OAuth strategy (the integrator
 * Client ID and secret CINC issues; no data centers), the connector the sync engine reads leads
 * through, and the way back (Mojo → CINC): Send to CINC, Mojo edits, call results and events.
 *
 * CINC's API has one write, `POST /site/leads`, an upsert by id, username or email that can carry
 * notes; so an update is that call with the lead's id and only the keys to change, and a note is
 * that call with the id and one note. It has no task or event API we know of: a Mojo event becomes
 * a note naming what is due and when (the README says so too).
 */
import { type Candidate, chooseLeadSource, identify, keysOf, resolveOwner } from '../../core/rules/engine';
import { ApiError } from '../http';
import { apiOrigins } from '../origins';
import type {
  CrmClientSettings,
  CrmConnector,
  CrmIntegration,
  SendOptions,
  SentContact,
  TokenSource,
} from '../types';
import { CINC_PAGE_SIZE, CINC_READ_BATCH, CincApi, type CincLeadInput, leadGone } from './api';
import { buildAuthorizeUrl, exchangeCode, parseRedirect, refreshSession } from './auth';
import { CINC_LEAD_MODULE, type CincLead, parseCincLead, primaryAgentId } from './contact';
import { cincLeadPageUrl } from './page';
import { CINC_OBJECTS, cincDefaultFields, cincDocumentedFields } from './rules';
import {
  CINC_NOTE_MAX,
  carriesMarker,
  cincCandidate,
  cincNewLeadWrite,
  cincPatchWrite,
  eventNoteContent,
  noteContent,
  patchOfDraft,
} from './writes';

function secretOf(settings: CrmClientSettings): string {
  if (!settings.clientSecret) throw new Error('The CINC Client secret is missing.');
  return settings.clientSecret;
}

/**
 * How far Send to CINC reads to find a lead: 200 pages of 50, i.e. 10,000 leads and 200 calls.
 * CINC's API has no search (crm-facts.md), and its upsert matches by email only and would write
 * past the update policy, so finding a lead means reading the lead list. That costs one call per 50
 * leads on every Send to CINC of an unlinked contact (linked contacts cost none); past this bound
 * the send stops with "needs review" rather than run for minutes or risk a duplicate.
 */
export const CINC_SCAN_MAX_PAGES = 200;

/** The user's identification rule in words ("phone", "phone or email"). */
function ruleWords(order: readonly string[]): string {
  const words = order.map((by) => (by === 'external_id' ? 'external id' : by));
  return words.join(' or ') || 'the identification rule';
}

function permanent(code: string, userMessage: string): ApiError {
  return new ApiError({ system: 'cinc', kind: 'permanent', code, userMessage });
}

/** What one pass over the lead list tells Send to CINC. */
interface LeadScan {
  candidates: Candidate[];
  /** The lead sources in use: CINC's source is free text, this is the nearest thing to a list. */
  sources: string[];
  /** Agents assigned to some lead: CINC's API lists no agents, so these are the ones we can know. */
  agentIds: string[];
}

export function cincConnector(tokens: TokenSource): CrmConnector {
  const api = new CincApi(tokens);
  let site: ReturnType<CincApi['site']> | null = null;

  /** The lead's page on the team's web app, when CINC names the host. */
  async function leadUrl(id: string): Promise<string | null> {
    site ??= api.site();
    const s = await site.catch(() => null);
    return cincLeadPageUrl(s?.domain ?? null, id);
  }

  /** The lead as CINC holds it now; null when it is gone. */
  async function readLead(id: string): Promise<CincLead | null> {
    const raw = await api.leadRaw(id);
    if (raw === null) return null;
    const parsed = parseCincLead(raw);
    if (!parsed.ok) {
      // Writing past fields we could not read could overwrite them: stop and say so.
      throw new ApiError({
        system: 'cinc',
        kind: 'malformed',
        userMessage: 'CINC answered in a shape Mojo Bridge does not understand.',
        detail: parsed.reason,
      });
    }
    return parsed.lead;
  }

  async function scanLeads(): Promise<LeadScan> {
    const candidates: Candidate[] = [];
    const sources = new Map<string, string>();
    const agentIds = new Set<string>();
    let offset: number | null = 0;
    for (let page = 0; offset !== null; page++) {
      if (page >= CINC_SCAN_MAX_PAGES) {
        throw permanent(
          'needs_review',
          `Needs review: CINC holds more than ${CINC_SCAN_MAX_PAGES * CINC_PAGE_SIZE} leads and its API cannot search them, so Mojo Bridge cannot rule out a duplicate. Add the person in CINC and use Add to Mojo there to link them.`,
        );
      }
      const { raws, next } = await api.leadsPage(offset);
      for (const raw of raws) {
        // A lead we cannot read cannot be matched either; it is skipped, as Add to Mojo reports it.
        const parsed = parseCincLead(raw);
        if (!parsed.ok) continue;
        candidates.push(cincCandidate(parsed.lead));
        const source = parsed.lead.info?.source?.trim();
        if (source && !sources.has(source.toLowerCase())) sources.set(source.toLowerCase(), source);
        const agent = primaryAgentId(parsed.lead);
        if (agent) agentIds.add(agent);
      }
      offset = next;
    }
    return { candidates, sources: [...sources.values()], agentIds: [...agentIds] };
  }

  /**
   * The lead CINC keys by `email` (its email or username), read back after an upsert named no id:
   * page by page until it turns up, null when it is not (yet) in the first 10,000. A failed read
   * fails the step, whose retry is safe: CINC keys the lead by this email, so it is found, not made
   * again.
   */
  async function leadWithEmail(email: string): Promise<string | null> {
    let offset: number | null = 0;
    for (let page = 0; offset !== null && page < CINC_SCAN_MAX_PAGES; page++) {
      const { raws, next } = await api.leadsPage(offset);
      for (const raw of raws) {
        const parsed = parseCincLead(raw);
        if (parsed.ok && cincCandidate(parsed.lead).emails.includes(email)) return parsed.lead.id;
      }
      offset = next;
    }
    return null;
  }

  /**
   * The primary agent for a new lead: the CINC agent with the Mojo agent's email. CINC's API has no
   * agent list, so the agents assigned to some lead are read one by one until one matches (each
   * read is cached for the step); an agent with no leads cannot be found, and the lead is then left
   * unassigned. There is no "connecting user" in CINC's API to fall back to.
   */
  async function ownerFor(
    options: SendOptions,
    agentIds: string[],
  ): Promise<{ id: string | null; why: string }> {
    if (options.crm.owner === 'none') return { id: null, why: 'No primary agent is set (rule).' };
    const email = options.agentEmail?.trim().toLowerCase();
    const users: { id: string; email: string }[] = [];
    if (email) {
      for (const id of agentIds) {
        const agent = await api.agent(id);
        if (!agent?.email) continue;
        users.push({ id: agent.id, email: agent.email });
        if (agent.email.trim().toLowerCase() === email) break;
      }
    }
    const owner = resolveOwner(options.agentEmail, users, options.crm.owner, null);
    if (owner.ownerId) return { id: owner.ownerId, why: owner.why };
    return {
      id: null,
      why: `${owner.why} CINC's API lists no agents, so only agents already assigned to a lead could be matched; the lead is left without a primary agent.`,
    };
  }

  return {
    id: 'cinc',
    async account() {
      const s = await api.site();
      return { id: s.id, label: s.name };
    },
    readBatchSize: CINC_READ_BATCH,
    async readRecords(refs) {
      // CINC has leads only; a ref of another module is not ours to read and is reported missing.
      return api.readLeads(refs.filter((r) => r.module === CINC_LEAD_MODULE).map((r) => r.id));
    },
    async readViewPage(module, _viewId, cursor) {
      // The leads dashboard is read as "all leads": its filters live in the web app, not the API.
      if (module !== CINC_LEAD_MODULE) return { contacts: [], errors: [], next: null };
      return api.viewPage(cursor);
    },
    // No countView: CINC's list answer carries no total, and counting would mean reading every page.
    defaultRecordType: CINC_LEAD_MODULE,

    async sendContact(draft, options) {
      const name = [draft.firstName, draft.lastName].filter(Boolean).join(' ') || draft.fullName;
      const notes: string[] = [];
      const patch = patchOfDraft(draft);
      const updated = async (lead: CincLead): Promise<SentContact> => {
        const ref = { crm: 'cinc' as const, module: CINC_LEAD_MODULE, id: lead.id };
        // Do not update: matched, and nothing is written (the sheet says "left unchanged").
        if (options.object.policy === 'do_not_update') {
          return { ref, action: 'unchanged', name, url: await leadUrl(lead.id), notes };
        }
        const { contact, skipped } = cincPatchWrite(lead, patch, options.object.policy);
        notes.push(...skipped);
        if (contact) await api.upsertLead({ id: lead.id, info: { contact } });
        return { ref, action: 'updated', name, url: await leadUrl(lead.id), notes };
      };

      // Match once, then keep the link: a linked lead wins over identification.
      if (options.link?.module === CINC_LEAD_MODULE) {
        const lead = await readLead(options.link.id);
        if (lead) return updated(lead);
        notes.push('The linked CINC lead was deleted; Mojo Bridge looked for another one.');
      }

      const keys = keysOf(
        draft.emails,
        draft.phones.map((p) => p.raw),
        null,
      );
      if (keys.emails.length === 0 && keys.phones.length === 0) {
        throw permanent(
          'no_key',
          `${name || 'This contact'} has no phone or email to find or create a CINC lead by.`,
        );
      }
      const scan = await scanLeads();
      // CINC leads have no external id of ours: identification by it finds nothing and falls through.
      const found = identify(keys, scan.candidates, options.object.identify);
      if (found.kind === 'no_key') {
        throw permanent(
          'no_key',
          `${name || 'This contact'} has no phone or email to find or create a CINC lead by.`,
        );
      }
      if (found.kind === 'review') {
        throw permanent(
          'needs_review',
          `Needs review: ${found.ids.length} CINC leads have this ${found.by} (${found.ids.join(', ')}). Link the right one by hand (Add to Mojo from that lead); Mojo Bridge never guesses.`,
        );
      }
      if (found.kind === 'link') {
        const lead = await readLead(found.id);
        if (lead) return updated(lead);
      }

      const { contact, skipped } = cincNewLeadWrite(draft);
      notes.push(...skipped);
      // CINC keys a lead by id, username or email; without an email there is nothing to create it by.
      if (!contact?.email) {
        throw permanent(
          'no_email',
          `CINC needs an email to create a lead; ${name || 'this contact'} has none. Add one in Mojo and send again.`,
        );
      }
      // CINC's upsert matches an existing lead by email whatever the user's rule says: a lead with this
      // email that the rule did not pick would be merged into silently. The rule decides, or a person.
      const email = keysOf([contact.email], [], null).emails[0] ?? contact.email;
      const holders = scan.candidates.filter((c) => c.emails.includes(email)).map((c) => c.id);
      if (holders.length > 0) {
        throw permanent(
          'needs_review',
          `Needs review: ${name || 'this contact'} was not found by ${ruleWords(options.object.identify)}, but CINC lead ${holders.join(', ')} has the email ${email}, and CINC would save into that lead by its email. Link it by hand (Add to Mojo from that lead in CINC), or add Email to the CINC identification rule.`,
        );
      }
      const input: CincLeadInput = { info: { contact } };
      const owner = await ownerFor(options, scan.agentIds);
      notes.push(owner.why);
      if (owner.id) input.assigned_agents = { primary_agent: { id: owner.id } };
      if (options.crm.leadSource.value) {
        // CINC's source is free text, so "creating" a source is just writing it.
        const source = chooseLeadSource(
          options.crm.leadSource.value,
          scan.sources,
          options.crm.leadSource.createMissing,
          true,
        );
        if (source.kind === 'match' || source.kind === 'create')
          input.info = { ...input.info, source: source.name };
        if (source.kind === 'omit') notes.push(source.why);
      }
      const saved = await api.upsertLead(input);
      if (saved.action === 'updated') {
        // CINC matched the email itself: a lead added to CINC after Mojo Bridge looked.
        notes.push(`CINC already had a lead with ${email} (added after Mojo Bridge looked) and updated it.`);
      }
      // CINC documents no answer body: without an id in it, the lead is found again by its email.
      const id = saved.id ?? (await leadWithEmail(email));
      if (id === null) {
        // The write happened: reporting it as a failure to retry would send it (and its notes) again.
        throw permanent(
          'unlinked_write',
          `CINC saved ${name || 'this contact'} (${email}) but did not say which lead it is, and the lead is not in CINC's lead list yet, so Mojo Bridge could not link it. It will not be sent again: open the lead in CINC and use Add to Mojo there to link it.`,
        );
      }
      const ref = { crm: 'cinc' as const, module: CINC_LEAD_MODULE, id };
      return { ref, action: saved.action, name, url: await leadUrl(id), notes };
    },

    async updateContact(ref, patch, policy) {
      if (policy === 'do_not_update') return;
      const lead = await readLead(ref.id);
      if (!lead) throw leadGone();
      const { contact } = cincPatchWrite(lead, patch, policy);
      // What could not be added (a second email, no free phone field) is simply not written.
      if (contact) await api.upsertLead({ id: lead.id, info: { contact } });
    },

    noteLimit: CINC_NOTE_MAX,

    async addNote(ref, note) {
      await addLeadNote(ref.id, note.key, noteContent(note.title, note.body, note.key), note.repeat);
    },

    async addEvent(ref, event) {
      // No event API is known for CINC: the event is kept as a note (see the module comment).
      await addLeadNote(ref.id, event.key, eventNoteContent(event), event.repeat);
    },
  };

  /**
   * One note on a lead, once: when an earlier attempt may have landed (`repeat`), the lead's notes
   * are read first and a note carrying the activity's marker means it is done.
   */
  async function addLeadNote(leadId: string, key: string, content: string, repeat: boolean): Promise<void> {
    if (repeat) {
      const existing = await api.noteContents(leadId);
      if (existing === null) throw leadGone();
      if (existing.some((text) => carriesMarker(text, key))) return;
    }
    await api.upsertLead({ id: leadId, notes: [{ content, category: 'general', is_pinned: false }] });
  }
}

export const cincIntegration: CrmIntegration = {
  id: 'cinc',
  needs: { clientSecret: 'required', dataCenter: false },
  origins: () => apiOrigins('cinc', null),
  async authorizeUrl(settings, redirectUri, pending) {
    return buildAuthorizeUrl({ clientId: settings.clientId, redirectUri, state: pending.state });
  },
  async finishSignIn(settings, redirectUri, redirectedTo, pending) {
    const { code } = parseRedirect(redirectedTo, pending.state);
    return exchangeCode({ clientId: settings.clientId, clientSecret: secretOf(settings), redirectUri, code });
  },
  refresh: (settings, session) =>
    refreshSession({ session, clientId: settings.clientId, clientSecret: secretOf(settings) }),
  async revoke() {
    // CINC documents no revoke endpoint: Reset credentials forgets the tokens locally (the caller
    // deletes the session) and releases the Mojo link; the grant itself ends when CINC expires it
    // or the site owner removes the integration in CINC.
  },
  connector: cincConnector,
  objects: CINC_OBJECTS,
  defaultFields: cincDefaultFields,
  documentedFields: cincDocumentedFields,
};
