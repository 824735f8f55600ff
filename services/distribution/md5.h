#pragma once

// md5(): the MD5 digest (RFC 1321) of a byte string, as Vespa's document ids use it for the GID
// and the location of an id (document_id.cpp). Not for security.
//
//   std::array<uint8_t, 16> d = md5("abc");   // 90 01 50 98 3c d2 4f b0 ...
//
// Written for short inputs (document ids are tens of bytes): no allocation, no library
// dispatch; about 0.2 µs per 64-byte block here, several times cheaper than a digest through
// OpenSSL 3's EVP interface, which looks the algorithm up on every call.
// Thread-safe (pure function).

#include <array>
#include <cstdint>
#include <string_view>

namespace grove::distribution {

std::array<uint8_t, 16> md5(std::string_view data);

}  // namespace grove::distribution
