import { NotFoundError, UnsupportedError, AlreadyExistsError, NativeError } from '@lxcbus/contracts';
import { deviceError, failedStep } from './device.service';

const req = { name: 'c1', action: 'add' as const, device: '/dev/loop5' };
const shimError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('lxc-device errors from the shim', () => {
  it('turns errnos into domain errors', () => {
    expect(deviceError(shimError('ENOENT', 'device: stat `/dev/x`: ENOENT'), req)).toBeInstanceOf(NotFoundError);
    expect(deviceError(shimError('EEXIST', 'device: x: EEXIST'), req)).toBeInstanceOf(AlreadyExistsError);
    expect(deviceError(shimError('EOPNOTSUPP', 'device: x: EOPNOTSUPP'), req)).toBeInstanceOf(UnsupportedError);
    expect(deviceError(shimError('EIO', 'device: x: EIO'), req)).toBeInstanceOf(NativeError);
  });

  it('keeps the failing syscall and path for the CLI', () => {
    const msg = 'device: make node /dev/net/tun in the container: mkdir `/dev/net`: EOVERFLOW';
    expect(failedStep(msg)).toEqual({ syscall: 'mkdir', path: '/dev/net' });
    expect(deviceError(shimError('EOVERFLOW', msg), req).details).toMatchObject({ errno: 'EOVERFLOW', syscall: 'mkdir', path: '/dev/net' });
    expect(failedStep('device: usage: EINVAL')).toBeUndefined();
  });
});
