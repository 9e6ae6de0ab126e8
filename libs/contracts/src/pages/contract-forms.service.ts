import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '#platform';
import { type FieldError, formAction, type FormFields, PageRenderer, PageWork } from '#web';
import { ContractPage } from './contract-page.service.js';

type PageRequest = Request & { principal: Principal };

/**
 * A form posted from a contract's page: the change is committed and the browser sent where it says, or the
 * same page comes back (as the authority's or the provider's) with each refusal placed at its form.
 */
@Injectable()
export class ContractForms {
  constructor(
    private readonly contractPage: ContractPage,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  staff(req: PageRequest, res: Response, id: string, form: FormFields, place: (e: FieldError) => FieldError, change: () => Promise<string>) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'contracts/show',
      change,
      page: (errors) => this.contractPage.staff(req.principal, id, form, errors, null),
      place,
    });
  }

  provider(req: PageRequest, res: Response, id: string, place: (e: FieldError) => FieldError, change: () => Promise<string>) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'contracts/provider-show',
      change,
      page: (errors) => this.contractPage.provider(id, errors, null),
      place,
    });
  }
}
