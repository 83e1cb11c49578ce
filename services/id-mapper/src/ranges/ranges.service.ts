/** The id ranges the host delegates to an owner, read fresh on every call (usermod edits the files live). */
import { promises as fs } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { RangesReply } from '@lxcbus/contracts';
import { ID_MAPPER_SETTINGS, type IdMapperSettings } from '../id-mapper.settings';
import { parsePasswd, parseSubidFile, rangesOf, type PasswdEntry } from './subid-file';

export interface Delegation extends RangesReply {
  /** The owner's account, when /etc/passwd has it (its own uid/gid may always be mapped, count 1). */
  account?: PasswdEntry;
}

@Injectable()
export class RangesService {
  constructor(@Inject(ID_MAPPER_SETTINGS) private readonly settings: IdMapperSettings) {}

  get files(): { u: string; g: string } {
    return { u: this.settings.subuidFile, g: this.settings.subgidFile };
  }

  async delegation(owner: string): Promise<Delegation> {
    const [passwdText, subuidText, subgidText] = await Promise.all([
      readIfPresent(this.settings.passwdFile),
      readIfPresent(this.settings.subuidFile),
      readIfPresent(this.settings.subgidFile),
    ]);
    const passwd = parsePasswd(passwdText);
    const account = passwd.find((p) => p.name === owner);
    return {
      owner,
      uid: rangesOf(owner, parseSubidFile(subuidText), passwd),
      gid: rangesOf(owner, parseSubidFile(subgidText), passwd),
      ...(account ? { account } : {}),
    };
  }

  async ranges(owner: string): Promise<RangesReply> {
    const { uid, gid } = await this.delegation(owner);
    return { owner, uid, gid };
  }
}

/** A missing file delegates nothing (a fresh host has no /etc/subuid); any other error is real. */
async function readIfPresent(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
