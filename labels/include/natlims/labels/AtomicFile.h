#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace natlims::labels {

/// Writes `bytes` to `path` so that readers see either the old file or the whole new one: the
/// bytes go to a temporary file beside it ("<path>.tmp-XXXXXX"), are flushed to disk, and the
/// temporary is renamed over `path`. Throws OutputError (field "out") naming the path and the
/// reason; no temporary file is left behind.
void writeFileAtomically(const std::string& path, std::string_view bytes);

/// Files written together or not at all: add() writes each to a temporary file beside its final
/// path, commit() renames them all into place, and destroying the set before commit() removes
/// the temporaries. Non-copyable.
class StagedFiles {
 public:
  StagedFiles() = default;
  ~StagedFiles();
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;

  /// Throws OutputError (field "out") when the temporary cannot be written.
  void add(const std::string& path, std::string_view bytes);
  /// Throws OutputError when a rename fails (the files renamed before it stay in place).
  void commit();

  std::size_t size() const { return _files.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> _files;  // temporary, final
  bool _committed = false;
};

}  // namespace natlims::labels
