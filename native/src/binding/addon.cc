// lxcbus_native: the Node-API surface (typed and documented in native/lib/addon.ts).
// startShim is a Napi::AsyncWorker behind a promise; the other calls never block.
#include <napi.h>
#include <signal.h>

#include <cerrno>

#include "native_error.h"
#include "spawn_shim.h"
#include "xattr.h"

namespace {

class StartShimWorker : public Napi::AsyncWorker {
 public:
  StartShimWorker(Napi::Env env, ShimStartRequest req)
      : Napi::AsyncWorker(env, "lxcbus.startShim"), deferred_(Napi::Promise::Deferred::New(env)), req_(std::move(req)) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    if (!SpawnShim(req_, &res_, &fail_)) SetError(fail_.op);
  }

  void OnOK() override {
    Napi::Object out = Napi::Object::New(Env());
    out.Set("shimPid", res_.shim_pid);
    out.Set("initPid", res_.init_pid);
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error&) override { deferred_.Reject(MakeNativeError(Env(), fail_)); }

 private:
  Napi::Promise::Deferred deferred_;
  ShimStartRequest req_;
  ShimStartResult res_;
  NativeFailure fail_;
};

Napi::Value StartShim(const Napi::CallbackInfo& info) {
  Napi::Object o = info[0].As<Napi::Object>();
  ShimStartRequest req;
  req.shim_path = o.Get("shimPath").As<Napi::String>();
  req.spec_path = o.Get("specPath").As<Napi::String>();
  req.run_dir = o.Get("runDir").As<Napi::String>();
  req.title = o.Get("title").As<Napi::String>();
  req.timeout_ms = o.Get("timeoutMs").As<Napi::Number>().Int32Value();
  auto* worker = new StartShimWorker(info.Env(), std::move(req));
  worker->Queue();
  return worker->Promise();
}

// kill(pid, 0): true when the process exists (EPERM also means it exists).
Napi::Value ProcessAlive(const Napi::CallbackInfo& info) {
  pid_t pid = info[0].As<Napi::Number>().Int32Value();
  bool alive = kill(pid, 0) == 0 || errno == EPERM;
  return Napi::Boolean::New(info.Env(), alive);
}

Napi::Value SignalProcess(const Napi::CallbackInfo& info) {
  pid_t pid = info[0].As<Napi::Number>().Int32Value();
  int sig = info[1].As<Napi::Number>().Int32Value();
  if (kill(pid, sig) < 0) {
    NativeFailure f{errno, "kill", "", "signal pid " + std::to_string(pid)};
    throw Napi::Error(info.Env(), MakeNativeError(info.Env(), f));
  }
  return info.Env().Undefined();
}

Napi::Value SetErrorClassFn(const Napi::CallbackInfo& info) {
  SetErrorClass(info.Env(), info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("startShim", Napi::Function::New(env, StartShim));
  exports.Set("processAlive", Napi::Function::New(env, ProcessAlive));
  exports.Set("signal", Napi::Function::New(env, SignalProcess));
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClassFn));
  exports.Set("listXattrs", Napi::Function::New(env, ListXattrs));
  exports.Set("getXattr", Napi::Function::New(env, GetXattr));
  exports.Set("setXattr", Napi::Function::New(env, SetXattr));
  exports.Set("removeXattr", Napi::Function::New(env, RemoveXattr));
  return exports;
}

}  // namespace

NODE_API_MODULE(lxcbus_native, Init)
