import { InvalidArgumentError } from './errors';
import { deviceRequestLine, parseDeviceReply } from './device-spec';

describe('device requests to the shim', () => {
  it('puts action, source and target on one line', () => {
    expect(deviceRequestLine('add', '/dev/loop5', '/dev/loop5')).toBe('device add /dev/loop5 /dev/loop5');
    expect(deviceRequestLine('del', 'veth-x', 'eth5')).toBe('device del veth-x eth5');
  });

  it('refuses operands the line protocol cannot carry', () => {
    expect(() => deviceRequestLine('add', '/dev/a b', '/dev/a')).toThrow(InvalidArgumentError);
    expect(() => deviceRequestLine('add', '', 'x')).toThrow(InvalidArgumentError);
    expect(() => deviceRequestLine('del', 'x', 'y\nz')).toThrow(InvalidArgumentError);
    expect(() => deviceRequestLine('mv' as 'add', 'x', 'y')).toThrow(/add or del/);
  });

  it('reads the kind from the reply', () => {
    expect(parseDeviceReply('OK NET')).toBe('net');
    expect(parseDeviceReply('OK NODE')).toBe('node');
    expect(parseDeviceReply('OK')).toBeUndefined();
  });
});
