import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { Decimal } from 'decimal.js';
import Handlebars from 'handlebars';
import { datePart, londonDate, londonDateTime } from '#kernel';

export interface TemplateSetOptions {
  /** HTML-escape {{values}} (pages, HTML e-mail); off for plain-text e-mail. */
  escape: boolean;
}

/**
 * One or more folders of handlebars templates, each with its `partials/` sub-folder, compiled
 * with `strict: true`: a template that names a value the caller did not supply
 * throws instead of printing an empty string, so a missing deadline is an error
 * in a test, not a blank in a letter to a provider. With several folders (each context's pages keep
 * their views beside their code) a name must be unique across them all: a clash fails at start-up.
 */
export class TemplateSet {
  private readonly hb = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  private readonly dirs: string[];
  private readonly files = new Map<string, string>();

  constructor(
    dir: string | string[],
    private readonly options: TemplateSetOptions,
  ) {
    this.dirs = typeof dir === 'string' ? [dir] : dir;
    this.hb.registerHelper('londonDateTime', (v: Date | string) => londonDateTime(v));
    this.hb.registerHelper('londonDate', (v: Date | string) => londonDate(v));
    this.hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // One box of a GOV.UK date input (the day-input partial), from the field's YYYY-MM-DD or as it was typed.
    this.hb.registerHelper('datePart', (v: unknown, part: 'day' | 'month' | 'year') => datePart(v, part));
    // Scores are kept to 6 places; pages and letters show points to 2, rounding half up (decimal, never binary).
    // A score the engine left out (an excluded or rejected bid's price score and total) reads as such, never as 0.
    this.hb.registerHelper('roundPoints', (v: string | number | null | undefined) =>
      v === null || v === undefined ? 'not scored' : new Decimal(v).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    );
    // Handlebars passes its options object last; everything before it is joined.
    this.hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
    const partialFrom = new Map<string, string>();
    for (const d of this.dirs) {
      for (const name of templatesIn(d)) {
        if (this.files.has(name)) throw new Error(`template ${name} is in both ${dirname(this.files.get(name)!)} and ${d}`);
        this.files.set(name, join(d, `${name}.hbs`));
      }
      const partials = join(d, 'partials');
      if (!existsSync(partials)) continue;
      for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
        const name = basename(file, '.hbs');
        if (partialFrom.has(name)) throw new Error(`partial ${name} is in both ${partialFrom.get(name)} and ${partials}`);
        partialFrom.set(name, partials);
        this.hb.registerPartial(name, readFileSync(join(partials, file), 'utf8'));
      }
    }
  }

  /** A template's name from its file, as Express's view lookup hands it over. */
  nameOf(file: string): string | undefined {
    for (const d of this.dirs) {
      const r = relative(d, file);
      if (!r.startsWith('..') && !isAbsolute(r))
        return r
          .replace(/\.hbs$/, '')
          .split(sep)
          .join('/');
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.files.has(name);
  }

  render(name: string, data: object): string {
    let template = this.cache.get(name);
    if (!template) {
      const file = this.files.get(name);
      if (!file) throw new Error(`no template ${name} in ${this.dirs.join(', ')}`);
      template = this.hb.compile(readFileSync(file, 'utf8'), { strict: true, noEscape: !this.options.escape });
      this.cache.set(name, template);
    }
    return template(data);
  }
}

/** Every template under a folder by its name (path without .hbs, '/'-separated), partials aside. */
function templatesIn(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return prefix === '' && e.name === 'partials' ? [] : templatesIn(join(dir, e.name), `${prefix}${e.name}/`);
    return e.name.endsWith('.hbs') ? [`${prefix}${basename(e.name, '.hbs')}`] : [];
  });
}
