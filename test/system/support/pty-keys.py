# Runs a command on a 31x97 pseudo-terminal and types raw key groups into it, with a pause
# after each (no newline added: control keys such as Ctrl-a q go as they are), then
# prints a JSON object {"out": what it wrote, "exit": status or null if still running}.
# usage: pty-keys.py WAIT_FIRST_S PAUSE_S EXIT_WAIT_S 'keys1' 'keys2' ... -- cmd args...
# Keys take Python escapes: '\x01q', 'echo hi\r'. With PTY_HANGUP=1 a command still running
# after EXIT_WAIT_S gets its terminal closed (SIGHUP) before it is killed; its status is then
# negative for a signal (-1 = SIGHUP), as os.waitstatus_to_exitcode reports it.
import fcntl, json, os, pty, select, struct, sys, termios, time

sep = sys.argv.index('--')
first, pause, exit_wait = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
groups, cmd = sys.argv[4:sep], sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
# A terminal of 31 rows and 97 columns, so window-size forwarding shows.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 31, 97, 0, 0))
out = bytearray()

def pump(seconds):
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            time.sleep(0.05)
            continue
        if not data:
            return
        out.extend(data)

pump(first)
for g in groups:
    os.write(fd, g.encode().decode('unicode_escape').encode('latin1'))
    pump(pause)
status = None
deadline = time.time() + exit_wait
while time.time() < deadline:
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(st)
        break
    pump(0.1)
pump(0.2)
if status is None and os.environ.get('PTY_HANGUP') == '1':
    # Close the terminal as a closed window would: the session leader gets SIGHUP.
    os.close(fd)
    deadline = time.time() + 20
    while status is None and time.time() < deadline:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(st)
        time.sleep(0.1)
if status is None:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
print(json.dumps({'out': out.decode('latin1'), 'exit': status}))
