import fc from 'fast-check';
import { SecretSealer } from './sealed-secret.js';

describe('a sealed secret', () => {
  const sealer = new SecretSealer('a-secrets-key-of-at-least-thirty-two-characters');

  it('opens to what was sealed, for the same context, and is never stored in clear (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.uuid(), (plain, context) => {
        const sealed = sealer.seal(plain, context);
        expect(sealed).not.toContain(plain.length > 3 ? plain : '\u0000never');
        expect(sealer.open(sealed, context)).toBe(plain);
      }),
    );
  });

  it('does not open for another authority, under another key, or once altered', () => {
    const sealed = sealer.seal('client-secret-value', 'authority-a');
    expect(sealer.open(sealed, 'authority-b')).toBeNull();
    expect(new SecretSealer('another-secrets-key-of-thirty-two-characters!').open(sealed, 'authority-a')).toBeNull();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(sealer.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'authority-a')).toBeNull();
    expect(sealer.open('not sealed at all', 'authority-a')).toBeNull();
  });

  it('seals the same secret differently each time', () => {
    expect(sealer.seal('same', 'a')).not.toBe(sealer.seal('same', 'a'));
  });
});
