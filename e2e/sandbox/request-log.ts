/**
 * A ring buffer of every request the sandbox answered, so tests and benchmarks can count calls
 * ("the extension read Zoho in 25 requests") without the log growing without bound.
 */

export interface LoggedRequest {
  /** Epoch ms when the request arrived. */
  t: number;
  host: string;
  method: string;
  path: string;
  /** The query string including `?`, or ''. */
  query: string;
  status: number;
  /** Time to answer, injected latency included. */
  ms: number;
  /** Faults that applied, e.g. `latency:200`, `429`, `malformed:html`. */
  faults?: string[];
}

export class RequestLog {
  private buffer: (LoggedRequest | undefined)[];
  private next = 0;
  private size = 0;

  constructor(private readonly capacity = 50_000) {
    this.buffer = new Array<LoggedRequest | undefined>(capacity);
  }

  add(entry: LoggedRequest): void {
    this.buffer[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Oldest first. */
  all(): LoggedRequest[] {
    const out: LoggedRequest[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const e = this.buffer[(start + i) % this.capacity];
      if (e) out.push(e);
    }
    return out;
  }

  clear(): void {
    this.buffer = new Array<LoggedRequest | undefined>(this.capacity);
    this.next = 0;
    this.size = 0;
  }
}
