import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcceptInvitationDto, CurrentPrincipal, LoginThrottleGuard, TOKEN_PATTERN } from '#auth';
import { Access, notFound, OwnTransactions, type Principal, Public, uuidParam } from '#platform';
import { StaffInvitations } from './invitations/staff-invitations.service.js';
import { StaffMembers } from './members/staff-members.service.js';
import { ChangeRolesDto, InviteStaffDto } from './staff.dto.js';

@ApiTags('staff')
@Controller('api/v1/staff')
export class StaffController {
  constructor(
    private readonly members: StaffMembers,
    private readonly invitations: StaffInvitations,
  ) {}

  @Get()
  @Access('authority_admin')
  @ApiOperation({ summary: 'The authority’s staff (active and deactivated) and the invitations not yet accepted' })
  async list() {
    return { items: await this.members.list(), invitations: await this.invitations.pending() };
  }

  @Post('invitations')
  @Access('authority_admin')
  @ApiOperation({ summary: 'Invite a person to the staff by e-mail, with one or more roles; the link works once, for 7 days' })
  invite(@Body() dto: InviteStaffDto, @CurrentPrincipal() principal: Principal) {
    return this.invitations.invite(dto, principal);
  }

  @Delete('invitations/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Access('authority_admin')
  @ApiOperation({ summary: 'Withdraw an invitation not yet accepted: its link then opens nothing' })
  withdraw(@Param('id', uuidParam()) id: string) {
    return this.invitations.withdraw(id);
  }

  @Get(':userId')
  @Access('authority_admin')
  @ApiOperation({ summary: 'One member of staff' })
  one(@Param('userId', uuidParam('userId')) userId: string) {
    return this.members.one(userId);
  }

  @Patch(':userId')
  @Access('authority_admin')
  @ApiOperation({ summary: 'Change a person’s roles (an open web session gets the new ones at once); the last active admin keeps that role' })
  changeRoles(@Param('userId', uuidParam('userId')) userId: string, @Body() dto: ChangeRolesDto) {
    return this.members.changeRoles(userId, dto.roles);
  }

  @Post(':userId/deactivate')
  @HttpCode(HttpStatus.OK)
  @Access('authority_admin')
  @ApiOperation({ summary: 'Stop a person acting for the authority; their sessions here end at once. Never the last active admin' })
  deactivate(@Param('userId', uuidParam('userId')) userId: string, @CurrentPrincipal() principal: Principal) {
    return this.members.deactivate(userId, principal);
  }

  @Post(':userId/reactivate')
  @HttpCode(HttpStatus.OK)
  @Access('authority_admin')
  @ApiOperation({ summary: 'Let a deactivated person act again, with the roles they had' })
  reactivate(@Param('userId', uuidParam('userId')) userId: string) {
    return this.members.reactivate(userId);
  }
}

/** The token travels in the path, as in the e-mailed link; a malformed one is simply not found. */
const tokenOf = (token: string) => {
  if (!TOKEN_PATTERN.test(token)) throw notFound('Invitation');
  return token;
};

@ApiTags('staff')
@Controller('api/v1/staff-invitations')
export class StaffInvitationLinksController {
  constructor(private readonly invitations: StaffInvitations) {}

  @Get(':token')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({ summary: 'Which authority is inviting you, with which roles, until when' })
  describe(@Param('token') token: string) {
    return this.invitations.describe(tokenOf(token));
  }

  @Post(':token/accept')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({
    summary:
      'Join the authority’s staff: signed in as the invited address, or with a password for a new account (refused, 403, where the authority’s staff sign in only through its identity provider: the first sign-in there joins)',
  })
  accept(@Param('token') token: string, @Body() dto: AcceptInvitationDto, @CurrentPrincipal() principal: Principal | undefined) {
    return this.invitations.accept(tokenOf(token), dto, principal);
  }
}
