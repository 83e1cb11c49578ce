# Runs a command with only some of its standard fds on a pseudo-terminal (24x77), the others
# /dev/null (stdin) or pipes (stdout, stderr); prints JSON: what came out of the terminal,
# of each pipe, and the exit status.
# usage: pty-fds.py FDS cmd args...   FDS: a subset of "012", the fds that are the terminal
import fcntl, json, os, pty, select, struct, subprocess, sys, termios

fds, cmd = sys.argv[1], sys.argv[2:]
master, slave = pty.openpty()
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 77, 0, 0))

def session():
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

p = subprocess.Popen(cmd, preexec_fn=session,
                     stdin=slave if '0' in fds else subprocess.DEVNULL,
                     stdout=slave if '1' in fds else subprocess.PIPE,
                     stderr=slave if '2' in fds else subprocess.PIPE)
os.close(slave)
tty = bytearray()
while True:
    r, _, _ = select.select([master], [], [], 0.2)
    if r:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        tty.extend(data)
    elif p.poll() is not None:
        break
out, err = p.communicate(timeout=60)
print(json.dumps({'tty': tty.decode(errors='replace'), 'stdout': (out or b'').decode(errors='replace'),
                  'stderr': (err or b'').decode(errors='replace'), 'code': p.returncode}))
