/**
 * The `images` verb: what lxc-download does before it asks anything, over the bus.
 * It parses the template arguments, and when `--list` is given or one of -d/-r/-a is
 * missing it reads the server's index and returns the rows LXC would print (filtered
 * by the options given); otherwise it answers at once without touching the network.
 */
import { Injectable } from '@nestjs/common';
import type { ImagesReply, ImagesRequest } from '@lxcbus/contracts';
import { missingFields, parseDownloadArgs } from '../download/download.options';
import { sharedDownloadTemplate } from '../download/download.shared';
import { filterRows, listImages } from '../download/image-index';
import { templateErrorToDomain } from '../populate/template-error.mapper';

@Injectable()
export class ImagesService {
  async images(req: ImagesRequest): Promise<ImagesReply> {
    let o;
    try {
      o = parseDownloadArgs(req.templateArgs);
    } catch (err) {
      throw templateErrorToDomain('download', err);
    }
    const missing = missingFields(o);
    const server = o.server.spelled;
    if (!o.list && missing.length === 0) return { list: false, missing, images: [], server };
    const cache = sharedDownloadTemplate().cache;
    const rows = await listImages(cache.indexContext({ server: o.server, mode: req.mode }));
    return { list: o.list, missing, images: filterRows(rows, o), server };
  }
}
