// A tiny authoritative DNS server on UDP loopback for tests: answers A, AAAA, CNAME, TXT, MX and
// NS from a zone given as plain data, NXDOMAIN for unknown names, and never answers names listed
// as silent (a resolver that hangs).
import { createSocket, type Socket } from "node:dgram";
import { isIPv6 } from "node:net";

export type Zone = Record<string, Partial<Record<"A" | "AAAA" | "CNAME" | "TXT" | "MX" | "NS", string[]>>>;

const TYPES: Record<number, keyof Zone[string]> = { 1: "A", 28: "AAAA", 5: "CNAME", 16: "TXT", 15: "MX", 2: "NS" };

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])), Buffer.from([0])]);
}

function rdata(type: keyof Zone[string], value: string): Buffer {
  switch (type) {
    case "A":
      return Buffer.from(value.split(".").map(Number));
    case "AAAA": {
      if (!isIPv6(value)) throw new Error(`not IPv6: ${value}`);
      const [head = "", tail = ""] = value.split("::");
      const h = head ? head.split(":") : [];
      const t = tail ? tail.split(":") : [];
      const groups = [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
      const b = Buffer.alloc(16);
      groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
      return b;
    }
    case "TXT":
      return Buffer.concat([Buffer.from([Buffer.byteLength(value)]), Buffer.from(value)]);
    case "MX": {
      const [pref = "10", host = ""] = value.split(" ");
      const b = Buffer.alloc(2);
      b.writeUInt16BE(Number(pref));
      return Buffer.concat([b, encodeName(host)]);
    }
    case "CNAME":
    case "NS":
      return encodeName(value);
  }
}

export interface TestDnsServer {
  address: string;
  /** Queries received, for assertions. */
  queries: string[];
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startTestDns(zone: Zone, silent: string[] = []): Promise<TestDnsServer> {
  const socket: Socket = createSocket("udp4");
  const queries: string[] = [];
  socket.on("message", (msg, rinfo) => {
    let off = 12;
    const labels: string[] = [];
    while (off < msg.length && msg[off] !== 0) {
      const len = msg[off] ?? 0;
      labels.push(msg.subarray(off + 1, off + 1 + len).toString());
      off += len + 1;
    }
    const questionEnd = off + 5;
    const qtype = msg.readUInt16BE(off + 1);
    const name = labels.join(".").toLowerCase();
    const type = TYPES[qtype];
    queries.push(`${name} ${type ?? qtype}`);
    if (silent.includes(name)) return;
    const records = zone[name];
    const answers = records && type ? (records[type] ?? []) : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    // QR, opcode 0, AA, RD copied; RA; rcode 3 (NXDOMAIN) for an unknown name.
    header.writeUInt16BE(0x8400 | (msg.readUInt16BE(2) & 0x0100) | 0x0080 | (records ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const rrs = answers.map((value) => {
      const data = rdata(type as keyof Zone[string], value);
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0);
      fixed.writeUInt16BE(qtype, 2);
      fixed.writeUInt16BE(1, 4);
      fixed.writeUInt32BE(60, 6);
      fixed.writeUInt16BE(data.length, 10);
      return Buffer.concat([fixed, data]);
    });
    socket.send(Buffer.concat([header, msg.subarray(12, questionEnd), ...rrs]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
