import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { type FieldError, formAs, type FormFields, formText } from '#web';
import { ChangeApprovalDto, ChangeDto, ChangeSignatureDto, ChangeWithdrawalDto } from '../changes/change.dto.js';
import { ContractChanges } from '../changes/contract-changes.service.js';
import { MANAGERS } from './contract-page.service.js';
import { ContractForms } from './contract-forms.service.js';

type PageRequest = Request & { principal: Principal };
const VARIATION_FIELDS = ['classification', 'rationale', 'valueChange', 'newEndsOn'];

/**
 * Variations and extensions on a contract's page: propose one (a variation on a ground, or an extension
 * from an option), approve it as the second person, record its signature, or withdraw it. The same service
 * as the API; a refusal comes back at the form it came from.
 */
@ApiExcludeController()
@Controller('contracts')
export class ChangePagesController {
  constructor(
    private readonly changes: ContractChanges,
    private readonly forms: ContractForms,
  ) {}

  @Post(':id/changes')
  @Access(...MANAGERS)
  @OwnTransactions()
  propose(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const extension = formText(form.kind) === 'extension';
    const option = formText(form.optionIndex);
    const place = (e: FieldError) => {
      const field = extension ? `extension-${option}` : VARIATION_FIELDS.includes(e.field) ? `change-${e.field}` : 'change-form';
      return { ...e, field, href: `#${field}` };
    };
    return this.forms.staff(req, res, id, form, place, async () => {
      const money = formText(form['change-valueChange'])
        .replace(/[£,\s]/g, '')
        .replace('−', '-');
      const dto = await formAs(
        ChangeDto,
        extension
          ? { kind: 'extension', optionIndex: Number(option), rationale: formText(form['change-rationale']) }
          : {
              kind: formText(form.kind),
              classification: formText(form['change-classification']),
              rationale: formText(form['change-rationale']),
              valueChange: money,
              ...(formText(form['change-newEndsOn']) ? { newEndsOn: formText(form['change-newEndsOn']) } : {}),
            },
        {
          classification: 'Choose the ground the variation is made on',
          rationale: 'Say why the contract changes',
          valueChange: 'Enter the change in value, or 0 for none',
        },
      );
      await this.changes.propose(id, dto, req.principal);
      return `/contracts/${id}?proposed=1#changes`;
    });
  }

  @Post(':id/changes/:changeId/approval')
  @Access(...MANAGERS)
  @OwnTransactions()
  approve(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('changeId', uuidParam('changeId')) changeId: string,
    @Body() form: FormFields,
  ) {
    return this.settle(req, res, id, changeId, form, 'change-approved', async () => {
      const dto = await formAs(ChangeApprovalDto, { version: Number(formText(form.version)), note: formText(form.note) || undefined }, {});
      await this.changes.approve(id, changeId, dto, req.principal);
    });
  }

  @Post(':id/changes/:changeId/signature')
  @Access(...MANAGERS)
  @OwnTransactions()
  sign(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('changeId', uuidParam('changeId')) changeId: string,
    @Body() form: FormFields,
  ) {
    return this.settle(req, res, id, changeId, form, 'change-signed', async () => {
      const dto = await formAs(
        ChangeSignatureDto,
        { version: Number(formText(form.version)), signedOn: formText(form.signedOn) },
        { signedOn: 'Enter the day both parties signed the change, for example 30 11 2026' },
      );
      await this.changes.sign(id, changeId, dto, req.principal);
    });
  }

  @Post(':id/changes/:changeId/withdrawal')
  @Access(...MANAGERS)
  @OwnTransactions()
  withdraw(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('changeId', uuidParam('changeId')) changeId: string,
    @Body() form: FormFields,
  ) {
    return this.settle(req, res, id, changeId, form, 'change-withdrawn', async () => {
      const dto = await formAs(
        ChangeWithdrawalDto,
        { version: Number(formText(form.version)), reason: formText(form.reason) },
        { reason: 'Say why the change is withdrawn' },
      );
      await this.changes.withdraw(id, changeId, dto, req.principal);
    });
  }

  private settle(req: PageRequest, res: Response, id: string, changeId: string, form: FormFields, done: string, change: () => Promise<void>) {
    const at = (e: FieldError) => ({ ...e, field: `change-${changeId}`, href: `#change-${changeId}` });
    return this.forms.staff(req, res, id, form, at, async () => {
      await change();
      return `/contracts/${id}?${done}=1#changes`;
    });
  }
}
