#include "content/store/payload_codec.h"

#include <fmt/format.h>

#include "services/base/assert.h"

namespace grove::store {

namespace {

struct DctxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

ZSTD_DCtx* thread_dctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, DctxFree> dctx(ZSTD_createDCtx());
  return dctx.get();
}

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

PayloadEncoder::PayloadEncoder(int level, size_t min_compress_bytes)
    : cctx_(ZSTD_createCCtx()), min_compress_bytes_(min_compress_bytes) {
  GROVE_ASSERT(cctx_ != nullptr);
  ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_compressionLevel, level);
  // A 4-byte checksum per frame: LMDB checks nothing, so damage is caught on decode.
  ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_checksumFlag, 1);
}

EncodedBody PayloadEncoder::encode(std::string_view payload) {
  EncodedBody raw{0, {}, bytes_of(payload)};
  if (payload.size() < min_compress_bytes_) return raw;
  size_t bound = ZSTD_compressBound(payload.size());
  if (scratch_.size() < bound) scratch_.resize(bound);
  size_t n = ZSTD_compress2(cctx_.get(), scratch_.data(), scratch_.size(), payload.data(),
                            payload.size());
  if (ZSTD_isError(n) || n + format::kZstdLengthSize >= payload.size()) return raw;
  format::store_u32le(static_cast<uint32_t>(payload.size()), length_prefix_);
  return EncodedBody{format::kZstdFlag, length_prefix_, {scratch_.data(), n}};
}

Status decode_payload(const format::DocValue& value, std::string& out) {
  if (!value.compressed()) {
    out.assign(reinterpret_cast<const char*>(value.body.data()), value.body.size());
    return Status::Ok();
  }
  out.resize(value.payload_size);
  size_t n = ZSTD_decompressDCtx(thread_dctx(), out.data(), out.size(), value.body.data(),
                                 value.body.size());
  if (ZSTD_isError(n) || n != value.payload_size) {
    return Status::Corruption(fmt::format(
        "zstd payload does not decode to its stored length {}: {}", value.payload_size,
        ZSTD_isError(n) ? ZSTD_getErrorName(n) : fmt::format("got {} bytes", n)));
  }
  return Status::Ok();
}

Result<std::string_view> payload_view(const format::DocValue& value, std::string& scratch) {
  if (!value.compressed()) {
    return std::string_view(reinterpret_cast<const char*>(value.body.data()), value.body.size());
  }
  GROVE_RETURN_IF_ERROR(decode_payload(value, scratch));
  return std::string_view(scratch);
}

}  // namespace grove::store
