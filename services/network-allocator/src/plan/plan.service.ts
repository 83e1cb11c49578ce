/**
 * Network plans for containers on this host. Nothing is allocated yet (no bridge, lease
 * or veth name), so a refusal leaves nothing behind; allocation lands with veth support.
 */
import { Injectable } from '@nestjs/common';
import type { NetPlanReply, NetPlanRequest } from '@lxcbus/contracts';
import { planNetwork } from './net-plan';

@Injectable()
export class PlanService {
  plan(req: NetPlanRequest): NetPlanReply {
    return planNetwork(req);
  }
}
