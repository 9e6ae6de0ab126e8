import { Controller, Get, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, ALL_ROLES, type Principal } from '#platform';
import { PageInterceptor } from '../rendering/page.interceptor.js';
import { DashboardService } from './dashboard.service.js';

type PageRequest = Request & { principal: Principal };

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get()
  @Access(...ALL_ROLES)
  @Render('dashboard/index')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest) {
    return { title: 'Dashboard', sections: await this.dashboards.sections(req.principal) };
  }
}
