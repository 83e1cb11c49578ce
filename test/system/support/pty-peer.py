# A host terminal for `lxc-start -c`: opens a pty, runs the command with `{}` replaced by the
# slave's path, reads what reaches the master, types a line, and prints JSON: the command's
# status, whether the slave was put in raw mode meanwhile, everything read, and whether the
# slave's settings were restored once the container stopped (it waits for the slave to go quiet).
# usage: pty-peer.py LINE -- cmd args... ({} = the terminal)
import json, os, pty, select, subprocess, sys, termios, time

sep = sys.argv.index('--')
line, cmd = sys.argv[1], sys.argv[sep + 1:]
m, s = pty.openpty()
name = os.ttyname(s)
before = termios.tcgetattr(s)
r = subprocess.run([a.replace('{}', name) for a in cmd], capture_output=True, text=True)
out = b''

def pump(seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        if select.select([m], [], [], 0.05)[0]:
            try:
                out += os.read(m, 4096)
            except OSError:
                return

pump(1.5)
raw = termios.tcgetattr(s)[3] & termios.ICANON == 0
os.write(m, line.encode() + b'\r')
pump(4)
print(json.dumps({'rc': r.returncode, 'raw': raw, 'out': out.decode(errors='replace'), 'restored': termios.tcgetattr(s) == before}))
