#include "native_error.h"

#include <cstring>
#include <sstream>

namespace {
Napi::FunctionReference* error_class = nullptr;

std::string ErrName(int errnum) {
  const char* n = errnum ? strerrorname_np(errnum) : nullptr;
  return n ? n : "EUNKNOWN";
}
}  // namespace

void SetErrorClass(Napi::Env env, Napi::Function cls) {
  if (error_class == nullptr) error_class = new Napi::FunctionReference();
  *error_class = Napi::Persistent(cls);
}

Napi::Value MakeNativeError(Napi::Env env, const NativeFailure& f) {
  std::string code = ErrName(f.errnum);
  std::string message = f.op.empty() ? code : f.op + ": " + code;
  Napi::Object props = Napi::Object::New(env);
  props.Set("code", code);
  props.Set("errno", Napi::Number::New(env, -f.errnum));
  if (!f.syscall.empty()) props.Set("syscall", f.syscall);
  if (!f.path.empty()) props.Set("path", f.path);
  props.Set("op", f.op);
  if (error_class != nullptr && !error_class->IsEmpty()) {
    return error_class->New({Napi::String::New(env, message), props});
  }
  Napi::Error err = Napi::Error::New(env, message);
  Napi::Object obj = err.Value();
  for (const char* key : {"code", "errno", "syscall", "path", "op"}) {
    if (props.Has(key)) obj.Set(key, props.Get(key));
  }
  return obj;
}

bool ParseFailureLine(const std::string& line, NativeFailure* out) {
  std::istringstream in(line);
  std::string tag, errnum;
  if (!std::getline(in, tag, '\t') || tag != "ERR") return false;
  if (!std::getline(in, errnum, '\t')) return false;
  std::getline(in, out->syscall, '\t');
  std::getline(in, out->path, '\t');
  std::getline(in, out->op);
  out->errnum = std::atoi(errnum.c_str());
  return true;
}
