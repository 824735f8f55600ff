#include "content/node/node_options.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

namespace grove::content {

BOOST_AUTO_TEST_SUITE(node_options)

BOOST_AUTO_TEST_CASE(nodes_are_read_as_key_host_port_entries) {
  auto nodes = parse_node_endpoints("0=127.0.0.1:19100,3=node-3.example:19106");
  BOOST_REQUIRE_MESSAGE(nodes.ok(), nodes.status().to_string());
  BOOST_TEST(nodes->size() == 2u);
  BOOST_TEST((nodes->at(0) == NodeEndpoint{"127.0.0.1", 19100}));
  BOOST_TEST((nodes->at(3) == NodeEndpoint{"node-3.example", 19106}));
}

BOOST_AUTO_TEST_CASE(malformed_or_repeated_entries_are_named) {
  auto no_port = parse_node_endpoints("0=127.0.0.1:1,1=127.0.0.1");
  BOOST_TEST(no_port.status().message().find("entry '1=127.0.0.1' has no HOST:PORT") != std::string::npos,
             no_port.status().message());
  auto no_key = parse_node_endpoints("x=127.0.0.1:1");
  BOOST_TEST(no_key.status().code() == StatusCode::kInvalidArgument);
  auto bad_port = parse_node_endpoints("0=h:0");
  BOOST_TEST(bad_port.status().message().find("no port in 1..65535") != std::string::npos);
  auto twice = parse_node_endpoints("0=h:1,0=h:2");
  BOOST_TEST(twice.status().message().find("key 0 is given twice") != std::string::npos);
  BOOST_TEST(!parse_node_endpoints("").ok());
  BOOST_TEST(!parse_node_endpoints("0=h:1,").ok());
}

BOOST_AUTO_TEST_CASE(the_config_file_takes_nodes_and_the_feed_cap) {
  std::string path = (std::filesystem::temp_directory_path() / "grove-node-options-test.json").string();
  std::ofstream(path) << R"({"application": "/app", "nodes": "0=a:1,1=b:2", "max_feed_operations": 64})";
  auto options = NodeOptions::from_file(path);
  std::filesystem::remove(path);
  BOOST_REQUIRE_MESSAGE(options.ok(), options.status().to_string());
  BOOST_TEST(options->nodes.size() == 2u);
  BOOST_TEST(options->max_feed_operations == 64u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace grove::content
