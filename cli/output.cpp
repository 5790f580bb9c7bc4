#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace normname::cli {

namespace {
// Large enough that a run over a file makes few system calls; small next to any input.
constexpr std::size_t kBufferBytes = 1 << 16;
}  // namespace

OutputBuffer::OutputBuffer(int fd, std::string name) : fd_(fd), name_(std::move(name)), buffer_(kBufferBytes) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

void OutputBuffer::retarget(int fd, std::string name) {
  drain();
  fd_ = fd;
  name_ = std::move(name);
}

bool OutputBuffer::broken_pipe() const noexcept { return errno_ == EPIPE; }

bool OutputBuffer::drain() {
  const char* p = pbase();
  const char* const end = pptr();
  if (errno_) {
    // After a failure nothing more is written: later bytes would leave a hole in the output.
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return false;
  }
  while (p < end) {
    const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(end - p));
    if (n < 0) {
      if (errno == EINTR) continue;
      errno_ = errno;
      break;
    }
    p += n;
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return errno_ == 0;
}

OutputBuffer::int_type OutputBuffer::overflow(int_type ch) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

std::streamsize OutputBuffer::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    std::streamsize room = epptr() - pptr();
    if (room == 0) {
      if (!drain()) return done;
      room = epptr() - pptr();
    }
    const std::streamsize k = std::min(room, n - done);
    std::memcpy(pptr(), s + done, static_cast<std::size_t>(k));
    pbump(static_cast<int>(k));
    done += k;
  }
  return done;
}

int OutputBuffer::sync() { return drain() ? 0 : -1; }

bool OutputBuffer::finish() {
  bool ok = drain();
  if (!closed_) {
    closed_ = true;
    // close() reports what a delayed write could not do (NFS, some full-disk cases).
    if (::close(fd_) != 0 && ok && errno != EINTR) {
      errno_ = errno;
      ok = false;
    }
  }
  return ok;
}

}  // namespace normname::cli
