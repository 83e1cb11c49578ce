/** Checks a container's lxc.idmap against what the host delegates to its owner. */
import { Injectable } from '@nestjs/common';
import type { IdmapValidateReply, IdmapValidateRequest } from '@lxcbus/contracts';
import { RangesService } from '../ranges/ranges.service';
import { checkIdmaps } from './idmap-rules';

@Injectable()
export class ValidateService {
  constructor(private readonly delegations: RangesService) {}

  async validate(req: IdmapValidateRequest): Promise<IdmapValidateReply> {
    if (req.idmaps.length === 0 && req.owner === 'root') return { owner: req.owner, warnings: [] };
    const d = await this.delegations.delegation(req.owner);
    const warnings = checkIdmaps(req.idmaps, {
      owner: req.owner,
      delegated: { u: d.uid, g: d.gid },
      ...(d.account ? { ownIds: { u: d.account.uid, g: d.account.gid } } : {}),
      files: this.delegations.files,
    });
    return { owner: req.owner, warnings };
  }
}
