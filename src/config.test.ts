import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has defaults that start the app with nothing set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.secureCookies).toBe(false);
    expect(c.demoData).toBe(true);
  });

  it('lists every problem at once, readably', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('SMTP_URL');
    }
  });

  it('turns on Secure cookies for an https public address', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://tisserin.example.org/' })).toMatchObject({
      secureCookies: true,
      publicUrl: 'https://tisserin.example.org',
    });
  });

  it('runs several processes only on a PostgreSQL server, one per core with "auto"', () => {
    expect(loadConfig({}).processes).toBe(1);
    expect(() => loadConfig({ PROCESSES: '2' })).toThrow(/PROCESSES.*DATABASE_URL/s);
    const url = 'postgres://app@127.0.0.1/tisserin';
    expect(loadConfig({ PROCESSES: '3', DATABASE_URL: url }).processes).toBe(3);
    expect(loadConfig({ PROCESSES: 'auto', DATABASE_URL: url }).processes).toBe(os.availableParallelism());
    expect(() => loadConfig({ PROCESSES: '0', DATABASE_URL: url })).toThrow(ConfigError);
  });
});
