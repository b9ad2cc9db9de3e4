import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The security headers of every response (helmet's defaults, with a Content-Security-Policy that
 * lets the docs UI run from this service alone). They do not depend on the request, so helmet
 * runs once at start and its headers are replayed per response: @fastify/helmet would build
 * helmet again, and parse the policy again, on every request.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // The service listens on plain HTTP on loopback by default: upgrading the docs UI's own
        // requests to https would break it. TLS, where used, is a proxy's business.
        upgradeInsecureRequests: null,
      },
    },
  })({} as IncomingMessage, response as unknown as ServerResponse, (e?: unknown) => {
    if (e !== undefined && e !== null) throw e;
  });
  return headers;
}
