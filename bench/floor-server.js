#!/usr/bin/env node
// The framework's floor for bench:api's case (d): a bare NestJS 12 server with a pg pool of 10 running the
// tenant list's indexed query (the same rows the API reads for GET /api/v1/tenders), and nothing else: no
// authentication, no row-level security, no transaction, no logging, no validation. Started by the bench.
//   PORT, DATABASE_URL, TENANT_ID
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const tenant = process.env.TENANT_ID;

class Tenders {
  async list() {
    const { rows } = await pool.query('SELECT * FROM tenders WHERE tenant_id = $1 ORDER BY id DESC LIMIT 21', [tenant]);
    return { items: rows.slice(0, 20), next: rows.length > 20 ? rows[19].id : null };
  }
  health() {
    return { status: 'ok' };
  }
}
// Plain JavaScript: the decorators NestJS reads, applied by hand.
for (const [name, path] of [
  ['list', 'api/v1/tenders'],
  ['health', 'health'],
]) {
  const descriptor = Object.getOwnPropertyDescriptor(Tenders.prototype, name);
  Object.defineProperty(Tenders.prototype, name, Reflect.decorate([Get(path)], Tenders.prototype, name, descriptor));
}
const TendersController = Reflect.decorate([Controller()], Tenders);
class FloorModule {}
const AppModule = Reflect.decorate([Module({ controllers: [TendersController] })], FloorModule);

const app = await NestFactory.create(AppModule, { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
