# Runs a command on a raw pseudo-terminal and reports what came out of it, for binary
# streams: prints "<bytes> <sha256>" of everything read, then "EXIT <status>".
# usage: pty-binary.py cmd args...
import hashlib, os, pty, select, sys, time, tty

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
tty.setraw(fd)
out = bytearray()
deadline = time.time() + 120
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if not r:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status, pid = st, -done  # reaped here: keep its status, not a made-up 0
            break
        continue
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out.extend(data)
if pid > 0:
    _, status = os.waitpid(pid, 0)
sys.stderr.write(repr(bytes(out[:300])) + "\n")
print(len(out), hashlib.sha256(bytes(out)).hexdigest())
print('EXIT %d' % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)))
