import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { contextSettings } from './db-context.js';
import { newId } from './ids.js';

describe('contextSettings', () => {
  it('inlines only strictly checked values and binds what a user typed', () => {
    const tenantId = newId();
    const { inline, bound } = contextSettings({ tenantId, platformOperator: true, authEmail: " O'Brien@Example.test " });
    expect(inline).toEqual([
      ['app.tenant_id', tenantId],
      ['app.platform_operator', 'on'],
    ]);
    expect(bound).toEqual([['app.auth_email', "o'brien@example.test"]]);
  });

  it('refuses anything that is not a UUID where one is inlined (property: no string reaches SQL unchecked)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
        let threw = false;
        try {
          contextSettings({ tenantId: s });
        } catch {
          threw = true;
        }
        return threw === !isUuid;
      }),
    );
    expect(() => contextSettings({ userId: "x', true); DROP TABLE tenders; --" })).toThrow(/not a UUID/);
  });
});
