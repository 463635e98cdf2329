import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Histogram, Registry } from "prom-client";
import { type DemoServer, json, listen } from "./http.ts";
import type { Switches } from "./switches.ts";
import { every, Lcg } from "./traffic.ts";

/** GoodGo's 8 core services (seed 001). */
export const GOODGO_SERVICES = ["iam", "merchant", "order", "fnb-engine", "wallet", "catalog", "inventory", "chat"] as const;

/** Switches: `goodgo-SERVICE` takes a service down; the others break the gateway's middleware. */
export const GOODGO_SWITCHES = [
  ...GOODGO_SERVICES.map((s) => `goodgo-${s}`),
  ...GOODGO_SERVICES.map((s) => `goodgo-${s}-ready`),
  "goodgo-headers",
  "goodgo-cors",
  "goodgo-canary-errors",
  "goodgo-oidc-staging",
];

/** The security headers of the checklist, as the Traefik middleware sets them. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
  "content-security-policy": "default-src 'self'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

const ALLOWED_ORIGINS = new Set(["https://goodgo.vn", "https://admin.goodgo.vn"]);

export interface GoodgoServices {
  /** The Traefik gateway: /{service}/health/live, /{service}/health/ready, /{service}/metrics. */
  gateway: DemoServer;
  /** goodgo.vn: the site, with OIDC discovery. */
  publicSite: DemoServer;
  stop(): Promise<void>;
}

interface ServiceMetrics {
  registry: Registry;
  requests: Counter<"code" | "track">;
  duration: Histogram<"track">;
}

function serviceMetrics(): ServiceMetrics {
  const registry = new Registry();
  const requests = new Counter({ name: "http_server_requests_total", help: "HTTP requests.", labelNames: ["code", "track"], registers: [registry] });
  const duration = new Histogram({
    name: "http_server_request_duration_seconds",
    help: "HTTP request duration.",
    labelNames: ["track"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, requests, duration };
}

/**
 * GoodGo's stand-ins: one gateway in front of the 8 services (health probes, metrics per service,
 * CORS and security headers as the Traefik middleware), the public site with OIDC discovery, and
 * simulated steady traffic (stable and canary tracks) in the services' metrics.
 */
export async function startGoodgoServices(switches: Switches): Promise<GoodgoServices> {
  const random = new Lcg(11);
  const metrics = new Map(GOODGO_SERVICES.map((s) => [s as string, serviceMetrics()]));
  // Error series exist from the start at 0, as when a service registers its status codes up front:
  // a 5xx ratio is then 0, not an empty vector.
  for (const m of metrics.values()) for (const track of ["stable", "canary"]) m.requests.inc({ code: "500", track }, 0);
  const stopTraffic = every(200, () => {
    for (const m of metrics.values()) {
      for (let i = 0; i < 4; i++) {
        m.requests.inc({ code: "200", track: "stable" });
        m.duration.observe({ track: "stable" }, random.between(0.005, 0.2));
      }
      const canaryFails = switches.isBroken("goodgo-canary-errors") && random.next() < 0.3;
      m.requests.inc({ code: canaryFails ? "500" : "200", track: "canary" });
      m.duration.observe({ track: "canary" }, random.between(0.005, 0.2));
    }
  });

  switches.onChange((what, broken) => {
    // A bad canary: enough failed requests at once that the 1-minute ratio moves at the next scrape.
    if (what === "goodgo-canary-errors" && broken) for (const m of metrics.values()) m.requests.inc({ code: "500", track: "canary" }, 1000);
  });

  const withHeaders = (res: ServerResponse): void => {
    if (switches.isBroken("goodgo-headers")) return;
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  };

  const cors = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    if (origin === undefined) return;
    if (ALLOWED_ORIGINS.has(origin) || switches.isBroken("goodgo-cors")) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-methods", "GET, POST, PUT, DELETE, OPTIONS");
      res.setHeader("vary", "Origin");
    }
  };

  const gateway = await listen(async (req, res, url) => {
    if (switches.serve(req.method ?? "GET", url, res)) return;
    withHeaders(res);
    cors(req, res);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    const [, service, ...rest] = url.pathname.split("/");
    const m = service === undefined ? undefined : metrics.get(service);
    if (service === undefined || m === undefined) return json(res, 404, { error: "no such service" });
    const path = `/${rest.join("/")}`;
    const down = switches.isBroken(`goodgo-${service}`);
    if (path === "/metrics") {
      if (down) return json(res, 503, { error: "service down (demo switch)" });
      res.writeHead(200, { "content-type": m.registry.contentType }).end(await m.registry.metrics());
      return;
    }
    const started = performance.now();
    let code = 200;
    if (path === "/health/live") {
      code = down ? 503 : 200;
      json(res, code, { status: down ? "Unhealthy" : "Healthy" });
    } else if (path === "/health/ready") {
      code = down || switches.isBroken(`goodgo-${service}-ready`) ? 503 : 200;
      json(res, code, { status: code === 200 ? "Healthy" : "Unhealthy", checks: { postgres: code === 200 ? "Healthy" : "Unhealthy" } });
    } else if (down) {
      code = 503;
      json(res, code, { error: "service down (demo switch)" });
    } else {
      json(res, 200, { service, path }, { "x-api-version": "1.0" });
    }
    m.requests.inc({ code: String(code), track: "stable" });
    m.duration.observe({ track: "stable" }, (performance.now() - started) / 1000);
  });

  const publicSite = await listen((req, res, url) => {
    if (switches.serve(req.method ?? "GET", url, res)) return;
    withHeaders(res);
    if (url.pathname === "/.well-known/openid-configuration") {
      const issuer = switches.isBroken("goodgo-oidc-staging") ? "https://staging.goodgo.vn" : "https://goodgo.vn";
      return json(res, 200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        authorization_endpoint: `${issuer}/connect/authorize`,
        token_endpoint: `${issuer}/connect/token`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>GoodGo POS</title><h1>GoodGo</h1>");
      return;
    }
    json(res, 404, { error: "not found" });
  });

  return {
    gateway,
    publicSite,
    async stop() {
      stopTraffic();
      await Promise.all([gateway.close(), publicSite.close()]);
    },
  };
}
