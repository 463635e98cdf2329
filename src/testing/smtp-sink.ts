import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message the SMTP sink accepted: the envelope as sent, and the message as parsed. */
export interface SinkMail {
  mailFrom: string;
  rcptTo: string[];
  user: string | undefined;
  raw: string;
  parsed: ParsedMail;
}

/** A real SMTP server on loopback (smtp-server) that records what it is sent. */
export interface SmtpSink {
  host: string;
  port: number;
  mails: SinkMail[];
  /** Sessions that reached DATA, accepted or not (each is one delivery attempt). */
  attempts: number;
  /** Refuses the next messages with these SMTP reply codes (e.g. 451 temporary, 550 permanent), then accepts. */
  refuse(...codes: number[]): void;
  /** Resolves once `n` messages have arrived (fails after `timeoutMs`, 60 s by default). */
  waitFor(n: number, timeoutMs?: number): Promise<SinkMail[]>;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 requiring AUTH with `user`/`pass` (plain, over loopback;
 * STARTTLS is not offered, so the client does not try the library's built-in test certificate).
 */
export async function startSmtpSink(opts: { user: string; pass: string }): Promise<SmtpSink> {
  const mails: SinkMail[] = [];
  const codes: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const sink = { attempts: 0 };
  const server = new SMTPServer({
    logger: false,
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        sink.attempts++;
        const code = codes.shift();
        if (code !== undefined) {
          cb(Object.assign(new Error(code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then((parsed) => {
          const from = session.envelope.mailFrom;
          mails.push({ mailFrom: from ? from.address : "", rcptTo: session.envelope.rcptTo.map((r) => r.address), user: typeof session.user === "string" ? session.user : undefined, raw, parsed });
          cb();
          for (const w of [...waiters]) if (mails.length >= w.n) w.resolve();
        }, (e: unknown) => cb(e as Error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    mails,
    get attempts() {
      return sink.attempts;
    },
    refuse: (...c) => void codes.push(...c),
    waitFor(n, timeoutMs = 60_000) {
      if (mails.length >= n) return Promise.resolve(mails.slice(0, n));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the SMTP sink got ${mails.length} of ${n} messages in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(mails.slice(0, n))) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
