import { AttachRequest, CreateRequest, StartRequest, StopRequest, WaitRequest } from './commands';
import { BadRequestError, InvalidNameError } from './errors';
import { validate } from './validate';

describe('command validation', () => {
  it('accepts a minimal start and fills defaults', () => {
    expect(validate(StartRequest, { name: 'c1' })).toEqual({ name: 'c1', defines: [] });
    expect(validate(StopRequest, { name: 'c1' })).toMatchObject({ timeout: 60, kill: false });
  });

  it.each(['../x', 'a/b', '', '.hidden', 'x'.repeat(64), 'a b', 'a.b', 'a*'])('refuses name %j as INVALID_NAME', (name) => {
    expect(() => validate(CreateRequest, { name })).toThrow(InvalidNameError);
  });

  it('refuses non-objects, unknown fields and wrong types as BAD_REQUEST', () => {
    expect(() => validate(StartRequest, null)).toThrow(BadRequestError);
    expect(() => validate(StartRequest, [1])).toThrow(BadRequestError);
    expect(() => validate(StartRequest, 'x')).toThrow(BadRequestError);
    expect(() => validate(StartRequest, { name: 'c1', bogus: 1 })).toThrow(/bogus/);
    expect(() => validate(StopRequest, { name: 'c1', timeout: 'soon' })).toThrow(/timeout/);
  });

  it('refuses relative or dotted lxcpaths', () => {
    expect(() => validate(StartRequest, { name: 'c1', lxcpath: 'var/lib/lxc' })).toThrow(BadRequestError);
    expect(() => validate(StartRequest, { name: 'c1', lxcpath: '/var/../etc' })).toThrow(BadRequestError);
  });

  it('checks attach sessions, env and wait states', () => {
    expect(() => validate(AttachRequest, { name: 'c1', session: 'short' })).toThrow(BadRequestError);
    expect(() => validate(AttachRequest, { name: 'c1', session: 'abcdefgh12', env: ['NOEQUALS'] })).toThrow(BadRequestError);
    expect(validate(AttachRequest, { name: 'c1', session: 'abcdefgh12' }).tty).toBe(false);
    expect(() => validate(WaitRequest, { name: 'c1', states: ['BOGUS'], timeoutMs: 5 })).toThrow(BadRequestError);
    expect(validate(WaitRequest, { name: 'c1', states: ['RUNNING'], timeoutMs: 5 }).states).toEqual(['RUNNING']);
  });

  it('checks an lxc-execute terminal: stdout or stderr on it, a real size', () => {
    const tty = { stdin: true, stdout: true, stderr: false, rows: 30, cols: 100 };
    expect(validate(StartRequest, { name: 'c1', execute: true, session: 'abcdefgh12', tty }).tty).toEqual(tty);
    expect(() => validate(StartRequest, { name: 'c1', tty: { ...tty, stdout: false } })).toThrow(/stdout or stderr/);
    expect(() => validate(StartRequest, { name: 'c1', tty: { ...tty, rows: 0 } })).toThrow(BadRequestError);
  });
});
