import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the services read, validated once at start-up.
 * A bad value stops the process with one line per variable naming the rule,
 * rather than failing later in some request.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production', 'bench'])
  NODE_ENV: 'development' | 'test' | 'production' | 'bench' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Serving connection. Unset: embedded PostgreSQL (PGlite) in COMMONWEAL_DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Owner connection for migrations and admin commands; defaults to DATABASE_URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL' })
  DATABASE_MIGRATION_URL?: string;

  /**
   * A direct connection (not through a transaction-pooling PgBouncer, which cannot keep a LISTEN) for the outbox
   * relay's wake-up; defaults to DATABASE_URL. Without a working LISTEN the relay still polls every OUTBOX_POLL_MS.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_LISTEN_URL must be a postgres:// URL' })
  DATABASE_LISTEN_URL?: string;

  /** The role tenant work runs as: owns no table, NOBYPASSRLS. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_APP_ROLE must be a lower-case SQL identifier' })
  DATABASE_APP_ROLE = 'commonweal_app';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * The busiest reads go as named prepared statements, planned once per connection (prepared-statements.ts).
   * Set false behind a PgBouncer in transaction mode older than 1.21 or without max_prepared_statements.
   */
  @IsIn(['true', 'false'])
  DATABASE_PREPARED_STATEMENTS: 'true' | 'false' = 'true';

  @IsString()
  COMMONWEAL_DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /**
   * Prometheus metrics at /metrics, for a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`.
   * Unset: /metrics answers 404 (off), so nothing about the service's traffic is public unless configured.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  METRICS_TOKEN?: string;

  /** HS256 secret for access tokens; generated into the data folder when unset outside production. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /**
   * Seals the secrets authorities give us (their identity provider's client secret) before they are stored:
   * generated into the data folder when unset outside production; every replica must share it.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SECRETS_KEY must be at least 32 characters' })
  SECRETS_KEY?: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(90 * 86400)
  REFRESH_TOKEN_TTL_SECONDS = 14 * 86400;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOGIN_LOCK_MINUTES = 15;

  /** Login attempts per minute for one address and e-mail. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_RATE_LIMIT = 10;

  /**
   * Concerns raised or supported in an hour with one e-mail address: each sends that address an e-mail, so a
   * public form cannot be used to fill someone's inbox.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  CONCERN_LIMIT_PER_EMAIL = 5;

  /** Concerns raised or supported in an hour from one client address (a library's or a meeting's shared connection counts once). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  CONCERN_LIMIT_PER_ADDRESS = 60;

  /**
   * Which proxies in front of the API to believe about the client's address (X-Forwarded-For), as Express reads
   * it: empty (the default) for none, a number of hops, or addresses and ranges (`loopback`, `10.0.0.0/8`, comma
   * separated). Trusting a proxy that is not there lets any client choose its own address, and so its own
   * sign-in limit.
   */
  @Matches(/^(|\d{1,2}|[A-Za-z0-9.:/, ]{1,500})$/, { message: 'TRUST_PROXY must be empty, a number of hops, or addresses and ranges' })
  TRUST_PROXY = '';

  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '100kb';

  /** The largest CSV import (a social value catalogue of tens of thousands of lines). */
  @Matches(/^\d+(kb|mb)$/, { message: 'IMPORT_BODY_LIMIT must look like 100kb or 5mb' })
  IMPORT_BODY_LIMIT = '20mb';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Seed the demo world on first start of an empty database (default: on for embedded mode). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_DEMO?: 'true' | 'false';

  /** Outgoing mail server, e.g. smtp://user:pass@mail.example.org:587. Unset: e-mails are written to MAIL_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of every e-mail. */
  @Matches(/^(.+<[^<>\s]+@[^<>\s]+>|[^<>\s]+@[^<>\s]+)$/, { message: 'MAIL_FROM must be an address, or a name followed by <address>' })
  MAIL_FROM = 'Commonweal <no-reply@commonweal.localhost>';

  /** Where e-mails go when no SMTP_URL is set; default: <COMMONWEAL_DATA_DIR>/mail. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MAIL_DIR?: string;

  /** The address people reach the service at: links in e-mails start with it. Unset: http://localhost and PORT. */
  @Matches(/^https?:\/\/[^/\s]+$/, { message: 'PUBLIC_BASE_URL must be http(s)://host[:port] without a trailing slash' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /**
   * The Open Contracting ocid prefix this deployment publishes under (ocds- and six letters or digits, as
   * the Open Contracting Partnership registers them). The default is NOT registered: it keeps the demo and
   * tests valid; a real deployment registers its own and sets it before publishing anything.
   */
  @Matches(/^ocds-[a-z0-9]{6}$/, { message: 'OCDS_OCID_PREFIX must be ocds- followed by six lower-case letters or digits, e.g. ocds-a1b2c3' })
  OCDS_OCID_PREFIX = 'ocds-cmnwl0';

  /** Where uploaded documents are kept; default: <COMMONWEAL_DATA_DIR>/documents. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DOCUMENTS_DIR?: string;

  /**
   * An S3 bucket for documents instead of local disk, so that every API replica and worker serves the same
   * ones. Credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a role).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'DOCUMENTS_S3_BUCKET must be an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)',
  })
  DOCUMENTS_S3_BUCKET?: string;

  /** Object names start with this (several deployments can share a bucket). */
  @IsString()
  @Matches(/^([A-Za-z0-9!_.*'()-]+\/)*$/, { message: 'DOCUMENTS_S3_PREFIX must be empty or folder names each ending in /' })
  DOCUMENTS_S3_PREFIX = 'documents/';

  @IsString()
  @Matches(/^[a-z0-9-]{2,30}$/, { message: 'DOCUMENTS_S3_REGION must be a region name such as eu-west-2' })
  DOCUMENTS_S3_REGION = 'eu-west-2';

  /** An S3-compatible service (MinIO, Ceph, another cloud's) rather than AWS. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'DOCUMENTS_S3_ENDPOINT must be an http:// or https:// URL' })
  DOCUMENTS_S3_ENDPOINT?: string;

  /** The bucket in the path, not the host name: what most S3-compatible services need. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  DOCUMENTS_S3_FORCE_PATH_STYLE?: 'true' | 'false';

  /** Largest document accepted, in bytes (default 25 MB). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;

  /**
   * ClamAV's daemon, `tcp://host:port` or `unix:/path/to/clamd.ctl`: every upload is scanned before it is
   * stored, and refused if infected (or if clamd cannot answer). Unset, uploads are stored as unscanned.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(tcp:\/\/[^/\s]+:\d{1,5}|unix:\/\S+|\/\S+)$/, { message: 'CLAMD_URL must be tcp://host:port or unix:/path/to/clamd.ctl' })
  CLAMD_URL?: string;

  /** Production without CLAMD_URL is refused unless this says, on purpose, that uploads go unscanned. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  MALWARE_SCANNING_WAIVED?: 'true' | 'false';

  /** How long a scan may take before the upload is refused as not checked. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  CLAMD_TIMEOUT_MS = 30_000;

  /**
   * An OpenTelemetry collector, sent traces by OTLP over HTTP (JSON) at `<endpoint>/v1/traces`. Unset (and
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT unset): no trace is made, and a request pays nothing for tracing.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// address' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** The traces endpoint in full, for a collector whose traces are not at `<endpoint>/v1/traces`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http:// or https:// address' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /** Headers sent to the collector (a hosted one's key): `name=value,name2=value2`, values URL-encoded. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=[^,]*(,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=[^,]*)*$/, {
    message: 'OTEL_EXPORTER_OTLP_HEADERS must be name=value pairs separated by commas',
  })
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  /** The service name on the spans; defaults to commonweal-api or commonweal-worker. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\S{1,100}$/, { message: 'OTEL_SERVICE_NAME must be 1 to 100 characters without spaces' })
  OTEL_SERVICE_NAME?: string;

  /**
   * The share of new traces kept, 0 to 1 (default 1, all). A request that arrives with a traceparent keeps its
   * caller's decision, so a trace is never kept in one service and dropped in the next.
   */
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1' })
  @Min(0, { message: 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1' })
  @Max(1, { message: 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1' })
  OTEL_TRACES_SAMPLER_ARG = 1;

  /** Attempts per job before it is kept as failed for an authority admin to see. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  JOB_ATTEMPTS = 5;

  /** First retry delay; each further retry doubles it. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  JOB_BACKOFF_MS = 5000;

  /** Jobs processed at once per process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  JOB_CONCURRENCY = 8;

  /** How often the outbox relay looks for new messages when it is not woken by a notification. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS = 500;

  /** A message handed to the queue but not done after this long is handed over again (the queue may have lost it). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(86_400)
  OUTBOX_REDISPATCH_SECONDS = 300;

  /**
   * Bench only: serve tenant work without switching to the RLS role, to measure
   * what row-level security costs. Refused unless NODE_ENV=bench.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  COMMONWEAL_BENCH_WITHOUT_RLS?: 'true' | 'false';
}

export type AppConfig = Readonly<EnvironmentVariables> & {
  /** Derived: which database the process talks to. */
  readonly databaseMode: 'postgres' | 'embedded';
  /** Derived: where jobs run. `queue` = BullMQ on Redis, processed by apps/worker; `in-process` = inside the API. */
  readonly jobMode: 'queue' | 'in-process';
  /** Derived: the folder e-mails are written to when there is no SMTP server. */
  readonly mailDir: string;
  /** Derived: the folder documents are stored in. */
  readonly documentsDir: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'DATABASE_MIGRATION_URL',
    'DATABASE_LISTEN_URL',
    'REDIS_URL',
    'JWT_SECRET',
    'SECRETS_KEY',
    'METRICS_TOKEN',
    'SEED_DEMO',
    'COMMONWEAL_BENCH_WITHOUT_RLS',
    'SMTP_URL',
    'MAIL_DIR',
    'DOCUMENTS_DIR',
    'CLAMD_URL',
    'MALWARE_SCANNING_WAIVED',
    'DOCUMENTS_S3_BUCKET',
    'DOCUMENTS_S3_ENDPOINT',
    'DOCUMENTS_S3_FORCE_PATH_STYLE',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'OTEL_EXPORTER_OTLP_HEADERS',
    'OTEL_SERVICE_NAME',
  ]) {
    const v = env[key];
    if (v !== undefined) picked[key] = v;
  }
  const config = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  // Unset, the links in e-mails point at this server on the port it listens on (not always 3000).
  if (picked.PUBLIC_BASE_URL === undefined && Number.isInteger(config.PORT) && config.PORT > 0) config.PUBLIC_BASE_URL = `http://localhost:${config.PORT}`;
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    problems.push('JWT_SECRET: required when NODE_ENV=production');
  }
  if (config.NODE_ENV === 'production' && !config.SECRETS_KEY) {
    problems.push("SECRETS_KEY: required when NODE_ENV=production, to seal the identity providers' client secrets");
  }
  if (config.NODE_ENV === 'production' && !config.CLAMD_URL && config.MALWARE_SCANNING_WAIVED !== 'true') {
    problems.push('CLAMD_URL: required when NODE_ENV=production, so that uploads are scanned for malware (MALWARE_SCANNING_WAIVED=true to run without)');
  }
  if (config.COMMONWEAL_BENCH_WITHOUT_RLS === 'true' && config.NODE_ENV !== 'bench') {
    problems.push('COMMONWEAL_BENCH_WITHOUT_RLS: allowed only when NODE_ENV=bench');
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(
    Object.assign(config, {
      databaseMode: config.DATABASE_URL ? 'postgres' : 'embedded',
      jobMode: config.REDIS_URL ? 'queue' : 'in-process',
      mailDir: config.MAIL_DIR ?? dataPath(config.COMMONWEAL_DATA_DIR, 'mail'),
      documentsDir: config.DOCUMENTS_DIR ?? dataPath(config.COMMONWEAL_DATA_DIR, 'documents'),
    }),
  ) as AppConfig;
}

/** A folder inside the data folder; for the in-memory test database, inside the system's temporary folder. */
const dataPath = (dataDir: string, name: string) => (dataDir.startsWith('memory://') ? join(tmpdir(), `commonweal-${name}`) : join(dataDir, name));

export const APP_CONFIG = Symbol('APP_CONFIG');
