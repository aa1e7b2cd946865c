/**
 * Credentials (tokens, client secrets) live here and nowhere else. Only the background imports
 * this module; every read is validated, so a corrupt or older entry reads as "not connected"
 * rather than crashing the service worker.
 */
import type { z } from 'zod';
import { db } from './db';

export async function readSecret<T>(name: string, schema: z.ZodType<T>): Promise<T | null> {
  const raw = await (await db()).get('vault', name);
  if (raw === undefined) return null;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function writeSecret<T>(name: string, value: T): Promise<void> {
  await (await db()).put('vault', value, name);
}

export async function deleteSecret(name: string): Promise<void> {
  await (await db()).delete('vault', name);
}
