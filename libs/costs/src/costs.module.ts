import { Global, Module } from '@nestjs/common';
import { CommissioningModule } from '#commissioning';
import { ContractLedger, ContractsModule } from '#contracts';
import { ContractCostsController } from './figures/contract-costs.controller.js';
import { ContractCosts } from './figures/contract-costs.service.js';
import { ContractLedgerEntries } from './ledger/contract-ledger-entries.service.js';
import { CostReferenceController } from './ledger/cost-reference.controller.js';
import { ContractLedgerController, CycleLedgerController } from './ledger/ledger.controller.js';
import { Ledgers } from './ledger/ledgers.service.js';
import { CostSettingsController } from './settings/cost-settings.controller.js';
import { CoproductionController } from './coproduction/coproduction.controller.js';
import { Coproduction } from './coproduction/coproduction.service.js';
import { CostSettingsInForce } from './settings/cost-settings.service.js';
import { PortfolioController } from './portfolio/portfolio.controller.js';
import { Portfolio } from './portfolio/portfolio.service.js';
import { CostPagesController } from './pages/cost-pages.controller.js';
import { CostPages } from './pages/cost-pages.service.js';

/**
 * Whole-life cost (issue 15): the ledgers of contracts and commissioning cycles, the entries a contract's
 * events write, citizens' inputs, the figures, the portfolio and their pages. Global because it provides contracts' ContractLedger port: contracts comes
 * before costs and cannot import it, yet cannot run without it.
 */
@Global()
@Module({
  imports: [ContractsModule, CommissioningModule],
  controllers: [
    ContractLedgerController,
    CycleLedgerController,
    CostReferenceController,
    ContractCostsController,
    PortfolioController,
    CostPagesController,
    CostSettingsController,
    CoproductionController,
  ],
  providers: [Ledgers, CostSettingsInForce, ContractCosts, Portfolio, CostPages, Coproduction, { provide: ContractLedger, useClass: ContractLedgerEntries }],
  exports: [ContractLedger, Ledgers, ContractCosts],
})
export class CostsModule {}
