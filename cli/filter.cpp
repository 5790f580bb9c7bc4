#include "filter.hpp"

#include <sched.h>

#include <algorithm>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

namespace normname::cli {

namespace {
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
}  // namespace

std::string joined(const std::vector<std::string>& results) {
  std::string out;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (i) out.push_back('\t');
    out += results[i];
  }
  return out;
}

std::string row_with(const Line& line, const std::vector<std::string>& results, const InputOptions& opts) {
  if (line.blank()) return {};
  std::string out;
  auto put = [&](std::string_view field, bool first) {
    if (!first) out.push_back(opts.delimiter);
    out += opts.csv ? csv_field(field, opts.delimiter) : std::string(field);
  };
  if (!line.split) {
    out = line.raw;
    for (const auto& r : results) put(r, false);
    return out;
  }
  const std::size_t width = line.columns ? line.columns->size() : 0;
  const std::size_t n = std::max({line.fields.size(), opts.field, width});
  for (std::size_t i = 0; i < n; ++i) put(i < line.fields.size() ? std::string_view(line.fields[i]) : std::string_view(), i == 0);
  for (const auto& r : results) put(r, false);
  return out;
}

json row_json(const Line& line) {
  if (!line.split) return nullptr;
  if (!line.columns) return json(line.fields);
  const std::vector<std::string>& header = *line.columns;
  json row = json::object();
  for (std::size_t i = 0; i < std::max(header.size(), line.fields.size()); ++i) {
    std::string name = i < header.size() && !header[i].empty() ? header[i] : "column " + std::to_string(i + 1);
    while (row.contains(name)) name += "'";  // a repeated header name keeps both values
    row[name] = i < line.fields.size() ? line.fields[i] : std::string();
  }
  return row;
}

namespace {
// Lines a batch holds under --jobs: enough that starting the threads costs little beside
// the work, few enough that memory stays bounded whatever the input.
constexpr std::size_t kBatchLines = 8192;

struct Outcome {
  std::string text;
  std::optional<std::string> error;  // the LineError message
};

// Input bytes a chunk holds (run_chunked): large enough that handing one to a thread costs
// little beside the work, small enough that memory stays bounded: kChunksPerJob chunks per
// thread are in flight, each with its input and its output.
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kChunksPerJob = 2;

// One chunk of input and what became of it.
struct Work {
  enum class State { waiting, taken, done };
  State state = State::waiting;
  Chunk chunk;
  std::string out;  // the output lines, each with its "\n"
  struct Message {
    std::size_t out_at;  // bytes of `out` written before it
    std::string text;    // "line 3: why"
  };
  std::vector<Message> messages;
  bool stop = false;  // --strict met a bad line: nothing after its message
  Warnings warnings;
  std::exception_ptr failure;  // what handle() threw other than a LineError
};
}  // namespace

namespace {
// The filter on chunks of whole lines (not CSV, not line by line): the calling thread reads
// chunks and writes their outputs in input order; it and jobs - 1 more threads cut them
// into records and handle them. Same bytes, messages and warnings as reading record by
// record.
int run_chunked(RecordReader& reader, const InputOptions& opts, std::ostream& out, std::ostream& err,
                Progress& progress, const std::function<std::string(const Line&)>& handle) {
  auto process = [&](Work& w, Line& line) {
    w.out.clear();
    w.messages.clear();
    w.stop = false;
    w.warnings = Warnings{};
    w.failure = nullptr;
    try {
      ChunkLines lines(reader, w.chunk, w.warnings);
      bool invalid = false;
      while (lines.next(line, invalid)) {
        if (invalid && opts.strict) {
          w.messages.push_back({w.out.size(), line.where() + ": " + reader.invalid_message()});
          w.stop = true;
          return;
        }
        try {
          w.out += handle(line);
        } catch (const LineError& e) {
          w.messages.push_back({w.out.size(), line.where() + ": " + e.message});
          if (opts.strict) {
            w.stop = true;
            return;
          }
          w.warnings.rejected.add(line);
        }
        w.out.push_back('\n');
      }
    } catch (...) {
      w.failure = std::current_exception();
    }
  };
  int status = kExitOk;
  // Writes one handled chunk; false when the run stops there.
  auto emit = [&](Work& w) {
    if (w.failure) std::rethrow_exception(w.failure);
    std::size_t from = 0;
    for (const Work::Message& m : w.messages) {
      out.write(w.out.data() + from, static_cast<std::streamsize>(m.out_at - from));
      from = m.out_at;
      err << "normname: " << m.text << "\n";
    }
    out.write(w.out.data() + from, static_cast<std::streamsize>(w.out.size() - from));
    reader.warnings().add(w.warnings);
    progress.add(w.chunk.lines, w.chunk.text.size());
    if (w.stop) status = kExitDataErr;
    return !w.stop && static_cast<bool>(out);
  };

  if (opts.jobs <= 1) {
    Work w;
    Line line;
    while (reader.next_chunk(w.chunk, kChunkBytes)) {
      process(w, line);
      if (!emit(w)) break;
    }
    return status;
  }

  std::mutex m;
  std::condition_variable ready, finished;
  std::deque<std::unique_ptr<Work>> queue;  // in input order
  bool quit = false;
  auto worker = [&] {
    Line line;
    while (true) {
      Work* w = nullptr;
      {
        std::unique_lock<std::mutex> lock(m);
        ready.wait(lock, [&] {
          if (quit) return true;
          for (auto& q : queue) {
            if (q->state == Work::State::waiting) {
              w = q.get();
              return true;
            }
          }
          return false;
        });
        if (quit) return;
        w->state = Work::State::taken;
      }
      process(*w, line);
      {
        std::lock_guard<std::mutex> lock(m);
        w->state = Work::State::done;
      }
      finished.notify_one();
    }
  };
  std::vector<std::jthread> threads;
  // Declared after the threads, so destroyed before them: tells them to end (also when
  // emit throws), then their destructors join.
  struct Quit {
    std::mutex& m;
    bool& quit;
    std::condition_variable& ready;
    ~Quit() {
      {
        std::lock_guard<std::mutex> lock(m);
        quit = true;
      }
      ready.notify_all();
    }
  } quit_on_exit{m, quit, ready};
  // jobs - 1 workers: this thread is the last one, between reading and writing, so that
  // jobs threads, not jobs + 1, share jobs cores.
  for (std::size_t t = 1; t < opts.jobs; ++t) threads.emplace_back(worker);
  Line line;

  std::vector<std::unique_ptr<Work>> spare;
  bool more = true;
  const std::size_t in_flight = opts.jobs * kChunksPerJob;
  while (true) {
    // Only this thread adds to or takes from the queue; the workers change states.
    while (more && queue.size() < in_flight) {
      std::unique_ptr<Work> w;
      if (spare.empty()) {
        w = std::make_unique<Work>();
      } else {
        w = std::move(spare.back());
        spare.pop_back();
      }
      if (!reader.next_chunk(w->chunk, kChunkBytes)) {
        more = false;
        break;
      }
      w->state = Work::State::waiting;
      {
        std::lock_guard<std::mutex> lock(m);
        queue.push_back(std::move(w));
      }
      ready.notify_one();
    }
    if (queue.empty()) break;
    std::unique_ptr<Work> w;
    {
      std::unique_lock<std::mutex> lock(m);
      // Until the oldest chunk is done, this thread handles the oldest one no one has taken.
      while (queue.front()->state != Work::State::done) {
        Work* mine = nullptr;
        for (auto& q : queue) {
          if (q->state == Work::State::waiting) {
            mine = q.get();
            break;
          }
        }
        if (!mine) {
          finished.wait(lock, [&] { return queue.front()->state == Work::State::done; });
          break;
        }
        mine->state = Work::State::taken;
        lock.unlock();
        process(*mine, line);
        lock.lock();
        mine->state = Work::State::done;
      }
      w = std::move(queue.front());
      queue.pop_front();
    }
    if (!emit(*w)) break;
    spare.push_back(std::move(w));
  }
  return status;
}
}  // namespace

Progress::Progress(const InputOptions& opts, std::ostream& err)
    : err_(err), mode_(opts.progress), start_(std::chrono::steady_clock::now()), last_(start_) {
  if (mode_ == ProgressMode::on) last_ -= kProgressEvery;  // asked for: shown from the first batch
}

void Progress::add(std::size_t lines, std::size_t bytes) {
  lines_ += lines;
  bytes_ += bytes;
  // At most every kProgressEvery, on one line that it rewrites.
  if (!visible()) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < kProgressEvery) return;
  last_ = now;
  show("");
}

void Progress::show(std::string_view suffix) {
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char buf[160];
  std::snprintf(buf, sizeof buf, "\rnormname: %zu lines, %.1f MB, %.0f lines/s%.*s\x1b[K", lines_,
                static_cast<double>(bytes_) / 1e6, s > 0 ? static_cast<double>(lines_) / s : 0.0,
                static_cast<int>(suffix.size()), suffix.data());
  err_ << buf << std::flush;
  shown_ = true;
}

// Shown on a terminal once the input is large enough for a wait to be felt, or always with
// --progress.
bool Progress::visible() const {
  if (mode_ == ProgressMode::automatic) return terminal_ && bytes_ >= kProgressAfterBytes;
  return mode_ == ProgressMode::on;
}

void Progress::note(std::string_view message) {
  if (!visible()) return;
  show(std::string("; ") + std::string(message));
}

Progress::~Progress() {
  if (shown_) err_ << "\r\x1b[K" << std::flush;  // the last line of output is the program's, not ours
}

std::size_t default_jobs() {
  std::size_t n = std::thread::hardware_concurrency();
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = static_cast<std::size_t>(CPU_COUNT(&set));
  return std::clamp<std::size_t>(n, 1, kMaxDefaultJobs);
}

int run_filter(const InputOptions& opts, std::ostream& out, std::ostream& err, const Shape& shape,
               const std::function<std::string(const Line&)>& handle) {
  RecordReader reader(opts, err);
  if (!reader.open_all()) return reader.status();
  int status = kExitOk;
  Progress progress(opts, err);
  auto write_header = [&](const Line& line) {
    if (shape.jsonl) {
      std::vector<std::string> all = reader.columns();
      all.insert(all.end(), shape.columns.begin(), shape.columns.end());
      out << dump({{"header", all}}) << '\n';
    } else {
      out << row_with(line, shape.columns, opts) << '\n';
    }
  };
  if (!opts.line_buffered && !opts.csv) {
    if (opts.header) {
      Line line;
      if (reader.next(line)) {
        write_header(line);
        progress.add(1, line.raw.size() + 1);
      }
    }
    if (reader.status() == kExitOk) status = run_chunked(reader, opts, out, err, progress, handle);
    if (reader.status() != kExitOk) status = reader.status();
    out.flush();
    reader.warnings().print(err);
    return status;
  }
  // Line by line (a terminal) or CSV, whose records may span lines: lines are handled in
  // batches, on opts.jobs threads (the calling one too), and written
  // in input order: the same bytes and the same messages whatever the number of threads.
  // Line-buffered output (a terminal) handles each line as it comes; so does --strict,
  // whose reader reports a bad line as it reads it, after the lines before it.
  const std::size_t batch_lines = opts.line_buffered || opts.strict ? 1 : kBatchLines;
  std::vector<Line> batch;
  std::vector<Outcome> done;
  bool more = true;
  while (out && more) {
    batch.clear();
    std::size_t bytes = 0;
    while (batch.size() < batch_lines) {
      batch.emplace_back();
      if (!reader.next(batch.back())) {
        batch.pop_back();
        more = false;
        break;
      }
      bytes += batch.back().raw.size() + 1;
    }
    done.assign(batch.size(), Outcome{});
    auto work = [&](std::size_t first) {
      for (std::size_t i = first; i < batch.size(); i += opts.jobs) {
        if (batch[i].header) continue;
        try {
          done[i].text = handle(batch[i]);
        } catch (const LineError& e) {
          done[i].error = e.message;
        }
      }
    };
    {
      std::vector<std::jthread> threads;  // none for one job or one line
      for (std::size_t t = 1; t < opts.jobs && batch.size() > 1; ++t) threads.emplace_back(work, t);
      work(0);
    }
    for (std::size_t i = 0; i < batch.size() && out; ++i) {
      if (batch[i].header) {
        write_header(batch[i]);
      } else if (done[i].error) {
        err << "normname: " << batch[i].where() << ": " << *done[i].error << "\n";
        if (opts.strict) {
          status = kExitDataErr;
          more = false;
          break;
        }
        reader.warnings().rejected.add(batch[i]);
        out << '\n';
      } else {
        out << done[i].text << '\n';
      }
      if (opts.line_buffered) out.flush();
    }
    progress.add(batch.size(), bytes);
  }
  if (reader.status() != kExitOk) status = reader.status();
  out.flush();
  reader.warnings().print(err);
  return status;
}

std::optional<std::vector<Line>> read_all(const InputOptions& opts, std::ostream& err, int& status) {
  RecordReader reader(opts, err);
  std::vector<Line> lines;
  if (!reader.open_all()) {
    status = reader.status();
    return std::nullopt;
  }
  Progress progress(opts, err);
  Line line;
  while (reader.next(line)) {
    progress.add(1, line.raw.size() + 1);
    lines.push_back(std::move(line));
  }
  progress.note("read; working on them");
  reader.warnings().print(err);
  status = reader.status();
  if (status != kExitOk) return std::nullopt;
  return lines;
}

}  // namespace normname::cli
