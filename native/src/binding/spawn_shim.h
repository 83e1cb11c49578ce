// Starting a shim: posix_spawn with a clean fd set, then wait on the readiness pipe.
#pragma once
#include <sys/types.h>

#include <string>

#include "native_error.h"

struct ShimStartRequest {
  std::string shim_path;
  std::string spec_path;
  std::string run_dir;
  std::string title;
  int timeout_ms = 60000;
};

struct ShimStartResult {
  pid_t shim_pid = 0;
  pid_t init_pid = 0;
};

// Blocking; runs on a worker thread. Returns false with *fail filled on error.
bool SpawnShim(const ShimStartRequest& req, ShimStartResult* res, NativeFailure* fail);
