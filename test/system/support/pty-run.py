# Runs a command on a pseudo-terminal (as a person at a terminal would), feeds it
# lines with pauses, and prints everything it wrote, then "EXIT <status>".
# usage: pty-run.py ROWS COLS 'line1' 'line2' ... -- cmd args...
# A line `@size R C` is not typed: the terminal is resized to R rows, C columns instead.
import fcntl, os, pty, select, struct, sys, termios, time

sep = sys.argv.index('--')
rows, cols = int(sys.argv[1]), int(sys.argv[2])
lines, cmd = sys.argv[3:sep], sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
out = bytearray()

def pump(seconds):
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            out.extend(data)
    return True

pump(1.0)
for line in lines:
    if line.startswith('@size '):
        r, c = line.split()[1:]
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', int(r), int(c), 0, 0))
    else:
        os.write(fd, line.encode() + b'\n')
    pump(0.7)
deadline = time.time() + 10
while time.time() < deadline and pump(0.2):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
sys.stdout.write('\nEXIT %d\n' % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)))
