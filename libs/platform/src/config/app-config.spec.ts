import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database with nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseMode: 'embedded', PORT: 3000, COMMONWEAL_DATA_DIR: './data', DATABASE_APP_ROLE: 'commonweal_app' });
  });

  it('names every bad variable and its rule at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DATABASE_APP_ROLE: 'Robert"); DROP', NODE_ENV: 'production' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
      expect(problems).toMatch(/DATABASE_APP_ROLE/);
      expect(problems).toMatch(/JWT_SECRET: required when NODE_ENV=production/);
      expect(problems).toMatch(/SECRETS_KEY: required when NODE_ENV=production/);
    }
  });

  it('points e-mail links at the port the server listens on unless PUBLIC_BASE_URL says otherwise', () => {
    expect(loadConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '8080', PUBLIC_BASE_URL: 'https://commonweal.eastbrook.gov.uk' }).PUBLIC_BASE_URL).toBe('https://commonweal.eastbrook.gov.uk');
  });

  it('allows the no-RLS bench switch only in bench mode', () => {
    expect(() => loadConfig({ COMMONWEAL_BENCH_WITHOUT_RLS: 'true' })).toThrow(/only when NODE_ENV=bench/);
    expect(loadConfig({ COMMONWEAL_BENCH_WITHOUT_RLS: 'true', NODE_ENV: 'bench' }).COMMONWEAL_BENCH_WITHOUT_RLS).toBe('true');
  });

  it('scans uploads in production unless the waiver says otherwise, and reads clamd as tcp or a socket', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: 'y'.repeat(40) };
    expect(() => loadConfig(production)).toThrow(/CLAMD_URL: required when NODE_ENV=production/);
    expect(loadConfig({ ...production, CLAMD_URL: 'tcp://clamd:3310' }).CLAMD_URL).toBe('tcp://clamd:3310');
    expect(loadConfig({ ...production, CLAMD_URL: 'unix:/run/clamav/clamd.ctl' }).CLAMD_URL).toBe('unix:/run/clamav/clamd.ctl');
    expect(loadConfig({ ...production, MALWARE_SCANNING_WAIVED: 'true' }).CLAMD_URL).toBeUndefined();
    expect(() => loadConfig({ CLAMD_URL: 'http://clamd:3310' })).toThrow(/CLAMD_URL must be tcp:\/\/host:port/);
  });

  it("asks for a secrets key of some length, to seal authorities' secrets", () => {
    expect(() => loadConfig({ SECRETS_KEY: 'short' })).toThrow(/SECRETS_KEY must be at least 32 characters/);
  });
});
