#pragma once

// PayloadEncoder turns a payload into a docs value body (docs/format.md): payloads shorter than
// `min_compress_bytes`, and payloads zstd cannot shrink, are stored raw; others as
// uncompressed_size:u32le + a zstd frame. decode_payload() is the way back.
//
// Usage (committer thread):
//   PayloadEncoder encoder(/*level=*/1, /*min_compress_bytes=*/64);
//   EncodedBody body = encoder.encode(payload);
//   // copy body.prefix and body.data after the value header; set body.flags
//
// PayloadEncoder owns one ZSTD_CCtx and a scratch buffer that it reuses, so encoding allocates
// nothing once warmed up; it is confined to one thread. decode_payload() is thread-safe (one
// ZSTD_DCtx per thread).

#include <zstd.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "content/store/store_format.h"
#include "services/base/result.h"

namespace grove::store {

// A body ready to copy into a value: `prefix` (0 or 4 bytes) then `data`. `data` points into the
// encoder's scratch buffer or into the payload; valid until the next encode().
struct EncodedBody {
  uint8_t flags = 0;  // 0 or format::kZstdFlag
  std::span<const uint8_t> prefix;
  std::span<const uint8_t> data;
  size_t size() const { return prefix.size() + data.size(); }
};

class PayloadEncoder {
 public:
  PayloadEncoder(int level, size_t min_compress_bytes);

  EncodedBody encode(std::string_view payload);

 private:
  struct CctxFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  };
  std::unique_ptr<ZSTD_CCtx, CctxFree> cctx_;
  size_t min_compress_bytes_;
  std::vector<uint8_t> scratch_;  // grows only; reused across calls
  uint8_t length_prefix_[format::kZstdLengthSize] = {};
};

// Replaces `out` with the payload of `value` (not a tombstone). Corruption when the zstd frame
// does not decode to the stored length.
Status decode_payload(const format::DocValue& value, std::string& out);

// The payload of `value` as a view: into the value itself when stored raw, else decoded into
// `scratch` (reused across calls by the caller).
Result<std::string_view> payload_view(const format::DocValue& value, std::string& scratch);

}  // namespace grove::store
