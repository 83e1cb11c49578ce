import { deviceMessage, unmappedNodeMessage } from './device-messages';

// Captured from real lxc-device 5.0.2 (a running busybox container ru1 with lxc.idmap u/g 0 100000 65536).
const MKNOD = `lxc-device: ru1: ../src/lxc/lxccontainer.c: do_add_remove_node: 4622 Value too large for defined data type - Failed to create device node at "/dev/loop5"
lxc-device: ru1: ../src/lxc/lxccontainer.c: do_add_remove_node: 4572 Failed to create device node
lxc-device: ru1: ../src/lxc/tools/lxc_device.c: main: 151 Failed to add /dev/loop5 to ru1
`;
const MKDIR = `lxc-device: ru1: ../src/lxc/utils.c: mkdir_p: 236 Value too large for defined data type - Failed to create directory "/dev/net"
lxc-device: ru1: ../src/lxc/lxccontainer.c: do_add_remove_node: 4613 Value too large for defined data type - Failed to create path "/dev/net"
lxc-device: ru1: ../src/lxc/lxccontainer.c: do_add_remove_node: 4572 Failed to create device node
lxc-device: ru1: ../src/lxc/tools/lxc_device.c: main: 151 Failed to add /dev/net/tun to ru1
`;

describe('lxc-device messages', () => {
  it('prints lxc_device.c lines', () => {
    expect(deviceMessage('notRunning', 'rd1')).toBe('lxc-device: rd1: ../src/lxc/tools/lxc_device.c: main: 128 Container rd1 is not running\n');
    expect(deviceMessage('delFailed', 'rd1', '/dev/x')).toBe('lxc-device: rd1: ../src/lxc/tools/lxc_device.c: main: 160 Failed to del /dev/x from rd1\n');
  });

  it('prints liblxc lines for nodes an unprivileged container cannot get', () => {
    expect(unmappedNodeMessage('ru1', '/dev/loop5', { syscall: 'mknod', path: '/dev/loop5' })).toBe(MKNOD);
    expect(unmappedNodeMessage('ru1', '/dev/net/tun', { syscall: 'mkdir', path: '/dev/net' })).toBe(MKDIR);
  });
});
