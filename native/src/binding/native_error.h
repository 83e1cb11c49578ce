// Errors shaped like Node's system errors (code, errno, syscall, path) plus the `op` context
// chain from the shim. The JS class is handed over once by setErrorClass().
#pragma once
#include <napi.h>
#include <string>

struct NativeFailure {
  int errnum = 0;
  std::string syscall;
  std::string path;
  std::string op;
};

void SetErrorClass(Napi::Env env, Napi::Function cls);
Napi::Value MakeNativeError(Napi::Env env, const NativeFailure& f);
// Parses the shim's "ERR\t<errno>\t<syscall>\t<path>\t<op>" line.
bool ParseFailureLine(const std::string& line, NativeFailure* out);
