#include "xattr.h"

#include <sys/xattr.h>

#include <cerrno>
#include <string>
#include <vector>

#include "native_error.h"

namespace {

[[noreturn]] void Fail(Napi::Env env, const char* syscall, const std::string& path) {
  NativeFailure f{errno, syscall, path, std::string(syscall) + " " + path};
  throw Napi::Error(env, MakeNativeError(env, f));
}

// Sizes first, then the data; a value that grew in between is read again (ERANGE).
template <typename Call>
bool ReadSized(Call call, std::vector<char>* out) {
  for (int tries = 0; tries < 4; tries++) {
    ssize_t n = call(nullptr, 0);
    if (n < 0) return false;
    out->resize(static_cast<size_t>(n));
    n = call(out->data(), out->size());
    if (n >= 0) {
      out->resize(static_cast<size_t>(n));
      return true;
    }
    if (errno != ERANGE) return false;
  }
  return false;
}

}  // namespace

// listXattrs(path): string[] (names; [] where the filesystem has none or does not support them).
Napi::Value ListXattrs(const Napi::CallbackInfo& info) {
  std::string path = info[0].As<Napi::String>();
  std::vector<char> buf;
  Napi::Array names = Napi::Array::New(info.Env());
  if (!ReadSized([&](char* b, size_t n) { return llistxattr(path.c_str(), b, n); }, &buf)) {
    if (errno == ENOTSUP) return names;
    Fail(info.Env(), "llistxattr", path);
  }
  uint32_t i = 0;
  for (size_t at = 0; at < buf.size();) {
    std::string name(buf.data() + at);
    at += name.size() + 1;
    if (!name.empty()) names.Set(i++, name);
  }
  return names;
}

// getXattr(path, name): Buffer | null (null when the attribute is absent).
Napi::Value GetXattr(const Napi::CallbackInfo& info) {
  std::string path = info[0].As<Napi::String>();
  std::string name = info[1].As<Napi::String>();
  std::vector<char> buf;
  if (!ReadSized([&](char* b, size_t n) { return lgetxattr(path.c_str(), name.c_str(), b, n); }, &buf)) {
    if (errno == ENODATA || errno == ENOTSUP) return info.Env().Null();
    Fail(info.Env(), "lgetxattr", path);
  }
  return Napi::Buffer<char>::Copy(info.Env(), buf.data(), buf.size());
}

// setXattr(path, name, value: Buffer): creates or replaces.
Napi::Value SetXattr(const Napi::CallbackInfo& info) {
  std::string path = info[0].As<Napi::String>();
  std::string name = info[1].As<Napi::String>();
  Napi::Buffer<char> value = info[2].As<Napi::Buffer<char>>();
  if (lsetxattr(path.c_str(), name.c_str(), value.Data(), value.Length(), 0) < 0) Fail(info.Env(), "lsetxattr", path);
  return info.Env().Undefined();
}

// removeXattr(path, name): an absent attribute is not an error.
Napi::Value RemoveXattr(const Napi::CallbackInfo& info) {
  std::string path = info[0].As<Napi::String>();
  std::string name = info[1].As<Napi::String>();
  if (lremovexattr(path.c_str(), name.c_str()) < 0 && errno != ENODATA) Fail(info.Env(), "lremovexattr", path);
  return info.Env().Undefined();
}
