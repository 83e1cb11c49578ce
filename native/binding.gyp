{
  "targets": [
    {
      "target_name": "lxcbus_native",
      "sources": ["src/binding/addon.cc", "src/binding/spawn_shim.cc", "src/binding/native_error.cc", "src/binding/xattr.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-fvisibility=hidden", "-fexceptions"]
    }
  ]
}
