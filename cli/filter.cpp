#include "filter.hpp"

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
}  // namespace

int run_filter(const InputOptions& opts, std::ostream& out, std::ostream& err, const Shape& shape,
               const std::function<std::string(const Line&)>& handle) {
  RecordReader reader(opts, err);
  if (!reader.open_all()) return reader.status();
  int status = kExitOk;
  auto write_header = [&](const Line& line) {
    if (shape.jsonl) {
      std::vector<std::string> all = reader.columns();
      all.insert(all.end(), shape.columns.begin(), shape.columns.end());
      out << dump({{"header", all}}) << '\n';
    } else {
      out << row_with(line, shape.columns, opts) << '\n';
    }
  };
  if (opts.jobs > 1) {
    // Batches of lines handled by opts.jobs threads, each taking every jobs-th line, then
    // written in input order: the same bytes as one thread.
    std::vector<Line> batch;
    std::vector<Outcome> done;
    bool more = true;
    while (out && more) {
      batch.clear();
      while (batch.size() < kBatchLines) {
        batch.emplace_back();
        if (!reader.next(batch.back())) {
          batch.pop_back();
          more = false;
          break;
        }
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
        std::vector<std::jthread> threads;
        for (std::size_t t = 1; t < opts.jobs; ++t) threads.emplace_back(work, t);
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
      }
      if (opts.line_buffered) out.flush();
    }
    if (reader.status() != kExitOk) status = reader.status();
    out.flush();
    reader.warnings().print(err);
    return status;
  }
  Line line;
  while (out && reader.next(line)) {
    if (line.header) {
      write_header(line);
      continue;
    }
    try {
      out << handle(line) << '\n';
    } catch (const LineError& e) {
      err << "normname: " << line.where() << ": " << e.message << "\n";
      if (opts.strict) {
        status = kExitDataErr;
        break;
      }
      reader.warnings().rejected.add(line);
      out << '\n';
    }
    if (opts.line_buffered) out.flush();
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
  Line line;
  while (reader.next(line)) lines.push_back(std::move(line));
  reader.warnings().print(err);
  status = reader.status();
  if (status != kExitOk) return std::nullopt;
  return lines;
}

}  // namespace normname::cli
