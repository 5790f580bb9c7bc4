// Fuzz target: the charset decoder on any bytes, in any charset the first byte picks, fed in
// pieces split where the second byte says. Checks: the output is valid UTF-8; decoding in
// pieces gives what decoding at once gives; every reported offset holds U+FFFD.
#include <cstdint>
#include <string>
#include <vector>

#include "common.hpp"

namespace {
const char* const kCharsets[] = {"koi8-r", "koi8-u",  "UTF-16",  "UTF-16LE",   "cp866",      "windows-1251",
                                 "gb18030", "Shift_JIS", "ISO-2022-JP", "iso-8859-5", "windows-1250", "UTF-32"};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > 4096) return 0;
  const char* charset = kCharsets[data[0] % std::size(kCharsets)];
  const std::size_t step = 1 + data[1] % 7;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string whole, pieces;
  std::vector<std::size_t> bad_whole, bad_pieces;
  normname::Decoder(charset).decode(bytes, true, whole, &bad_whole);
  normname::Decoder d(charset);
  for (std::size_t at = 0; at < bytes.size(); at += step) d.decode(bytes.substr(at, step), false, pieces, &bad_pieces);
  d.decode({}, true, pieces, &bad_pieces);
  fuzz::check(normname::is_valid_utf8(whole), "decoded text is not valid UTF-8");
  fuzz::check(whole == pieces, "decoding in pieces differs from decoding at once");
  for (std::size_t at : bad_whole) fuzz::check(whole.compare(at, 3, "\xEF\xBF\xBD") == 0, "a reported offset holds no U+FFFD");
  return 0;
}
