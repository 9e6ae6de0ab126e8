import { HttpStatus, Injectable, StreamableFile } from '@nestjs/common';
import { AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, validationProblem } from '#platform';
import { type CatalogueMeasure, catalogueCsv, MAX_REPORTED, parseCatalogueCsv } from './catalogue-csv.js';
import { SocialValueCatalogue, SocialValueMeasure } from './catalogue.entities.js';
import { DEFAULT_CATALOGUE } from './default-catalogue.js';

export interface CatalogueView {
  version: number;
  /** Version 0: the built-in catalogue, whose proxy values are illustrative only. */
  illustrative: boolean;
  fileName: string | null;
  createdAt: string | null;
  themes: { name: string; outcomes: { name: string; measures: { code: string; name: string; unit: string; proxyValue: string; source: string }[] }[] }[];
}

/** Rows per INSERT: well inside PostgreSQL's 65,535 bind parameters at 9 columns. */
const CHUNK = 1000;

/** Themes → outcomes → measures, in the order the measures came (the file's order, or the built-in one). */
function grouped(measures: CatalogueMeasure[]): CatalogueView['themes'] {
  const themes: CatalogueView['themes'] = [];
  for (const m of measures) {
    let theme = themes.find((t) => t.name === m.theme);
    if (!theme) themes.push((theme = { name: m.theme, outcomes: [] }));
    let outcome = theme.outcomes.find((o) => o.name === m.outcome);
    if (!outcome) theme.outcomes.push((outcome = { name: m.outcome, measures: [] }));
    outcome.measures.push({ code: m.code, name: m.name, unit: m.unit, proxyValue: m.proxyValue, source: m.source });
  }
  return themes;
}

/** The request authority's social value catalogue: the latest imported version, or the built-in one. */
@Injectable()
export class SocialValueCatalogues {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The measures of one of an authority's versions (0 is the built-in catalogue), by code: what a tender
   * published with that version values bids' commitments against. Read in the caller's transaction (a
   * bidder's reads published records). Null for a version the caller cannot see.
   */
  async measuresOf(tenantId: string, version: number): Promise<Map<string, CatalogueMeasure> | null> {
    const em = this.db.manager;
    if (version === 0) return new Map(DEFAULT_CATALOGUE.map((m) => [m.code, m]));
    const catalogue = await em.findOne(SocialValueCatalogue, { where: { tenantId, version } });
    return catalogue ? new Map((await this.measuresIn(catalogue.id)).map((m) => [m.code, m])) : null;
  }

  /** The number of the version in force (0: the built-in one), without reading its measures. */
  async versionInForce(): Promise<number> {
    return (await this.latest())?.version ?? 0;
  }

  /** The version in force and its measures, as stored (0: the built-in catalogue). */
  async current(): Promise<{ version: number; measures: CatalogueMeasure[]; catalogue: SocialValueCatalogue | null }> {
    const catalogue = await this.latest();
    return { version: catalogue?.version ?? 0, measures: catalogue ? await this.measuresIn(catalogue.id) : [...DEFAULT_CATALOGUE], catalogue };
  }

  /** The catalogue in force as the CSV file the import reads, to download: edit it and import it back as the next version. */
  async download(): Promise<StreamableFile> {
    const { version, measures } = await this.current();
    return new StreamableFile(Buffer.from(catalogueCsv(measures), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="social-value-catalogue-v${version}.csv"`,
    });
  }

  async inForce(): Promise<CatalogueView> {
    const { version, measures, catalogue } = await this.current();
    return {
      version,
      illustrative: !catalogue,
      fileName: catalogue?.fileName ?? null,
      createdAt: catalogue?.createdAt.toISOString() ?? null,
      themes: grouped(measures),
    };
  }

  private latest(): Promise<SocialValueCatalogue | null> {
    const em = this.db.manager;
    return em.getRepository(SocialValueCatalogue).createQueryBuilder('c').orderBy('c.version', 'DESC').limit(1).getOne();
  }

  /** A stored version's measures by theme, outcome and code: a stable order whatever order the file had. */
  private async measuresIn(catalogueId: string): Promise<CatalogueMeasure[]> {
    const em = this.db.manager;
    const rows = await em.find(SocialValueMeasure, { where: { catalogueId }, order: { theme: 'ASC', outcome: 'ASC', code: 'ASC' } });
    return rows.map((r) => ({ code: r.code, theme: r.theme, outcome: r.outcome, name: r.name, unit: r.unit, proxyValue: r.proxyValue, source: r.source }));
  }

  /**
   * One measure changed, added (`code` null) or removed, as the next version: the catalogue in force with
   * that change goes through the same whole-file check as an import. Problems come back on the measure's fields.
   */
  async editMeasure(code: string | null, measure: CatalogueMeasure | null, principal: Principal): Promise<{ version: number; measures: number }> {
    const current = (await this.current()).measures;
    const at = code === null ? -1 : current.findIndex((m) => m.code === code);
    if (code !== null && at < 0) throw notFound('Measure');
    if (measure && current.some((m, i) => m.code === measure.code && i !== at)) {
      throw validationProblem([{ field: 'code', rule: 'unique', message: `The catalogue already has a measure ${measure.code}` }]);
    }
    const next = measure === null ? current.filter((_, i) => i !== at) : at < 0 ? [...current, measure] : current.map((m, i) => (i === at ? measure : m));
    const line = (measure === null ? -1 : at < 0 ? next.length - 1 : at) + 2;
    try {
      return await this.import(catalogueCsv(next), `edited in the page: ${measure?.code ?? `removed ${code}`}`, principal);
    } catch (err) {
      const problems =
        err instanceof ProblemException
          ? (err.extensions?.['errors'] as { line: number; rule: string; message: string; field: string }[] | undefined)
          : undefined;
      if (!problems) throw err;
      const FIELDS: Record<string, string> = { measure_code: 'code', measure: 'name', proxy_value: 'proxyValue' };
      throw validationProblem(
        problems
          .filter((p) => p.line === line || p.line === 2)
          .map((p) => {
            const column = p.field.split('.').pop()!;
            const message = p.message
              .replace(/^line \d+: /, '')
              .replace(/^measure_code/, 'The code')
              .replace(/^proxy_value/, 'The proxy value')
              .replace(/^measure/, 'The measure');
            return { field: FIELDS[column] ?? column, rule: p.rule, message: message.charAt(0).toUpperCase() + message.slice(1) };
          }),
      );
    }
  }

  /**
   * A whole catalogue from CSV as the next version, in the request's one transaction: the file is checked
   * whole first, and any bad line refuses it all (problem+json naming each line), so nothing is half imported.
   */
  async import(csv: string, fileName: string | null, principal: Principal): Promise<{ version: number; measures: number }> {
    const { measures, problems } = parseCatalogueCsv(csv);
    if (problems.length) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'csv-invalid',
        'The catalogue file has problems',
        `${problems.length} problem${problems.length === 1 ? '' : 's'} found${problems.length > MAX_REPORTED ? `; the first ${MAX_REPORTED} are listed` : ''}. Nothing was imported: correct the file and import it again.`,
        { errors: problems.slice(0, MAX_REPORTED).map((p) => ({ field: `line.${p.line}.${p.field}`, line: p.line, rule: p.rule, message: p.message })) },
      );
    }
    const em = this.db.manager;
    const latest = await this.latest();
    const row: SocialValueCatalogue = {
      id: newId(),
      tenantId: this.db.tenantId,
      version: (latest?.version ?? 0) + 1,
      fileName,
      measures: measures.length,
      createdBy: principal.userId ?? null,
      createdAt: new Date(),
    };
    try {
      await em.insert(SocialValueCatalogue, row);
    } catch (err) {
      // Two imports at once: the unique (authority, version) key lets one through.
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'stale-version',
          'Another import finished first',
          `Version ${row.version} was imported a moment ago. Import again to make the next version.`,
        );
      }
      throw err;
    }
    for (let i = 0; i < measures.length; i += CHUNK) {
      await em
        .createQueryBuilder()
        .insert()
        .into(SocialValueMeasure)
        .values(
          measures.slice(i, i + CHUNK).map((m) => ({
            tenantId: row.tenantId,
            catalogueId: row.id,
            code: m.code,
            theme: m.theme,
            outcome: m.outcome,
            name: m.name,
            unit: m.unit,
            proxyValue: m.proxyValue,
            source: m.source,
          })),
        )
        .execute();
    }
    await this.audit.record({
      action: 'social_value.catalogue_imported',
      entityType: 'social_value_catalogue',
      entityId: row.id,
      data: { version: row.version, measures: row.measures, fileName },
    });
    return { version: row.version, measures: row.measures };
  }
}
