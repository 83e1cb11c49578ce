// Extended attributes of one path, not following symlinks (l*xattr). The executor needs them to
// copy an overlay's merged view without mounting it: overlayfs keeps its own state in
// trusted.overlay.* (opaque directories, redirects, metacopy) which Node cannot read.
#pragma once
#include <napi.h>

Napi::Value ListXattrs(const Napi::CallbackInfo& info);
Napi::Value GetXattr(const Napi::CallbackInfo& info);
Napi::Value SetXattr(const Napi::CallbackInfo& info);
Napi::Value RemoveXattr(const Napi::CallbackInfo& info);
