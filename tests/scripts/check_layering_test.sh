#!/usr/bin/env bash
# tests/scripts/check_layering_test.sh SCRIPT: scripts/check-layering on a small fake tree.
#
# The clean tree must pass; then each planted violation (an upward include, a content ->
# container include, an include of an undeclared dependency, a public header including a
# PRIVATE dependency, an upward link, an upward include in a header-only library, a test's
# include of a package it does not link, a wire include in container/) must be reported at
# its file and line, while the container's include of the Thrift client (services/rpc) and a
# test's include of a helper in tests/ are not; an allow-listed include must be silenced, and
# a stale allow-list entry must fail the check.
set -euo pipefail
script=${1:?usage: check_layering_test.sh path/to/check-layering}
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
failures=0

put() {  # put FILE LINE...: write FILE in the fake tree
  local f=$tree/$1
  shift
  mkdir -p "$(dirname "$f")"
  printf '%s\n' "$@" >"$f"
}

run() {  # run: the script on the fake tree; sets out and rc
  set +e
  out=$("$script" --root "$tree" 2>&1)
  rc=$?
  set -e
}

expect_rc() {
  if [ "$rc" != "$1" ]; then
    echo "FAIL: $2: exit $rc, expected $1"; echo "$out"; failures=$((failures + 1))
  fi
}

expect_line() {  # expect_line TEXT: some output line contains TEXT
  if ! grep -qF -- "$1" <<<"$out"; then
    echo "FAIL: not reported: $1"; echo "--- output:"; echo "$out"; failures=$((failures + 1))
  fi
}

expect_no_line() {
  if grep -qF -- "$1" <<<"$out"; then
    echo "FAIL: reported but should not be: $1"; failures=$((failures + 1))
  fi
}

# --- A clean tree: services <- config-model <- content, container <- cli. ---
put services/base/CMakeLists.txt 'grove_add_library(grove_base SOURCES status.cpp DEPS fmt::fmt)'
put services/base/status.h '#pragma once' '#include <fmt/format.h>'
put services/base/status.cpp '#include "services/base/status.h"'
put services/idl/CMakeLists.txt 'grove_add_library(grove_idl SOURCES wire.cpp DEPS grove_base)'
put services/idl/wire.h '#pragma once' '#include "services/base/status.h"'
put services/idl/wire.cpp '#include "services/idl/wire.h"'
# A header-only protocol library and the Thrift client over it, which the container may use.
put services/protocol/CMakeLists.txt 'add_library(grove_protocol INTERFACE)' \
  'target_link_libraries(grove_protocol INTERFACE grove_base)'
put services/protocol/service.h '#pragma once' '#include "services/base/status.h"'
put services/rpc/CMakeLists.txt \
  'grove_add_library(grove_rpc SOURCES client.cpp DEPS grove_protocol PRIVATE_DEPS grove_idl)'
put services/rpc/client.h '#pragma once' '#include "services/protocol/service.h"'
put services/rpc/client.cpp '#include "services/rpc/client.h"' '#include "services/idl/wire.h"'
put config-model/model/CMakeLists.txt \
  'grove_add_library(grove_model' '  SOURCES model.cpp' '  PRIVATE_DEPS grove_base)'
put config-model/model/model.h '#pragma once' '#include <string>'
put config-model/model/model.cpp '#include "config-model/model/model.h"' \
  '#include "services/base/status.h"'
put content/store/CMakeLists.txt 'grove_add_library(grove_store SOURCES store.cpp DEPS grove_base)'
put content/store/store.h '#pragma once' '#include "services/base/status.h"'
put content/store/store.cpp '#include "content/store/store.h"'
put container/query/CMakeLists.txt \
  'grove_add_library(grove_query SOURCES query.cpp DEPS grove_base grove_idl grove_rpc)'
put container/query/query.h '#pragma once' '#include "services/base/status.h"'
put container/query/query.cpp '#include "container/query/query.h"' '#include "services/rpc/client.h"'
put container/cli/CMakeLists.txt \
  'grove_add_executable(grove SOURCES main.cpp DEPS grove_query grove_model grove_store)'
put container/cli/main.cpp '#include "container/query/query.h"' \
  '#include "config-model/model/model.h"' '#include "content/store/store.h"'
# A unit test and a helper header of tests/ that no library owns.
put tests/unit/CMakeLists.txt \
  'grove_add_test(store_test SOURCES content/store/store_test.cpp DEPS grove_store)'
put tests/unit/helper.h '#pragma once'
put tests/unit/content/store/store_test.cpp '#include "content/store/store.h"' \
  '#include "tests/unit/helper.h"' '#include <fmt/format.h>'

run
expect_rc 0 "clean tree"
expect_line "check-layering: ok"

# --- Planted violations. ---
# 1. Upward: services includes content.
put services/base/status.cpp '#include "services/base/status.h"' '#include "content/store/store.h"'
# 2. content includes container.
put content/store/store.cpp '#include "content/store/store.h"' '#include "container/query/query.h"'
# 3. Undeclared: grove_query does not depend on grove_model (layering itself is fine).
put container/query/query.cpp '#include "container/query/query.h"' \
  '#include "config-model/model/model.h"'
# 4. A public header (main.cpp includes it) includes its library's PRIVATE dependency.
put config-model/model/model.h '#pragma once' '#include <string>' '#include "services/base/status.h"'
# 5. An upward link: a content library links the container's.
put content/store/CMakeLists.txt \
  'grove_add_library(grove_store' '  SOURCES store.cpp' '  DEPS grove_base' '    grove_query)'
# 6. Upward from a header-only library: the protocol includes the model.
put services/protocol/service.h '#pragma once' '#include "services/base/status.h"' \
  '#include "config-model/model/model.h"'
# 7. A test includes a third-party header it does not link (it would be compiled without that
#    package's definitions).
put tests/unit/content/store/store_test.cpp '#include "content/store/store.h"' \
  '#include "tests/unit/helper.h"' '#include <simdjson.h>'
# 8. Wire types in the container, one allow-listed and one not; and a stale allow-list entry.
put container/query/query.h '#pragma once' '#include "services/base/status.h"' \
  '#include "services/idl/wire.h"'
put container/query/extra.h '#pragma once' '#include "services/idl/wire.h"'
put scripts/layering-exceptions.txt '# known' \
  'container/query/extra.h -> services/idl/wire.h  # being fixed' \
  'container/query/gone.h -> services/idl/wire.h   # already fixed'

run
expect_rc 1 "planted violations"
expect_line 'services/base/status.cpp:2: include "content/store/store.h" crosses DESIGN §10 dependencies point down (services must not use content)'
expect_line 'services/base/status.cpp:2: include "content/store/store.h" crosses declared dependencies (grove_base does not depend on grove_store'
expect_line 'content/store/store.cpp:2: include "container/query/query.h" crosses DESIGN §10 content and container never use each other'
expect_line 'container/query/query.cpp:2: include "config-model/model/model.h" crosses declared dependencies (grove_query does not depend on grove_model'
expect_line 'config-model/model/model.h:3: include "services/base/status.h" (a public header of grove_model, which links it PRIVATE) crosses declared dependencies (grove_base must be a PUBLIC dependency of grove_model)'
expect_line 'content/store/CMakeLists.txt:4: link grove_store -> grove_query crosses DESIGN §10 content and container never use each other'
expect_line 'container/query/query.h:3: include "services/idl/wire.h" crosses DESIGN §10 wire types stay at the edge'
expect_line 'services/protocol/service.h:3: include "config-model/model/model.h" crosses DESIGN §10 dependencies point down (services must not use config-model)'
expect_line 'tests/unit/content/store/store_test.cpp:3: include "simdjson.h" crosses declared dependencies (store_test does not depend on simdjson::simdjson'
expect_no_line 'tests/unit/helper.h'
expect_no_line 'container/query/extra.h'
expect_no_line 'services/rpc/client'  # the Thrift adapter may use the wire types it links
expect_line 'scripts/layering-exceptions.txt:3: allow-list entry `container/query/gone.h -> services/idl/wire.h` matches no violation any more'
expect_no_line 'container/cli/main.cpp'  # the cli may use everything it links

# --- Fixed again: passes. ---
put scripts/layering-exceptions.txt 'container/query/extra.h -> services/idl/wire.h  # being fixed'
put services/base/status.cpp '#include "services/base/status.h"'
put content/store/store.cpp '#include "content/store/store.h"'
put content/store/CMakeLists.txt 'grove_add_library(grove_store SOURCES store.cpp DEPS grove_base)'
put container/query/query.cpp '#include "container/query/query.h"'
put container/query/query.h '#pragma once' '#include "services/base/status.h"'
put services/protocol/service.h '#pragma once' '#include "services/base/status.h"'
put tests/unit/content/store/store_test.cpp '#include "content/store/store.h"'
put config-model/model/CMakeLists.txt \
  'grove_add_library(grove_model SOURCES model.cpp DEPS grove_base)'
run
expect_rc 0 "fixed tree"
expect_line "1 allow-listed"

if [ "$failures" != 0 ]; then
  echo "check_layering_test: $failures failures"
  exit 1
fi
echo "check_layering_test: ok"
