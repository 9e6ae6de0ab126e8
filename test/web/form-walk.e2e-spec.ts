import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { crawl, EVERY_KIND_OF_PERSON } from '../support/page-crawl.js';
import { signedInAgent } from '../support/web-agent.js';

/** Pages a crawl visits per person before walking their forms. */
const LIMIT = 400;

/**
 * What no message a person reads may contain: a field path (`criteria.1.children`, `answers.delivery`), a
 * regular expression, a JSON or TypeScript type name, a camelCase field name, or a machine format's name.
 */
const CODE_TALK: [string, RegExp][] = [
  ['a field path', /\b[a-z][A-Za-z]*\.(\d+|[a-z][A-Za-z]*)\.[A-Za-z0-9]/],
  ['a pattern', /must match|pattern|\^\\?|\\d|\[A-Z/],
  ['a type name', /\bmust be (an? )?(string|integer|number|boolean|object|array|uuid|UUID)\b|\bdecimal string\b|\bISO 8601\b|\bIsDateString\b/],
  ['a field name', /\b[a-z]+[A-Z][A-Za-z]*\b/],
];

/** The words of the error summary and of every message beside a field. */
function errorTexts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(
    /<(?:div|p)[^>]*class="[^"]*(?:govuk-error-summary|govuk-error-message)[^"]*"[^>]*>([\s\S]*?)<\/(?:div>\s*<\/div>\s*<\/div|p)>/g,
  ))
    out.push(
      m[1]
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#x27;|&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  return out;
}

interface FormFound {
  action: string;
  page: string;
  hidden: Record<string, string>;
  /** Text boxes and text areas: what the walk types into. */
  typed: string[];
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, '&');

/** Every form on a page that posts a person's typing (never a file upload, never a form of buttons alone). */
function formsOn(html: string, page: string): FormFound[] {
  const out: FormFound[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [open, body] = [m[1], m[2]];
    if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'post' || /multipart/.test(open)) continue;
    const action = attr(open, 'action') ?? page;
    if (action.startsWith('/sign-out')) continue;
    const hidden: Record<string, string> = {};
    const typed = new Set<string>();
    for (const input of body.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(input[0], 'name');
      const type = attr(input[0], 'type') ?? 'text';
      if (!name) continue;
      if (type === 'hidden') hidden[name] = attr(input[0], 'value') ?? '';
      else if (['text', 'email', 'number', 'password', 'date', 'url', 'tel'].includes(type)) typed.add(name);
    }
    for (const area of body.matchAll(/<textarea\b[^>]*>/g)) {
      const name = attr(area[0], 'name');
      if (name) typed.add(name);
    }
    if (typed.size) out.push({ action, page, hidden, typed: [...typed] });
  }
  return out;
}

/** A form's address with its ids as placeholders: one walk of each form, not one per record. */
const shapeOf = (action: string) => action.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/_csrf=[^&]+/, '');

/**
 * Every form every kind of person can reach, sent with bad input (every box empty; then every box holding
 * text that is no date, number, amount or address): the answer is never a server error, and no message
 * the person reads shows a field path, a pattern or a type name (issue 17: messages written for people).
 */
describe('every form, walked with bad input', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  for (const email of EVERY_KIND_OF_PERSON)
    it(`shows ${email} every problem in words, on every form`, async () => {
      const agent = await signedInAgent(t, email);
      const forms = new Map<string, FormFound>();
      for (const visit of await crawl(agent, LIMIT))
        for (const f of formsOn(visit.html, visit.href)) if (!forms.has(shapeOf(f.action))) forms.set(shapeOf(f.action), f);
      const found: string[] = [];
      for (const form of forms.values()) {
        for (const value of ['', 'not a £ date or number!']) {
          const body = { ...form.hidden, ...Object.fromEntries(form.typed.map((n) => [n, value])) };
          const res = await agent.post(form.action).type('form').send(body).redirects(0);
          const where = `${shapeOf(form.action)} (from ${form.page}) with ${value ? 'nonsense' : 'nothing'} typed`;
          if (res.status >= 500) found.push(`${where}: ${res.status}`);
          for (const message of errorTexts(res.text ?? ''))
            for (const [what, pattern] of CODE_TALK)
              // An e-mail or web address in a message is an example for the person, not a field path.
              if (pattern.test(message.replace(/\S+@\S+|https?:\/\/\S+/g, ''))) found.push(`${where}: ${what} in “${message}”`);
        }
      }
      if (process.env.CRAWL_COUNTS) console.log(`${email}: ${forms.size} forms`);
      expect(found).toEqual([]);
      // The demo's evaluator has no marking open, so no form to walk; everyone else has some.
      if (!email.startsWith('evaluator')) expect(forms.size).toBeGreaterThan(0);
    }, 240_000);
});
