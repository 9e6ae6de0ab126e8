import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Render, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authority, AuthService, LoginThrottleGuard, TOKEN_PATTERN } from '#auth';
import {
  Access,
  APP_CONFIG,
  type AppConfig,
  AUTHORITY_ROLES,
  type AuthorityRole,
  OwnTransactions,
  type Principal,
  Public,
  RequestDb,
  uuidParam,
} from '#platform';
import {
  ensureCsrfSeed,
  errorFor,
  type FieldError,
  fixableErrors,
  formAction,
  formAs,
  type FormFields,
  formList,
  formText,
  PageInterceptor,
  PageRenderer,
  PageWork,
  setSessionCookie,
} from '#web';
import { StaffInvitations } from '../invitations/staff-invitations.service.js';
import { StaffMembers, type StaffMember } from '../members/staff-members.service.js';
import { ROLE_TEXT, rolesInWords } from '../staff-roles.js';
import { ChangeRolesDto, InviteStaffDto } from '../staff.dto.js';

type PageRequest = Request & { principal: Principal };

const NOTICES: Record<string, string> = {
  invited: 'The invitation has been sent.',
  withdrawn: 'The invitation has been withdrawn: its link no longer works.',
  roles: 'Roles saved.',
  deactivated: 'Deactivated. They have been signed out and cannot sign in here until reactivated.',
  reactivated: 'Reactivated. They can sign in again with the roles below.',
  'provider-account-forgotten': 'Their account at your identity provider has been forgotten. The next one to sign in with their address is linked to them.',
};
const rolesText = (roles: readonly AuthorityRole[]) => roles.map((r) => ROLE_TEXT[r].name).join(', ');
const roleOptions = (checked: readonly string[]) =>
  AUTHORITY_ROLES.map((r) => ({ value: r, text: ROLE_TEXT[r].name, hint: ROLE_TEXT[r].hint, checked: checked.includes(r) }));
/** Roles as the form sends them: every box ticked, none at all when none is. */
const formRoles = (form: FormFields) => formList(form.roles).filter((r) => r !== '');

/**
 * The authority admin's staff pages: who works here and in which roles,
 * inviting, changing roles, deactivating and reactivating; and the page the
 * invitation's link opens. The same services and rules as /api/v1/staff.
 */
@ApiExcludeController()
@Controller()
export class StaffPagesController {
  constructor(
    private readonly members: StaffMembers,
    private readonly invitations: StaffInvitations,
    private readonly auth: AuthService,
    private readonly db: RequestDb,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('staff')
  @Access('authority_admin')
  @Render('staff/list')
  @UseInterceptors(PageInterceptor)
  async list(@Req() req: PageRequest, @Query('done') done?: string) {
    return this.listPage(req.principal, {}, [], NOTICES[done ?? ''] ?? null);
  }

  @Post('staff/invitations')
  @Access('authority_admin')
  @OwnTransactions()
  invite(@Req() req: PageRequest, @Res() res: Response, @Body() form: FormFields) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'staff/list',
      change: async () => {
        const dto = await formAs(
          InviteStaffDto,
          { name: formText(form.name), email: formText(form.email), roles: formRoles(form) },
          { name: 'Enter the person’s name', email: 'Enter the person’s e-mail address', roles: 'Select at least one role' },
        );
        await this.invitations.invite(dto, req.principal);
        return '/staff?done=invited';
      },
      page: (errors) => this.listPage(req.principal, form, errors, null),
    });
  }

  @Post('staff/invitations/:id/withdraw')
  @Access('authority_admin')
  @OwnTransactions()
  async withdraw(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await this.work.commit(req.principal, () => this.invitations.withdraw(id));
    res.redirect(303, '/staff?done=withdrawn');
  }

  @Get('staff/:userId')
  @Access('authority_admin')
  @Render('staff/person')
  @UseInterceptors(PageInterceptor)
  async person(@Param('userId', uuidParam('userId')) userId: string, @Query('done') done?: string) {
    const member = await this.members.one(userId);
    return this.personPage(member, member.roles, [], NOTICES[done ?? ''] ?? null);
  }

  @Post('staff/:userId/roles')
  @Access('authority_admin')
  @OwnTransactions()
  changeRoles(@Req() req: PageRequest, @Res() res: Response, @Param('userId', uuidParam('userId')) userId: string, @Body() form: FormFields) {
    return this.personAction(req, res, userId, formRoles(form), async () => {
      const dto = await formAs(
        ChangeRolesDto,
        { roles: formRoles(form) },
        { roles: 'Select at least one role; to take every role away, deactivate the person' },
      );
      await this.members.changeRoles(userId, dto.roles);
      return `/staff/${userId}?done=roles`;
    });
  }

  @Post('staff/:userId/deactivate')
  @Access('authority_admin')
  @OwnTransactions()
  deactivate(@Req() req: PageRequest, @Res() res: Response, @Param('userId', uuidParam('userId')) userId: string) {
    return this.personAction(req, res, userId, undefined, async () => {
      await this.members.deactivate(userId, req.principal);
      return `/staff/${userId}?done=deactivated`;
    });
  }

  @Post('staff/:userId/reactivate')
  @Access('authority_admin')
  @OwnTransactions()
  reactivate(@Req() req: PageRequest, @Res() res: Response, @Param('userId', uuidParam('userId')) userId: string) {
    return this.personAction(req, res, userId, undefined, async () => {
      await this.members.reactivate(userId);
      return `/staff/${userId}?done=reactivated`;
    });
  }

  @Post('staff/:userId/provider-account/forget')
  @Access('authority_admin')
  @OwnTransactions()
  forgetProviderAccount(@Req() req: PageRequest, @Res() res: Response, @Param('userId', uuidParam('userId')) userId: string) {
    return this.personAction(req, res, userId, undefined, async () => {
      await this.members.forgetProviderAccount(userId);
      return `/staff/${userId}?done=provider-account-forgotten`;
    });
  }

  @Get('staff-invitations/:token')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  async invitation(@Req() req: Request & { principal?: Principal }, @Res() res: Response, @Param('token') token: string) {
    ensureCsrfSeed(req, res, this.secure);
    await this.renderInvitation(req, res, token, [], HttpStatus.OK);
  }

  @Post('staff-invitations/:token')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  async accept(@Req() req: Request & { principal?: Principal }, @Res() res: Response, @Param('token') token: string, @Body() form: FormFields) {
    try {
      const signedIn = Boolean(req.principal?.userId);
      const password = signedIn ? undefined : formText(form.password) || undefined;
      const accepted = await this.invitations.accept(tokenOf(token), { password, name: formText(form.name) || undefined }, req.principal);
      if (!accepted.newAccount) {
        // Signed in for something else (a provider, another authority): sign in again to act for this one.
        res.redirect(303, '/sign-in?next=/dashboard');
        return;
      }
      setSessionCookie(res, await this.auth.startWebSession({ email: accepted.email, password: password!, authority: accepted.authoritySlug }), this.secure);
      res.redirect(303, '/dashboard');
    } catch (err) {
      await this.renderInvitation(req, res, token, fixableErrors(err), HttpStatus.BAD_REQUEST);
    }
  }

  private get secure() {
    return this.config.NODE_ENV === 'production';
  }

  private personAction(req: PageRequest, res: Response, userId: string, roles: string[] | undefined, change: () => Promise<string>) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'staff/person',
      change,
      page: async (errors) => {
        const member = await this.members.one(userId);
        return this.personPage(member, roles ?? member.roles, errors, null);
      },
      // The last-admin rule is about the roles, whichever button was pressed.
      place: (e) => (e.field === 'roles' || e.field.startsWith('roles') ? { ...e, field: 'roles', href: '#roles' } : e),
    });
  }

  private async listPage(principal: Principal, form: FormFields, errors: FieldError[], notice: string | null) {
    const [members, invitations, authority] = await Promise.all([
      this.members.list(),
      this.invitations.pending(),
      this.db.manager.findOneByOrFail(Authority, { id: principal.tenantId! }),
    ]);
    const chosen = form.roles === undefined && !errors.length ? ['commissioner'] : formRoles(form);
    return {
      title: `${errors.length ? 'Error: ' : ''}Staff`,
      authorityName: authority.name,
      notice,
      errors,
      form: { name: formText(form.name), email: formText(form.email) },
      members: members.map((m) => ({ ...m, rolesText: rolesText(m.roles), isYou: m.userId === principal.userId })),
      invitations: invitations.map((i) => ({ ...i, rolesText: rolesText(i.roles as AuthorityRole[]) })),
      roles: roleOptions(chosen),
      fieldErrors: { name: errorFor(errors, 'name'), email: errorFor(errors, 'email'), roles: errorFor(errors, 'roles') },
    };
  }

  private async personPage(member: StaffMember, checked: readonly string[], errors: FieldError[], notice: string | null) {
    const authority = await this.db.manager.findOneByOrFail(Authority, { id: this.db.tenantId });
    return {
      title: `${errors.length ? 'Error: ' : ''}${member.name}`,
      authorityName: authority.name,
      notice,
      errors,
      member: { ...member, rolesText: rolesText(member.roles) },
      roles: roleOptions(checked),
      fieldErrors: { roles: errorFor(errors, 'roles') },
    };
  }

  private async renderInvitation(req: Request & { principal?: Principal }, res: Response, token: string, errors: FieldError[], status: number) {
    const invitation = await this.invitations.describe(tokenOf(token));
    const html = this.pages.render('staff/invitation', {
      title: `${errors.length ? 'Error: ' : ''}Join ${invitation.authorityName}`,
      invitation: { ...invitation, rolesText: rolesInWords(invitation.roles) },
      signedIn: Boolean(req.principal?.userId),
      throughProviderOnly: invitation.staffSignIn === 'sso',
      throughProviderToo: invitation.staffSignIn === 'password_or_sso',
      token,
      errors,
      fieldErrors: { password: errorFor(errors, 'password'), name: errorFor(errors, 'name') },
      chrome: this.pages.chrome(req, null),
    });
    res.status(status).type('html').send(html);
  }
}

/** A malformed token is answered like an unknown one: the service says "not found". */
const tokenOf = (token: string) => (TOKEN_PATTERN.test(token) ? token : '0'.repeat(43));
