#include "services/rpc/thrift_codec.h"

#include <arpa/inet.h>

#include <cstring>

namespace grove::rpc {

namespace {

using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::transport::TMemoryBuffer;

// An output buffer that grew past this is dropped after use, so one large put does not pin
// memory in every thread that ever encoded one.
constexpr uint32_t kKeepOutputBytes = 1 << 20;

// Offsets inside a call frame, after the 4-byte frame header (see the file comment of the .h):
// version (4), name length (4), name, seq id (4), ctx field header (3), timeout field header (3).
constexpr size_t kNameLengthOffset = kFrameHeaderBytes + 4;
constexpr size_t kFixedBeforeTimeout = kFrameHeaderBytes + 4 + 4 + 4 + 3 + 3;
constexpr uint8_t kTypeStruct = 12;
constexpr uint8_t kTypeI32 = 8;

uint32_t read_be32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return ntohl(v);
}

void write_be32(char* p, uint32_t value) {
  uint32_t v = htonl(value);
  std::memcpy(p, &v, 4);
}

}  // namespace

uint32_t frame_length(const uint8_t* header) {
  return read_be32(reinterpret_cast<const char*>(header));
}

void set_frame_timeout(std::string& frame, int32_t timeout_ms) {
  GROVE_ASSERT(frame.size() >= kFixedBeforeTimeout + 4);
  size_t name_length = read_be32(frame.data() + kNameLengthOffset);
  size_t at = kFixedBeforeTimeout + name_length;
  GROVE_ASSERT(frame.size() >= at + 4);
  // The ctx field (struct, id 1) and its timeout_ms field (i32, id 1) must precede the value.
  GROVE_ASSERT(static_cast<uint8_t>(frame[at - 6]) == kTypeStruct && frame[at - 5] == 0 && frame[at - 4] == 1);
  GROVE_ASSERT(static_cast<uint8_t>(frame[at - 3]) == kTypeI32 && frame[at - 2] == 0 && frame[at - 1] == 1);
  write_be32(frame.data() + at, static_cast<uint32_t>(timeout_ms));
}

ThriftCodec& ThriftCodec::for_this_thread() {
  thread_local ThriftCodec codec;
  return codec;
}

ThriftCodec::ThriftCodec()
    : input_(std::make_shared<TMemoryBuffer>()), output_(std::make_shared<TMemoryBuffer>()) {
  client_ = std::make_unique<wire::ContentServiceClient>(std::make_shared<TBinaryProtocol>(input_),
                                                         std::make_shared<TBinaryProtocol>(output_));
}

void ThriftCodec::begin_frame() {
  output_->resetBuffer();
  const uint8_t placeholder[kFrameHeaderBytes] = {0, 0, 0, 0};
  output_->write(placeholder, kFrameHeaderBytes);
}

Result<std::string> ThriftCodec::end_frame() {
  uint8_t* bytes = nullptr;
  uint32_t size = 0;
  output_->getBuffer(&bytes, &size);
  std::string frame(reinterpret_cast<const char*>(bytes), size);
  write_be32(frame.data(), size - kFrameHeaderBytes);
  if (output_->getBufferSize() > kKeepOutputBytes) {
    output_ = std::make_shared<TMemoryBuffer>();
    client_ = std::make_unique<wire::ContentServiceClient>(client_->getInputProtocol(),
                                                           std::make_shared<TBinaryProtocol>(output_));
  }
  return frame;
}

void ThriftCodec::observe_input(std::string_view body) {
  // OBSERVE: the buffer reads `body` in place and never writes to it.
  auto* data = reinterpret_cast<uint8_t*>(const_cast<char*>(body.data()));
  input_->resetBuffer(data, static_cast<uint32_t>(body.size()), TMemoryBuffer::OBSERVE);
}

}  // namespace grove::rpc
