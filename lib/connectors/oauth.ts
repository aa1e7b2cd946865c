/**
 * What every OAuth provider's answers have in common: the redirect that carries the code (and
 * must carry our own `state` back), and the token endpoint's JSON. Each CRM's auth.ts adds only
 * what is its own (Zoho's accounts-server, PKCE for Wise Agent, each one's error words).
 */
import { z } from 'zod';
import { ApiError, type JsonBody } from './http';

function signInError(system: string, code: string, userMessage: string, detail?: string): ApiError {
  return new ApiError({ system, kind: 'permanent', code, userMessage, detail: detail ?? code });
}

export interface RedirectOptions {
  /**
   * A redirect with no `state` at all is accepted (a wrong one never is). Only for a provider that
   * does not document `state` on its redirect and whose code is bound to our PKCE verifier, so a
   * forged redirect's code cannot be redeemed by us anyway (Wise Agent).
   */
  stateMayBeMissing?: boolean;
}

/**
 * The code from the URL the provider redirected to, once the answer is known to be ours: no
 * error, our `state` (anything else may be a forged redirect), a code present. `errorWords` maps
 * the provider's error codes to messages; cancelling is always "sign-in was cancelled".
 */
export function redirectCode(
  system: string,
  label: string,
  redirectedTo: string,
  expectedState: string,
  errorWords: Record<string, string> = {},
  options: RedirectOptions = {},
): { code: string; params: URLSearchParams } {
  let url: URL;
  try {
    url = new URL(redirectedTo);
  } catch {
    throw signInError(
      system,
      'bad_redirect',
      'The sign-in answer could not be read; try Connect again.',
      redirectedTo,
    );
  }
  const params = url.searchParams;
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? error;
    if (error === 'access_denied')
      throw signInError(system, error, `${label} sign-in was cancelled.`, description);
    throw signInError(
      system,
      error,
      errorWords[error] ?? `${label} sign-in failed (${error}); try Connect again.`,
      description,
    );
  }
  const state = params.get('state');
  if (state !== expectedState && !(state === null && options.stateMayBeMissing === true)) {
    throw signInError(
      system,
      'state_mismatch',
      'The sign-in answer did not match this request; try Connect again.',
    );
  }
  const code = params.get('code');
  if (code === null || code === '') {
    throw signInError(system, 'missing_code', `${label} did not send a sign-in code; try Connect again.`);
  }
  return { code, params };
}

/** A token endpoint's 2xx body, checked: JSON, and in the shape the caller expects. */
export function tokenAnswer<S extends z.ZodType>(
  system: string,
  label: string,
  status: number,
  body: JsonBody,
  schema: S,
): z.output<S> {
  if (!body.ok) {
    throw new ApiError({
      system,
      kind: 'malformed',
      status,
      userMessage:
        body.reason === 'html'
          ? `${label}'s sign-in server answered with a web page instead of data.`
          : `${label}'s sign-in server answered with something that is not valid JSON.`,
      detail: body.snippet,
    });
  }
  const answer = schema.safeParse(body.value);
  if (!answer.success) {
    throw new ApiError({
      system,
      kind: 'malformed',
      status,
      userMessage: `${label}'s sign-in server answered in a shape Mojo Bridge does not understand.`,
      detail: z.prettifyError(answer.error),
    });
  }
  return answer.data;
}
