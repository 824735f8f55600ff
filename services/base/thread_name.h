#pragma once

// set_thread_name(): names the calling thread (as `top -H`, `ps -L` and profilers show it), so
// an operator can tell a node's writer from its committer or its network threads. Linux keeps
// at most 15 bytes; a longer name is cut.
//
//   std::thread([this] { set_thread_name("grove-writer"); loop(); });

#include <pthread.h>

#include <string>
#include <string_view>

namespace grove {

inline void set_thread_name(std::string_view name) {
  const std::string cut(name.substr(0, 15));
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace grove
