#pragma once
// normname tables ...: the alias-table workflow. Every write is staged beside its file,
// linted exactly as it will be, then renamed into place, under a lock on the directory.
#include <string>
#include <vector>

#include "normname/tables.hpp"

namespace normname::cli {

struct TablesOptions {
  std::string dir;          // the tables directory written (--tables DIR, the last one)
  int wait_seconds = 60;    // --wait: how long to wait for another writer's lock
  LayerOptions layer;       // --replace-builtin
  bool with_builtin = false;  // stats: count the built-in tables too
};

struct AddArgs {
  std::string id, name, lang, kind, source, note, file;
  std::string new_type, label;  // --new TYPE --label TEXT: declare the entity too
};

int tables_lint(const TablesOptions& o, const std::string& dir, const std::string& format);
int tables_fmt(const TablesOptions& o, const std::string& dir, bool check);
int tables_add(const TablesOptions& o, const AddArgs& a);
int tables_merge(const TablesOptions& o, const std::string& from, const std::string& into);
int tables_rename(const TablesOptions& o, const std::string& old_id, const std::string& new_id);
int tables_split(const TablesOptions& o, const std::string& id, const std::string& new_id, const std::string& names,
                 const std::string& type);
int tables_compile(const TablesOptions& o, const std::string& dir);
int tables_diff(const TablesOptions& o, const std::string& old_dir, const std::string& new_dir);
int tables_stats(const TablesOptions& o, const std::string& dir);
int tables_list(const std::vector<std::string>& dirs, const LayerOptions& layer);

/// Notes on stderr for every layered table that replaces another (so a run says which
/// tables are in force when that is not the default).
void note_replacements(const Tables& tables);

}  // namespace normname::cli
