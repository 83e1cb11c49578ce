#include "spawn_shim.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>

extern char** environ;

namespace {
constexpr int kReadyFd = 3;

bool Fail(NativeFailure* f, int errnum, const char* syscall, const std::string& path, const std::string& op) {
  f->errnum = errnum;
  f->syscall = syscall;
  f->path = path;
  f->op = op;
  return false;
}

long NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

// The shim starts with default signal handling and an empty mask whatever Node's threads use,
// and with only stdio (/dev/null) and the readiness pipe open.
int Spawn(const ShimStartRequest& req, int ready_wr, pid_t* pid) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, ready_wr, kReadyFd);
  posix_spawn_file_actions_addclosefrom_np(&fa, kReadyFd + 1);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSID);
  std::string fd = std::to_string(kReadyFd);
  char* argv[] = {const_cast<char*>(req.title.c_str()), const_cast<char*>(req.spec_path.c_str()),
                  const_cast<char*>(req.run_dir.c_str()), const_cast<char*>(fd.c_str()), nullptr};
  int rc = posix_spawn(pid, req.shim_path.c_str(), &fa, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  return rc;
}

// Reads the one readiness line; EOF without a line means the shim died early.
bool ReadReady(int fd, int timeout_ms, std::string* line, NativeFailure* fail) {
  long deadline = NowMs() + timeout_ms;
  char buf[4096];
  for (;;) {
    long left = deadline - NowMs();
    if (left <= 0) return Fail(fail, ETIMEDOUT, "read", "", "start shim: wait for readiness");
    pollfd p{fd, POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(fail, errno, "poll", "", "start shim: wait for readiness");
    if (n == 0) continue;
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return Fail(fail, errno, "read", "", "start shim: wait for readiness");
    if (r == 0) return true;
    line->append(buf, static_cast<size_t>(r));
  }
}
}  // namespace

bool SpawnShim(const ShimStartRequest& req, ShimStartResult* res, NativeFailure* fail) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return Fail(fail, errno, "pipe2", "", "start shim");
  pid_t pid = 0;
  int rc = Spawn(req, p[1], &pid);
  close(p[1]);
  if (rc != 0) {
    close(p[0]);
    return Fail(fail, rc, "posix_spawn", req.shim_path, "start shim: posix_spawn `" + req.shim_path + "`");
  }
  std::string line;
  bool ok = ReadReady(p[0], req.timeout_ms, &line, fail);
  close(p[0]);
  // The spawned process forks the daemon and exits at once; reap it here, not in libuv.
  waitpid(pid, nullptr, 0);
  if (!ok) return false;
  if (line.rfind("OK\t", 0) == 0) {
    char* end = nullptr;
    res->shim_pid = static_cast<pid_t>(std::strtol(line.c_str() + 3, &end, 10));
    res->init_pid = static_cast<pid_t>(std::strtol(end, nullptr, 10));
    return true;
  }
  if (ParseFailureLine(line, fail)) {
    fail->op = "start container: " + fail->op;
    return false;
  }
  return Fail(fail, EPROTO, "read", req.shim_path, "start shim: shim exited without reporting readiness");
}
