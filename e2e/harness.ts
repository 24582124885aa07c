import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { seedNetwork } from '../src/demo/seed.ts';
import { createAdmin } from '../src/domains/accounts/accounts.service.ts';
import { type RunningServer, startServer } from '../src/server.ts';
import { scratchDatabase } from '../test/template-db.ts';
import { findChromium } from './chromium.ts';
import { addPersonas } from './personas.ts';

export const ADMIN = { email: 'admin-e2e@example.org', password: 'phrase secrète de l’admin e2e' };

export interface Harness {
  url: string;
  browser: Browser;
  server: RunningServer;
  newPage(opts?: {
    javaScriptEnabled?: boolean;
    bypassCSP?: boolean;
    viewport?: { width: number; height: number };
  }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A port nobody listens on right now (links in e-mails need the real one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real server on a fresh database (embedded, or a new PostgreSQL database when DATABASE_URL
 * is set) with the demo network and a known admin, plus a headless Chromium.
 */
export async function startHarness(): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-e2e-'));
  let databaseUrl = '';
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const scratch = await scratchDatabase(
      process.env.DATABASE_URL,
      `tisserin_e2e_${process.pid}_${Math.random().toString(36).slice(2, 7)}`,
    );
    databaseUrl = scratch.url;
    dropDatabase = scratch.drop;
  }
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
  });
  const setup = await bootstrap(config, { holder: 'e2e setup' });
  await seedNetwork(setup, 'demo');
  await createAdmin(setup, { email: ADMIN.email, displayName: 'Admin E2E', password: ADMIN.password });
  await addPersonas(setup, ADMIN.email);
  await setup.close();
  const server = await startServer(config);
  const found = await findChromium();
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    env: { ...process.env, ...found.env } as Record<string, string>,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    url: server.url,
    browser,
    server,
    async newPage(opts = {}) {
      const context = await browser.newContext({ baseURL: server.url, locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...opts });
      return { context, page: await context.newPage() };
    },
    async close() {
      await browser.close();
      await server.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Serious and critical accessibility violations found by axe-core on the current page. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; help: string; nodes: string[] }>> {
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })`,
  )) as {
    violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/connexion'));
}
