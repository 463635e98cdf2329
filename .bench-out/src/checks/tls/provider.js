import { checkServerIdentity, connect, rootCertificates } from "node:tls";
import { describeNetError, portOf } from "../net-errors.js";
import { ProbeError } from "../provider.js";
import { readCaFile } from "../ca-file.js";
const DAY_MS = 86_400_000;
// Verification errors that are about time, not about who signed: an expired certificate from a
// trusted CA still has a valid chain.
const TIME_ERRORS = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
const SELF_SIGNED = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN"]);
function nameOf(part) {
    if (!part)
        return "";
    const cn = part.CN;
    return (Array.isArray(cn) ? cn.join(",") : cn) ?? Object.entries(part).map(([k, v]) => `${k}=${String(v)}`).join(", ");
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function handshake(config, port, ca, ctx) {
    const target = `${config.host}:${port}`;
    return new Promise((resolve, reject) => {
        if (ctx.signal.aborted)
            return reject(new ProbeError(`no TLS handshake with ${target}`));
        const started = performance.now();
        const socket = connect({
            host: config.host,
            port,
            servername: config.servername ?? (/^[\d.:]+$/.test(config.host) ? undefined : config.host),
            // Verification is judged below, value by value; the handshake itself must not stop at it.
            rejectUnauthorized: false,
            checkServerIdentity: () => undefined,
            ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
        });
        const cleanup = () => ctx.signal.removeEventListener("abort", onAbort);
        const onAbort = () => {
            cleanup();
            socket.destroy();
            reject(new ProbeError(`no TLS handshake with ${target}`));
        };
        ctx.signal.addEventListener("abort", onAbort, { once: true });
        socket.once("secureConnect", () => {
            cleanup();
            resolve({ socket, latency: performance.now() - started });
        });
        socket.once("error", (e) => {
            cleanup();
            socket.destroy();
            reject(new ProbeError(describeNetError(e, target)));
        });
    });
}
/** TLS handshake: days left, hostname match, chain, self-signed, protocol, issuer, subject. */
export const tlsProvider = {
    kind: "tls",
    async probe(config, ctx) {
        const port = portOf(config.port);
        let ca;
        if (config.ca !== undefined) {
            ca = await readCaFile(config.ca, ctx.files);
        }
        const { socket, latency } = await handshake(config, port, ca, ctx);
        try {
            const cert = socket.getPeerCertificate(true);
            if (!cert || Object.keys(cert).length === 0)
                throw new ProbeError(`TLS: ${config.host}:${port} sent no certificate`);
            const now = Date.now();
            const notAfter = Date.parse(cert.valid_to);
            const notBefore = Date.parse(cert.valid_from);
            const msLeft = notAfter - now;
            // Whole days, rounded towards zero: expired 3 days and 5 hours ago is -3.
            const daysLeft = msLeft >= 0 ? Math.floor(msLeft / DAY_MS) : -Math.floor(-msLeft / DAY_MS) || 0;
            const name = config.servername ?? config.host;
            const identity = checkServerIdentity(name, cert);
            const verifyError = socket.authorized ? undefined : String(socket.authorizationError ?? "UNKNOWN");
            const chainValid = verifyError === undefined || TIME_ERRORS.has(verifyError);
            const selfSigned = (verifyError !== undefined && SELF_SIGNED.has(verifyError)) || cert.issuerCertificate?.fingerprint256 === cert.fingerprint256;
            const inTime = now >= notBefore && now <= notAfter;
            const values = {
                days_left: daysLeft,
                valid: chainValid && identity === undefined && inTime,
                hostname_match: identity === undefined,
                chain_valid: chainValid,
                self_signed: selfSigned,
                protocol: socket.getProtocol() ?? "",
                issuer: nameOf(cert.issuer),
                subject: nameOf(cert.subject),
                names: cert.subjectaltname ?? "",
                not_after: new Date(notAfter).toISOString(),
                latency,
                verify_error: verifyError ?? "",
                hostname: name,
            };
            return values;
        }
        finally {
            socket.destroy();
        }
    },
    explain(values) {
        const causes = [];
        const days = typeof values.days_left === "number" ? values.days_left : undefined;
        const expired = typeof values.not_after === "string" && Date.parse(values.not_after) < Date.now();
        if (expired)
            causes.push(days !== undefined && days < 0 ? `certificate expired ${plural(-days, "day")} ago` : "certificate expired today");
        if (values.self_signed === true)
            causes.push("self-signed certificate");
        else if (values.chain_valid === false)
            causes.push(`certificate chain not trusted (${String(values.verify_error)})`);
        if (values.hostname_match === false)
            causes.push(`certificate is for ${String(values.names || values.subject)}, not ${String(values.hostname)}`);
        // Only when nothing else is wrong is the remaining time the likely reason (`days_left > 30`).
        if (causes.length === 0 && days !== undefined)
            causes.push(`certificate expires in ${plural(days, "day")}`);
        return causes.length > 0 ? `TLS: ${causes.join("; ")}` : undefined;
    },
};
