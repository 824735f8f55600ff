#include "container/query/query_request.h"

#include "container/query/simple_query_parser.h"
#include "container/query/yql_parser.h"
#include "services/text/utf8.h"

namespace grove::query {

namespace {

std::optional<std::string> sanitized(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::string clean;
  clean.reserve(text->size());
  text::append_sanitized_utf8(*text, clean);
  return clean;
}

bool blank(const std::optional<std::string>& text) {
  return !text || text->find_first_not_of(" \t\r\n\f") == std::string::npos;
}

}  // namespace

Result<Query> parse_query_request(const QueryParameters& params) {
  SimpleQueryOptions options;
  options.default_index = params.default_index;
  options.known_fields = params.known_fields;
  if (!params.type.empty()) {
    GROVE_ASSIGN_OR_RETURN(options.type, parse_query_type(params.type));
  }
  const std::optional<std::string> query = sanitized(params.query);
  if (!blank(params.yql)) {
    YqlContext context;
    context.user_query = query;
    context.user_query_options = options;
    context.parameters = &params.parameters;
    return parse_yql(*sanitized(params.yql), context);
  }
  if (blank(query)) return Status::NotFound("No query: the query is empty");
  Query out;
  GROVE_ASSIGN_OR_RETURN(out.root, parse_simple_query(*query, options));
  return out;
}

}  // namespace grove::query
