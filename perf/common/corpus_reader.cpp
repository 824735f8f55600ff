#include "perf/common/corpus_reader.h"

#include <fmt/format.h>

#include <utility>

namespace grove::perf {

namespace ondemand = simdjson::ondemand;

Result<std::unique_ptr<CorpusReader>> CorpusReader::open(const std::string& path,
                                                         CorpusFields fields) {
  std::unique_ptr<CorpusReader> reader(new CorpusReader(path, std::move(fields)));
  if (!reader->in_.is_open()) {
    return Status::IoError(fmt::format("{}: cannot open the corpus file", path));
  }
  return reader;
}

CorpusReader::CorpusReader(std::string path, CorpusFields fields)
    : path_(std::move(path)),
      fields_(std::move(fields)),
      in_(path_, std::ios::binary),
      texts_(fields_.text.size()),
      seen_numbers_(fields_.numeric.size()) {
  doc_.texts.resize(fields_.text.size());
  doc_.numbers.resize(fields_.numeric.size());
}

Result<const CorpusDoc*> CorpusReader::next() {
  while (std::getline(in_, line_)) {
    ++line_number_;
    if (line_.find_first_not_of(" \t\r") == std::string::npos) continue;
    GROVE_RETURN_IF_ERROR(parse_line());
    return static_cast<const CorpusDoc*>(&doc_);
  }
  if (in_.bad()) return Status::IoError(fmt::format("{}: read failed", path_));
  return static_cast<const CorpusDoc*>(nullptr);
}

Status CorpusReader::rewind() {
  in_.clear();
  in_.seekg(0);
  if (!in_) return Status::IoError(fmt::format("{}: cannot rewind", path_));
  line_number_ = 0;
  doc_.ordinal = 0;
  first_ = true;
  return Status::Ok();
}

Status CorpusReader::parse_line() {
  const size_t length = line_.size();
  line_.append(simdjson::SIMDJSON_PADDING,
               ' ');  // simdjson reads ahead; the padding is never parsed
  for (std::string& t : texts_) t.clear();
  seen_numbers_.assign(seen_numbers_.size(), false);
  bool have_id = false;
  try {
    ondemand::document document = parser_.iterate(line_.data(), length, line_.size());
    for (auto field : document.get_object()) {
      std::string_view key = field.unescaped_key();
      if (key == "put" || key == "id") {
        id_.assign(std::string_view(field.value().get_string()));
        have_id = true;
      } else if (key == "fields") {
        GROVE_RETURN_IF_ERROR(parse_fields(field.value().get_object()));
      }
    }
  } catch (const simdjson::simdjson_error& e) {
    return error(e.what());
  }
  if (!have_id) return error("no \"put\" document id");
  for (size_t i = 0; i < seen_numbers_.size(); ++i) {
    if (!seen_numbers_[i]) return error(fmt::format("no numeric field '{}'", fields_.numeric[i]));
  }
  doc_.ordinal = first_ ? 0 : doc_.ordinal + 1;
  first_ = false;
  doc_.id = id_;
  for (size_t i = 0; i < texts_.size(); ++i) doc_.texts[i] = texts_[i];
  return Status::Ok();
}

// A field named twice in CorpusFields is read once (simdjson values are consumed when read) and
// copied. A name in both lists counts as text.
Status CorpusReader::parse_fields(ondemand::object fields) {
  for (auto field : fields) {
    std::string_view key = field.unescaped_key();
    int first_text = -1;
    for (size_t i = 0; i < fields_.text.size(); ++i) {
      if (key != fields_.text[i]) continue;
      if (first_text < 0) {
        GROVE_RETURN_IF_ERROR(read_text(field.value(), texts_[i]));
        first_text = static_cast<int>(i);
      } else {
        texts_[i] = texts_[first_text];
      }
    }
    if (first_text >= 0) continue;
    bool parsed = false;
    int64_t value = 0;
    for (size_t i = 0; i < fields_.numeric.size(); ++i) {
      if (key != fields_.numeric[i]) continue;
      if (!parsed && field.value().get_int64().get(value) != simdjson::SUCCESS) {
        return error(fmt::format("field '{}' is not an integer", key));
      }
      parsed = true;
      doc_.numbers[i] = value;
      seen_numbers_[i] = true;
    }
  }
  return Status::Ok();
}

Status CorpusReader::read_text(ondemand::value value, std::string& out) {
  if (value.type() == ondemand::json_type::string) {
    out.assign(std::string_view(value.get_string()));
    return Status::Ok();
  }
  if (value.type() != ondemand::json_type::array) return error("text field is not a string");
  for (auto element : value.get_array()) {
    if (!out.empty()) out.push_back('\n');
    out.append(std::string_view(element.get_string()));
  }
  return Status::Ok();
}

Status CorpusReader::error(std::string_view what) const {
  return Status::InvalidArgument(fmt::format("{}:{}: {}", path_, line_number_, what));
}

}  // namespace grove::perf
