// A /document/v1 request before any node sees it: URL parameters (timeout forms, create,
// wantedDocumentCount, continuation), the document JSON checked against the type, and how
// outcomes and failures map to HTTP statuses and Vespa's response bodies.

#include "container/document/document_request.h"

#include <boost/test/unit_test.hpp>

#include "container/query/request_timeout.h"
#include "services/document/document_serializer.h"

namespace grove::container {

namespace {

using namespace std::chrono_literals;
using document::ValueType;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

http::HttpRequest request_for(std::string target,
                              std::vector<std::pair<std::string, std::string>> query = {}) {
  http::HttpRequest r;
  r.method = "GET";
  r.target = std::move(target);
  r.query = std::move(query);
  return r;
}

const document::DocumentType& music() {
  static const document::DocumentType type =
      document::DocumentType::make(
          "music",
          {{"title", {ValueType::kString, ValueType::kSingle}, document::stable_field_id("title")},
           {"year", {ValueType::kInt, ValueType::kSingle}, document::stable_field_id("year")}})
          .value();
  return type;
}

distribution::DocumentId id() {
  return distribution::DocumentId::parse("id:music:music::a").value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_request)

BOOST_AUTO_TEST_CASE(timeout_accepts_seconds_milliseconds_and_bare_seconds) {
  BOOST_TEST(query::parse_timeout("5s").value() == Duration(5s));
  BOOST_TEST(query::parse_timeout("500ms").value() == Duration(500ms));
  BOOST_TEST(query::parse_timeout("2.5").value() == Duration(2500ms));
  BOOST_TEST(query::parse_timeout("1m").value() == Duration(60s));
  for (const char* bad : {"soon", "-1s", "", "5 parsecs"}) {
    auto t = query::parse_timeout(bad);
    BOOST_TEST(!t.ok(), bad);
    BOOST_TEST(contains(t.status().message(), "Invalid 'timeout' value"), t.status().message());
  }
}

BOOST_AUTO_TEST_CASE(parameters_are_read_from_the_url_and_unknown_ones_ignored) {
  auto r = parse_document_request(request_for("/document/v1/music/music/docid/a?timeout=250ms",
                                              {{"timeout", "250ms"},
                                               {"condition", "music.year > 2000"},
                                               {"create", "true"},
                                               {"route", "default"},
                                               {"tracelevel", "3"}}));
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->timeout.value() == Duration(250ms));
  BOOST_TEST(*r->condition == "music.year > 2000");
  BOOST_TEST(*r->create);
  BOOST_TEST(r->path.document_id->str() == "id:music:music::a");
}

BOOST_AUTO_TEST_CASE(the_path_comes_from_the_raw_target_so_an_encoded_slash_stays_in_the_id) {
  auto r = parse_document_request(request_for("/document/v1/music/music/docid/a%2Fb?x=1"));
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->path.document_id->str() == "id:music:music::a/b");
  BOOST_TEST(r->path.raw == "/document/v1/music/music/docid/a%2Fb");
}

BOOST_AUTO_TEST_CASE(visit_parameters_are_checked) {
  std::string token = encode_continuation({1, 77, {}});
  auto r = parse_document_request(
      request_for("/document/v1/music/music/docid", {{"wantedDocumentCount", "3"},
                                                     {"continuation", token},
                                                     {"selection", "music.year > 2000"},
                                                     {"cluster", "music"}}));
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->wanted_documents == 3u);
  BOOST_TEST(r->continuation.node == 1);
  BOOST_TEST(r->continuation.after_bucket == 77);
  BOOST_TEST(*r->cluster == "music");
  auto big = parse_document_request(
      request_for("/document/v1/music/music/docid", {{"wantedDocumentCount", "1000000"}}));
  BOOST_TEST(big->wanted_documents == kMaxWantedDocuments);
  for (auto bad : std::vector<std::pair<std::string, std::string>>{{"wantedDocumentCount", "0"},
                                                                   {"wantedDocumentCount", "many"},
                                                                   {"continuation", "junk!"},
                                                                   {"create", "yes"}}) {
    auto p = parse_document_request(request_for("/document/v1/music/music/docid", {bad}));
    BOOST_TEST(!p.ok(), bad.first);
    BOOST_TEST(p.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(http_status_of(p.status()) == 400);
  }
}

BOOST_AUTO_TEST_CASE(put_body_becomes_the_binary_document) {
  auto body = parse_document_body(DocumentOp::kPut, music(), id(),
                                  R"({"fields": {"title": "Yellow", "year": 2000}})");
  BOOST_REQUIRE(body.ok());
  auto doc = document::deserialize(music(), body->document);
  BOOST_REQUIRE(doc.ok());
  BOOST_TEST(doc->get("title")->as_string() == "Yellow");
  BOOST_TEST(doc->get("year")->as_int() == 2000);
  BOOST_TEST(!body->condition.has_value());
}

BOOST_AUTO_TEST_CASE(update_body_is_checked_and_forwarded_compact_with_condition_and_create) {
  auto body = parse_document_body(DocumentOp::kUpdate, music(), id(),
                                  R"({"condition": "music.year==1", "create": true,
                                      "fields": { "year" : { "increment" : 1 } }})");
  BOOST_REQUIRE(body.ok());
  BOOST_TEST(body->update_json == R"({"fields":{"year":{"increment":1}}})");
  BOOST_TEST(*body->condition == "music.year==1");
  BOOST_TEST(*body->create);
}

BOOST_AUTO_TEST_CASE(bad_bodies_are_invalid_argument_with_a_message_naming_the_problem) {
  struct Case {
    DocumentOp op;
    const char* body;
    const char* message;
  };
  for (const Case& c :
       {Case{DocumentOp::kPut, R"({"fields": {"title": "x",)", "malformed JSON at byte"},
        Case{DocumentOp::kPut, R"({"fields": {"colour": "red"}})", "unknown field 'colour'"},
        Case{DocumentOp::kPut, R"({"fields": {"year": "abc"}})",
             "field 'year' is int but got string"},
        Case{DocumentOp::kPut, R"({"feilds": {}})", "unknown key 'feilds'"},
        Case{DocumentOp::kPut, R"({"condition": "x"})", "no 'fields' object"},
        Case{DocumentOp::kPut, R"([1, 2])", "must be an object"},
        Case{DocumentOp::kUpdate, R"({"fields": {"title": {"increment": 1}}})", "increment"},
        Case{DocumentOp::kUpdate, R"({"fields": {"year": 5}})", "year"}}) {
    auto body = parse_document_body(c.op, music(), id(), c.body);
    BOOST_REQUIRE_MESSAGE(!body.ok(), c.body);
    BOOST_TEST(body.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(contains(body.status().message(), c.message),
               c.body << " -> " << body.status().message());
  }
}

BOOST_AUTO_TEST_CASE(failures_map_to_http_statuses_that_tell_the_client_what_to_do) {
  BOOST_TEST(http_status_of(Status::InvalidArgument("x")) == 400);
  BOOST_TEST(http_status_of(Status::NotFound("x")) == 404);
  BOOST_TEST(http_status_of(Status::ResourceExhausted("x")) == 429);
  BOOST_TEST(http_status_of(Status::Internal("x")) == 500);
  BOOST_TEST(http_status_of(Status::Corruption("x")) == 500);
  BOOST_TEST(http_status_of(Status::Unavailable("x")) == 503);
  BOOST_TEST(http_status_of(Status::DeadlineExceeded("x")) == 504);
}

BOOST_AUTO_TEST_CASE(outcomes_map_as_vespa_answers_them) {
  BOOST_TEST(http_status_of(protocol::FeedOutcome::kOk, false) == 200);
  BOOST_TEST(http_status_of(protocol::FeedOutcome::kConditionNotMet, true) == 412);
  BOOST_TEST(http_status_of(protocol::FeedOutcome::kNotFound, false) == 200);  // update without create
  BOOST_TEST(http_status_of(protocol::FeedOutcome::kNotFound, true) == 412);   // a condition on nothing
  BOOST_TEST(http_status_of(protocol::FeedOutcome::kFeedBlocked, false) == 507);
}

BOOST_AUTO_TEST_CASE(responses_have_vespas_shape) {
  auto ok = DocumentResponse{200, "/document/v1/music/music/docid/a", "id:music:music::a", {}, {}}
                .to_http();
  BOOST_TEST(ok.body ==
             R"({"pathId":"/document/v1/music/music/docid/a","id":"id:music:music::a"})");
  auto get = DocumentResponse{200, "/p", "id:music:music::a", {}, R"({"year":1})"}.to_http();
  BOOST_TEST(get.body == R"({"pathId":"/p","id":"id:music:music::a","fields":{"year":1}})");
  auto error = DocumentResponse{412, "/p", "id:music:music::a", "condition not met", {}}.to_http();
  BOOST_TEST(error.status == 412);
  BOOST_TEST(error.body ==
             R"({"pathId":"/p","id":"id:music:music::a","message":"condition not met"})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::container
