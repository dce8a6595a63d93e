import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';

let test: TestPortal;
beforeAll(async () => {
  test = await startTestPortal();
});
afterAll(async () => {
  await test.close();
});

describe('operations endpoints', () => {
  it('reports the process up and the database reachable', async () => {
    const health = await fetch(`${test.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${test.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it('sends security headers on pages', async () => {
    const response = await fetch(`${test.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('answers an unknown page with a friendly HTML 404 and an unknown API path with problem+json', async () => {
    const page = await fetch(`${test.url}/no-such-page`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('There is no page at this address.');
    expect(html).toContain('href="/faq"');

    const api = await fetch(`${test.url}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(await api.json()).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('describes the API in an OpenAPI document', async () => {
    const response = await fetch(`${test.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/faq', '/api/v1/faq/questions/{anchor}']),
    );
  });

  it('declares how signed-in calls authenticate, and serves a reference page of every operation', async () => {
    const document = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      components: { securitySchemes: Record<string, { type: string; in: string }> };
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
    const page = await fetch(`${test.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((operation) => !html.includes(operation))).toEqual([]);
  });

  it('refuses a state-changing request from a foreign origin', async () => {
    const response = await fetch(`${test.url}/api/v1/faq/questions/pm`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ question: 'Hijacked question?' }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FOREIGN_ORIGIN' });
  });

  it('asks a form post for its CSRF token however its content type is spelt', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'Application/X-WWW-Form-Urlencoded']) {
      const response = await fetch(`${test.url}/contact`, {
        method: 'POST',
        headers: { 'content-type': type, origin: test.url },
        body: 'name=Ann&email=ann%40example.org&role=teacher&message=Hello',
      });
      expect(response.status, type).toBe(403);
      expect(await response.text()).toContain('This form has expired or was not sent from this site.');
    }
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const response = await fetch(`${test.url}/api/v1/faq/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: test.url },
      body: '{"question": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { detail: string };
    expect(body.detail).toBe('The request body is not valid JSON.');
  });
});
