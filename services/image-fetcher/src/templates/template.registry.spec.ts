import { BusyboxTemplate } from './busybox.template';
import { DownloadTemplate } from '../download/download.template';
import { LocalTemplate } from './local.template';
import { TemplateNotFoundError } from './template.errors';
import { TEMPLATE_NAMES, templateFor } from './template.registry';

describe('templateFor', () => {
  it('returns the busybox, local and download templates by name', () => {
    expect(templateFor('busybox')).toBeInstanceOf(BusyboxTemplate);
    expect(templateFor('local')).toBeInstanceOf(LocalTemplate);
    expect(templateFor('download')).toBeInstanceOf(DownloadTemplate);
    expect(TEMPLATE_NAMES).toEqual(['busybox', 'local', 'download']);
  });

  it.each(['/usr/share/lxc/templates/lxc-busybox', 'toString', '__proto__', ''])(
    'throws TEMPLATE_NOT_FOUND for %p',
    (name) => {
      expect(() => templateFor(name)).toThrow(TemplateNotFoundError);
      expect(() => templateFor(name)).toThrow(expect.objectContaining({ code: 'TEMPLATE_NOT_FOUND', template: name }));
    },
  );
});
