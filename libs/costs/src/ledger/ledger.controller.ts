import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Cycles } from '#commissioning';
import { Contracts } from '#contracts';
import { COST_READERS, COST_RECORDERS } from '../cost-roles.js';
import { Access, type AuthorityRole, Idempotent, type Principal, ProblemException, uuidParam } from '#platform';
import { IMPORT_COLUMNS } from '../core/ledger-csv.js';
import { CostEntryDto, ListEntriesQuery, ReversalDto } from './cost-entry.dto.js';
import { type LedgerOwner, Ledgers } from './ledgers.service.js';

/**
 * The routes every ledger has, the same for a contract's and a cycle's: the subclass finds its owner (a
 * record of another authority is not found) and says who records in it.
 */
function ledgerRoutes(what: string, recorders: readonly [AuthorityRole, ...AuthorityRole[]]) {
  abstract class LedgerRoutes {
    protected abstract readonly ledgers: Ledgers;
    /** The ledger's owner, and the name its export file takes. */
    protected abstract owner(id: string): Promise<{ owner: LedgerOwner; name: string }>;

    @Get('entries')
    @Access(...COST_READERS)
    @ApiOperation({ summary: `The ${what}’s ledger, oldest first, 100 a page (\`next\` is the \`after\` of the next page); \`basis\` actual or committed` })
    async list(@Param('id', uuidParam()) id: string, @Query() query: ListEntriesQuery) {
      return this.ledgers.list((await this.owner(id)).owner, query);
    }

    @Post('entries')
    @Access(...recorders)
    @Idempotent()
    @ApiOperation({
      summary: `Record a cost in the ${what}’s ledger: the day, pounds, who bore it, its type (staff time as hours × hourly rate), phase and classification; every problem named at once`,
    })
    async record(@Param('id', uuidParam()) id: string, @Body() dto: CostEntryDto, @CurrentPrincipal() principal: Principal) {
      return this.ledgers.record((await this.owner(id)).owner, dto, principal);
    }

    @Post('entries/:entryId/reversal')
    @Access(...recorders)
    @Idempotent()
    @ApiOperation({
      summary:
        'Correct an entry by reversing it, with the reason (the ledger is append-only); entries written by payments, signatures and changes follow their events',
    })
    async reverse(
      @Param('id', uuidParam()) id: string,
      @Param('entryId', uuidParam('entryId')) entryId: string,
      @Body() dto: ReversalDto,
      @CurrentPrincipal() principal: Principal,
    ) {
      return this.ledgers.reverse((await this.owner(id)).owner, entryId, dto.reason, principal);
    }

    @Post('import')
    @Access(...recorders)
    @Idempotent()
    @ApiConsumes('text/csv')
    @ApiBody({
      description: `A header line (${IMPORT_COLUMNS.join(',')}) then one cost a line; hours and hourly_rate empty but for staff time`,
      schema: { type: 'string' },
    })
    @ApiOperation({
      summary: `Import a finance system's file of costs into the ${what}'s ledger: checked whole first; any bad line refuses it all (422 naming each line, 2 being the first cost), nothing imported`,
    })
    async import(
      @Param('id', uuidParam()) id: string,
      @Body() body: unknown,
      @Headers('content-type') type: string | undefined,
      @Headers('x-file-name') fileName: string | undefined,
      @CurrentPrincipal() principal: Principal,
    ) {
      const { owner } = await this.owner(id);
      if (!/^text\/csv\b/i.test(type ?? '') || typeof body !== 'string')
        throw new ProblemException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'unsupported-media-type',
          'Send the costs as text/csv',
          `The body must be a CSV file sent with Content-Type: text/csv; the first line names the columns ${IMPORT_COLUMNS.join(',')}`,
        );
      return this.ledgers.import(owner, body, fileName?.slice(0, 300) ?? null, principal);
    }

    @Get('export')
    @Access(...COST_READERS)
    @ApiProduces('text/csv')
    @ApiOperation({ summary: `The ${what}’s whole ledger as CSV: every entry with its basis and source, reversals with their reasons` })
    async export(@Param('id', uuidParam()) id: string) {
      const { owner, name } = await this.owner(id);
      return this.ledgers.export(owner, name);
    }
  }
  return LedgerRoutes;
}

/** A contract's whole-life cost ledger. */
@ApiTags('costs')
@Controller('api/v1/contracts/:id/costs')
export class ContractLedgerController extends ledgerRoutes('contract', COST_RECORDERS) {
  constructor(
    private readonly contracts: Contracts,
    protected readonly ledgers: Ledgers,
  ) {
    super();
  }

  protected async owner(id: string) {
    const c = await this.contracts.find(id);
    return { owner: { contractId: c.id }, name: c.reference };
  }
}

/** A commissioning cycle's ledger: development and procurement costs, before any contract exists. */
@ApiTags('costs')
@Controller('api/v1/cycles/:id/costs')
// The cycle is the commissioner's: its development and procurement costs are theirs to record.
export class CycleLedgerController extends ledgerRoutes('cycle', ['commissioner', ...COST_RECORDERS]) {
  constructor(
    private readonly cycles: Cycles,
    protected readonly ledgers: Ledgers,
  ) {
    super();
  }

  protected async owner(id: string) {
    const cycle = await this.cycles.find(id);
    return { owner: { cycleId: cycle.id }, name: cycle.reference };
  }
}
