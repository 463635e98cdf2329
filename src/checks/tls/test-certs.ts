// Certificates for tests, made with the openssl CLI in a temporary directory: a test CA, a valid
// leaf it signed, an expired one, one for another host name, and a self-signed one.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCert {
  key: string;
  cert: string;
}

export interface TestCerts {
  dir: string;
  /** Path of the CA's PEM file (for `ca:` in a tls check, or NODE_EXTRA_CA_CERTS). */
  caFile: string;
  ca: string;
  valid: TestCert;
  expired: TestCert;
  wrongHost: TestCert;
  selfSigned: TestCert;
  cleanup(): void;
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
`;

function stamp(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace(/[-:T]/g, "")}Z`;
}

/** Makes the certificates (takes a fraction of a second: EC P-256 keys). */
export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "golive-certs-"));
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  writeFileSync(join(dir, "ca.cnf"), CA_CONFIG);
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "01\n");
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  run(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=golive test CA", "-days", "3650",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  const day = 86_400_000;
  const now = Date.now();
  const leaf = (name: string, san: string, from: Date, to: Date): TestCert => {
    run(["req", "-new", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${san.split(",")[0]?.replace(/^DNS:/, "") ?? name}`, "-addext", `subjectAltName=${san}`]);
    run(["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", `${name}.csr`, "-out", `${name}.pem`,
      "-startdate", stamp(from), "-enddate", stamp(to), "-notext"]);
    return { key: readFileSync(join(dir, `${name}.key`), "utf8"), cert: readFileSync(join(dir, `${name}.pem`), "utf8") };
  };
  const local = "DNS:localhost,IP:127.0.0.1";
  const valid = leaf("valid", local, new Date(now - day), new Date(now + 90 * day + 3_600_000));
  // Expired three days ago (plus an hour, so "3 days ago" holds whatever the test's own timing).
  const expired = leaf("expired", local, new Date(now - 400 * day), new Date(now - 3 * day - 3_600_000));
  const wrongHost = leaf("wrong", "DNS:other.example", new Date(now - day), new Date(now + 90 * day));
  run(["req", "-x509", ...ec, "-keyout", "self.key", "-out", "self.pem", "-subj", "/CN=localhost", "-days", "30", "-addext", `subjectAltName=${local}`]);
  const selfSigned = { key: readFileSync(join(dir, "self.key"), "utf8"), cert: readFileSync(join(dir, "self.pem"), "utf8") };
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    ca: readFileSync(join(dir, "ca.pem"), "utf8"),
    valid,
    expired,
    wrongHost,
    selfSigned,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
