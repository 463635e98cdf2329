/** One parsed server-sent event. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** A minimal SSE reader over fetch, for tests and the benchmark. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly controller = new AbortController();
  private done: Promise<void> = Promise.resolve();
  status = 0;

  constructor(private readonly url: string, private readonly headers: Record<string, string>) {}

  /** Connects; resolves once the response headers are in. */
  async connect(): Promise<void> {
    const res = await fetch(this.url, { headers: { accept: "text/event-stream", ...this.headers }, signal: this.controller.signal });
    this.status = res.status;
    if (!res.body) throw new Error("no body");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buf = "";
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            this.parse(buf.slice(0, i));
            buf = buf.slice(i + 2);
          }
        }
      } catch {
        // aborted
      }
    })();
  }

  private parse(block: string): void {
    const msg: SseMessage = { data: "" };
    let hasData = false;
    for (const line of block.split("\n")) {
      if (line.startsWith(":") || !line) continue;
      const c = line.indexOf(":");
      const field = c < 0 ? line : line.slice(0, c);
      const value = c < 0 ? "" : line.slice(c + 1).replace(/^ /, "");
      if (field === "id") msg.id = value;
      else if (field === "event") msg.event = value;
      else if (field === "data") {
        msg.data += (hasData ? "\n" : "") + value;
        hasData = true;
      }
    }
    if (!hasData) return;
    this.messages.push(msg);
    this.waiters = this.waiters.filter((w) => {
      if (this.messages.length < w.count) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when at least `count` messages have arrived. */
  waitFor(count: number): Promise<SseMessage[]> {
    if (this.messages.length >= count) return Promise.resolve(this.messages);
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.messages) }));
  }

  /** Resolves when the server ends the stream. */
  ended(): Promise<void> {
    return this.done;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
