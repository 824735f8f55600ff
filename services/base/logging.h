#pragma once

// Process-wide logging on spdlog.
//
// Usage:
//   grove::init_logging("grove-content", "info");        // once, in main()
//   GROVE_LOG_INFO("opened store at {} ({} docs)", path, n);
//
// The logger is thread-safe. Before init_logging, messages go to spdlog's default stderr logger.

#include <spdlog/spdlog.h>

#include <string_view>

namespace grove {

// Sets the process name shown in every line and the minimum level ("trace", "debug", "info",
// "warn", "error", "off"). An unknown level name falls back to "info".
void init_logging(std::string_view process_name, std::string_view level);

}  // namespace grove

#define GROVE_LOG_TRACE(...) ::spdlog::trace(__VA_ARGS__)
#define GROVE_LOG_DEBUG(...) ::spdlog::debug(__VA_ARGS__)
#define GROVE_LOG_INFO(...) ::spdlog::info(__VA_ARGS__)
#define GROVE_LOG_WARN(...) ::spdlog::warn(__VA_ARGS__)
#define GROVE_LOG_ERROR(...) ::spdlog::error(__VA_ARGS__)
