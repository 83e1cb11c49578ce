/**
 * A simplestreams image carries LXD/Incus metadata (metadata.yaml, LXD templates), not
 * LXC's meta tarball. The LXC side of it is what distrobuilder writes for the same
 * image: `config` including `<dist>.common.conf` with `lxc.arch`, `config-user` adding
 * `<dist>.userns.conf`. LXD's own templates (pongo2) are not LXC's and are not rendered.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImageRow } from '@lxcbus/contracts';

export async function synthesizeLxcMeta(row: ImageRow, dest: string): Promise<void> {
  await fs.mkdir(dest, { recursive: true });
  const dist = row.dist.toLowerCase().replace(/[^a-z0-9._-]/g, '');
  const common = `lxc.include = LXC_TEMPLATE_CONFIG/${dist}.common.conf\n`;
  const arch = `lxc.arch = ${row.arch}\n`;
  await fs.writeFile(path.join(dest, 'config'), `${common}${arch}`);
  await fs.writeFile(path.join(dest, 'config-user'), `${common}lxc.include = LXC_TEMPLATE_CONFIG/${dist}.userns.conf\n${arch}`);
}
