import { TemplateFailedError } from '@lxcbus/contracts';
import {
  TemplateBadArgsError,
  TemplateFailedError as TemplateStepFailedError,
  TemplateNotFoundError,
  TemplateUnsafeArchiveError,
} from '../templates';
import { templateErrorToDomain } from './template-error.mapper';

describe('templateErrorToDomain', () => {
  it('words an unknown template as lxc-create does and lists the built-ins', () => {
    const err = templateErrorToDomain('nosuch', new TemplateNotFoundError('nosuch'));
    expect(err).toBeInstanceOf(TemplateFailedError);
    expect(err.message).toBe('Template "nosuch" not found');
    expect(err.details).toMatchObject({ templateCode: 'TEMPLATE_NOT_FOUND', template: 'nosuch' });
    expect(err.details?.available).toEqual(expect.arrayContaining(['busybox', 'local', 'none']));
  });

  it('explains that template paths are not run', () => {
    const err = templateErrorToDomain('/usr/share/lxc/templates/lxc-busybox', new TemplateNotFoundError('/usr/share/lxc/templates/lxc-busybox'));
    expect(err.details?.reason).toMatch(/built-in templates/);
  });

  it('keeps the template message and usage text of bad arguments', () => {
    const err = templateErrorToDomain('busybox', new TemplateBadArgsError("unrecognized option '--nope'", 'USAGE'));
    expect(err.toWire()).toEqual({
      code: 'TEMPLATE_FAILED',
      message: "unrecognized option '--nope'",
      details: { templateCode: 'TEMPLATE_BAD_ARGS', template: 'busybox', usage: 'USAGE' },
    });
  });

  it('carries the specific code of an unsafe archive and the failed step', () => {
    expect(templateErrorToDomain('local', new TemplateUnsafeArchiveError('/x.tar', '../etc/passwd')).details).toEqual({
      templateCode: 'TEMPLATE_UNSAFE_ARCHIVE',
      template: 'local',
    });
    const step = templateErrorToDomain('busybox', new TemplateStepFailedError('busybox', 'install rootfs', new Error('EACCES')));
    expect(step.message).toBe('busybox: install rootfs: EACCES');
    expect(step.details).toEqual({ templateCode: 'TEMPLATE_FAILED', template: 'busybox', step: 'install rootfs' });
  });

  it('turns a stray system error into TEMPLATE_FAILED naming the template', () => {
    const err = templateErrorToDomain('local', Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    expect(err.toWire()).toEqual({
      code: 'TEMPLATE_FAILED',
      message: 'local: EIO: i/o error',
      details: { templateCode: 'TEMPLATE_FAILED', template: 'local' },
    });
  });
});
