import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, notFound, type Principal, RequestDb, validationProblem } from '#platform';
import { completePack, DEFAULT_POLICY_PACK, type PolicyPack, policyPackProblems } from './policy-pack.js';
import { PolicyPackVersion } from './policy-pack.entity.js';
import { PolicyPacks } from './policy-packs.service.js';

export interface PolicyPackView {
  version: number;
  /** True for version 0: the built-in defaults, before the authority adopted its own. */
  isDefault: boolean;
  adoptedAt: string | null;
  adoptedBy: string | null;
  pack: PolicyPack;
}

export const policyPackView = (v: PolicyPackVersion): PolicyPackView => ({
  version: v.version,
  isDefault: false,
  adoptedAt: v.createdAt.toISOString(),
  adoptedBy: v.createdBy,
  pack: completePack(v.pack),
});
const DEFAULT_VIEW: PolicyPackView = { version: 0, isDefault: true, adoptedAt: null, adoptedBy: null, pack: DEFAULT_POLICY_PACK };

/**
 * The authority's policy pack: read by all its staff, adopted by its admin.
 * Each adoption is a new immutable version; tenders keep the one they were built under.
 */
@ApiTags('policy')
@Controller('api/v1/policy-pack')
export class PolicyPacksController {
  constructor(
    private readonly db: RequestDb,
    private readonly packs: PolicyPacks,
  ) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'The policy pack in force (version 0 is the built-in defaults)' })
  async current(): Promise<PolicyPackView> {
    const latest = await this.packs.latest();
    return latest ? policyPackView(latest) : DEFAULT_VIEW;
  }

  @Get('versions')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'Every adopted version, newest first, after the built-in version 0' })
  async versions(): Promise<{ items: PolicyPackView[] }> {
    const rows = await this.db.manager.find(PolicyPackVersion, { order: { version: 'DESC' } });
    return { items: [...rows.map(policyPackView), DEFAULT_VIEW] };
  }

  @Get('versions/:version')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'One version, e.g. the one a tender was built under' })
  async version(
    @Param(
      'version',
      new ParseIntPipe({ exceptionFactory: () => validationProblem([{ field: 'version', rule: 'isInt', message: 'version must be a whole number' }]) }),
    )
    version: number,
  ): Promise<PolicyPackView> {
    if (version === 0) return DEFAULT_VIEW;
    const row = await this.db.manager.findOne(PolicyPackVersion, { where: { version } });
    if (!row) throw notFound(`Policy pack version ${version}`);
    return policyPackView(row);
  }

  @Put()
  @Access('authority_admin')
  @ApiOperation({ summary: 'Adopt a new version of the policy pack. Send the whole pack and the version it was edited from.' })
  @ApiBody({ schema: { type: 'object', required: ['basedOnVersion', 'pack'], properties: { basedOnVersion: { type: 'integer' }, pack: { type: 'object' } } } })
  async adopt(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<PolicyPackView> {
    const { basedOnVersion, pack, ...rest } = (body ?? {}) as { basedOnVersion?: unknown; pack?: unknown };
    const problems = [
      ...Object.keys(rest).map((k) => ({ field: k, rule: 'unknown-field', message: `${k} is not expected: send basedOnVersion and pack` })),
      ...(Number.isInteger(basedOnVersion) && (basedOnVersion as number) >= 0
        ? []
        : [{ field: 'basedOnVersion', rule: 'isInt', message: 'basedOnVersion must be the version you edited (0 for the defaults)' }]),
      ...(pack === undefined
        ? [{ field: 'pack', rule: 'required', message: 'pack is required' }]
        : policyPackProblems(pack).map((p) => ({ ...p, field: `pack.${p.field}` }))),
    ];
    if (problems.length) throw validationProblem(problems);
    return policyPackView(await this.packs.adopt(basedOnVersion as number, pack as PolicyPack, principal));
  }
}
