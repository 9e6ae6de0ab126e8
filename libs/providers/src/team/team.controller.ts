import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcceptInvitationDto, CurrentPrincipal, LoginThrottleGuard, TOKEN_PATTERN } from '#auth';
import { Access, notFound, OwnTransactions, type Principal, Public } from '#platform';
import { InviteColleagueDto } from './team.dto.js';
import { Team } from './team.service.js';

@ApiTags('providers')
@Controller('api/v1/provider/team')
export class TeamController {
  constructor(private readonly team: Team) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your organisation’s people and the invitations not yet accepted' })
  members(@CurrentPrincipal() principal: Principal) {
    return this.team.members(principal);
  }

  @Post('invitations')
  @Access('provider')
  @ApiOperation({ summary: 'Invite a colleague by e-mail (provider administrators only); the link is valid for 7 days' })
  invite(@Body() dto: InviteColleagueDto, @CurrentPrincipal() principal: Principal) {
    return this.team.invite(dto, principal);
  }
}

/** The token travels in the path, as in the e-mailed link; a malformed one is simply not found. */
const tokenOf = (token: string) => {
  if (!TOKEN_PATTERN.test(token)) throw notFound('Invitation');
  return token;
};

@ApiTags('providers')
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(private readonly team: Team) {}

  @Get(':token')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({ summary: 'Who is inviting you, to what, until when' })
  describe(@Param('token') token: string) {
    return this.team.describe(tokenOf(token));
  }

  @Post(':token/accept')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({ summary: 'Join the team: signed in as the invited address, or with a password for a new account' })
  accept(@Param('token') token: string, @Body() dto: AcceptInvitationDto, @CurrentPrincipal() principal: Principal | undefined) {
    return this.team.accept(tokenOf(token), dto, principal);
  }
}
