/**
 * The Mojo web app fixture on the account server (app31.mojosells.com): an HTML shell for every
 * /app/ path plus a tiny single-page app (fixtures/mojo-app.js) that renders the contact list and
 * the contact sheet the way the real app does as far as the extension is concerned: hashed class
 * names, no hooks, the contact id only in the URL (mojo-contract.md, "The Mojo web app's contact
 * form"). The app reads `state.mojo.contacts` through /__fixture/ JSON routes, so the page and the
 * API always agree.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { HostInfo } from './hosts';
import { type MojoContact, type MojoMedia, now, type SandboxState } from './state';
import { isoTime, jsonResponse } from './util';

type WebEnv = { Bindings: { info: HostInfo } };

let appJs: string | undefined;
function loadAppJs(): string {
  appJs ??= readFileSync(new URL('./fixtures/mojo-app.js', import.meta.url), 'utf8');
  return appJs;
}

const SHELL = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Mojo</title>
</head>
<body>
<div id="root"></div>
<script src="/__fixture/mojo-app.js"></script>
</body>
</html>`;

/**
 * [sandbox] The real web app is behind Mojo's session cookie; the fixture serves every account's
 * contacts without one, since only the extension's API calls are under test.
 */
export function mojoWebApp(state: SandboxState): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/app', (c) => c.html(SHELL));
  app.get('/app/*', (c) => c.html(SHELL));

  app.get(
    '/__fixture/mojo-app.js',
    () =>
      new Response(loadAppJs(), {
        headers: { 'content-type': 'text/javascript;charset=utf-8', 'cache-control': 'no-store' },
      }),
  );

  app.get('/__fixture/contacts', () => {
    const contacts = [...state.mojo.contacts.values()]
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ id: c.id, name: c.full_name }));
    return jsonResponse({ contacts });
  });

  app.get('/__fixture/contact', (c) => {
    const id = Number(c.req.query('id'));
    const contact = state.mojo.contacts.get(id);
    if (!contact) return jsonResponse({ error: 'contact not found' }, 404);
    const ids = [...state.mojo.contacts.keys()].sort((a, b) => a - b);
    const next = ids[ids.indexOf(id) + 1] ?? null;
    return jsonResponse({
      id: contact.id,
      full_name: contact.full_name,
      first_name: contact.first_name,
      last_name: contact.last_name,
      address: contact.address,
      city: contact.city,
      state: contact.state,
      zip: contact.zip,
      mediainfo_set: contact.mediainfo_set,
      notes: contact.notes.map((n) => ({ id: n.id, text: n.text })),
      next_id: next,
    });
  });

  return app;
}

export interface NewMojoContact {
  first_name?: string;
  last_name?: string;
  /** Defaults to first and last name joined. */
  full_name?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  mediainfo_set?: MojoMedia[];
  /** Empty for a contact made in Mojo itself, which came from no CRM. */
  api_contact_id?: string;
  group_ids?: number[];
  account_id?: string;
}

/**
 * Puts a contact straight into Mojo, as if an agent had typed it into the web app, and returns it.
 * [sandbox] The contract has no "create contact" call outside the upsert, which needs an
 * `api_contact_id`; a contact made in Mojo has none (an empty string here and in the API's answer).
 */
export function addMojoContact(state: SandboxState, input: NewMojoContact): MojoContact {
  const mojo = state.mojo;
  const at = isoTime(now(state));
  const first = input.first_name ?? '';
  const last = input.last_name ?? '';
  const contact: MojoContact = {
    id: mojo.nextIds.contact++,
    account_id: input.account_id ?? 'A-100',
    api_contact_id: input.api_contact_id ?? '',
    source: '',
    full_name: input.full_name ?? [first, last].filter((s) => s !== '').join(' '),
    first_name: first,
    last_name: last,
    address: input.address ?? '',
    city: input.city ?? '',
    state: input.state ?? '',
    zip: input.zip ?? '',
    mediainfo_set: [...(input.mediainfo_set ?? [])],
    notes: [],
    misc: {},
    group_ids: [...(input.group_ids ?? [])],
    events: [],
    created_at: at,
    updated_at: at,
  };
  mojo.contacts.set(contact.id, contact);
  if (contact.api_contact_id !== '') {
    mojo.contactIdsByApiId.set(`${contact.account_id}|${contact.api_contact_id}`, contact.id);
  }
  return contact;
}
