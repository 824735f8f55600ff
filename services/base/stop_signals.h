#pragma once

// StopSignals: how a Grove server waits for SIGTERM or SIGINT. Construct it first in main(),
// before any thread starts: it blocks both signals in the calling thread, and every thread
// started afterwards inherits the mask, so the signals are only ever taken by wait(), on the
// main thread, which then runs the server's shutdown order in plain code.
//
// Usage:
//   grove::StopSignals stop;          // first line of main()
//   ... start threads and servers ...
//   int signal = stop.wait();         // blocks until SIGTERM or SIGINT
//
// Confined to the main thread.

#include <signal.h>

namespace grove {

class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  // Returns the signal that arrived.
  int wait() const {
    int received = 0;
    sigwait(&set_, &received);
    return received;
  }

 private:
  sigset_t set_;
};

}  // namespace grove
