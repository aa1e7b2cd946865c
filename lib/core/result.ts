/**
 * Errors as values across message boundaries: a `UserError` is written for the person reading it
 * (what happened and what to do), with the technical detail kept apart for the activity log.
 */
import { z } from 'zod';

export const UserError = z.object({
  code: z.string(),
  message: z.string(),
  detail: z.string().optional(),
});
export type UserError = z.infer<typeof UserError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, detail?: string): Result<never> => ({
  ok: false,
  error: detail === undefined ? { code, message } : { code, message, detail },
});

/** An error a user can act on, thrown inside the background and turned into a `Result` at the edge. */
export class ActionableError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ActionableError';
  }
}
