/**
 * Runs before every unit test file. The HTTP layer remembers each system's Retry-After for the
 * life of the worker (lib/connectors/http.ts); a test that answers 429 must not make the next
 * test in its file wait.
 */
import { afterEach } from 'vitest';
import { clearRetryAfter } from './lib/connectors/http';

afterEach(() => clearRetryAfter());
