// grove: the command-line tool.
//
//   grove validate APP_DIR
//   grove ideal-state APP_DIR [--cluster NAME] [--cluster-state STATE] [--json]
//                             (--doc ID | --bucket HEX)...
//   grove up APP_DIR [--data DIR] [--base-port N] | grove down [--data DIR] | grove status
//   grove deploy APP_DIR [--configserver HOST:PORT]
//
//   grove feed [--endpoint URL] [FILE...]
//   grove query [--endpoint URL] [--raw] QUERY [name=value...]
//   grove visit [--endpoint URL] [--cluster C] [--type NS:TYPE] [--selection S]
//

#include <fmt/format.h>

#include <cstdio>
#include <string_view>

#include "container/cli/cluster_commands.h"
#include "container/cli/ideal_state_command.h"
#include "container/cli/query_command.h"
#include "container/cli/validate_command.h"
#include "container/cli/visit_command.h"
#include "container/feed/feed_command.h"

namespace {

constexpr const char* kHelp =
    "grove: the Grove command-line tool\n"
    "\n"
    "commands:\n"
    "  validate APP_DIR            check an application package; print every error and warning\n"
    "  ideal-state APP_DIR ...     where documents or buckets are placed (run with no args for "
    "usage)\n"
    "  up APP_DIR [--data DIR]     start the package's processes on this host\n"
    "  down [--data DIR]           stop them\n"
    "  status [--data DIR]         generation, cluster state, every node's state and documents\n"
    "  deploy APP_DIR [--configserver HOST:PORT]\n"
    "                              send a changed package to the running cluster\n"
    "  feed [FILE...] ...          send a JSON feed to /document/v1 (feed --help for usage)\n"
    "  query QUERY [name=value...] run a query on /search/ and print the hits (query --help)\n"
    "  visit [--type NS:TYPE] ...  export every document as a JSONL feed (visit --help)\n"
    "  help                        this text\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  std::string_view command = argv[1];
  if (command == "validate") return grove::cli::run_validate(argc - 2, argv + 2, stdout, stderr);
  if (command == "ideal-state") {
    return grove::cli::run_ideal_state(argc - 2, argv + 2, stdout, stderr);
  }
  if (command == "up") return grove::cli::run_up(argc - 2, argv + 2, stdout, stderr);
  if (command == "down") return grove::cli::run_down(argc - 2, argv + 2, stdout, stderr);
  if (command == "status") return grove::cli::run_status(argc - 2, argv + 2, stdout, stderr);
  if (command == "deploy") return grove::cli::run_deploy(argc - 2, argv + 2, stdout, stderr);
  if (command == "feed") return grove::feed::run_feed(argc - 2, argv + 2, stdout, stderr);
  if (command == "query") return grove::cli::run_query(argc - 2, argv + 2, stdout, stderr);
  if (command == "visit") return grove::cli::run_visit(argc - 2, argv + 2, stdout, stderr);
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  fmt::print(stderr, "grove: unknown command '{}'\n\n{}", command, kHelp);
  return 2;
}
