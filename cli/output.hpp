#pragma once
// Standard output (or -o FILE) that never loses data silently: one buffer, written with
// checked write(2) calls, flushed at the end, per line only when asked or on a terminal.
#include <streambuf>
#include <string>
#include <vector>

namespace normname::cli {

class OutputBuffer : public std::streambuf {
 public:
  /// Writes to `fd`, called `name` in messages ("standard output", or the -o path).
  OutputBuffer(int fd, std::string name);
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  /// Points the buffer at another descriptor (after -o FILE is parsed); flushes first.
  void retarget(int fd, std::string name);

  /// Flushes and closes the descriptor; every step checked. False on any failure so far.
  bool finish();

  /// A write failed: errno of the failure (EPIPE when the reader went away), or 0.
  [[nodiscard]] int error() const noexcept { return errno_; }
  [[nodiscard]] bool broken_pipe() const noexcept;
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool drain();  // writes the buffer out; false (and errno_ set) on failure

  int fd_;
  std::string name_;
  std::vector<char> buffer_;
  int errno_ = 0;
  bool closed_ = false;
};

}  // namespace normname::cli
