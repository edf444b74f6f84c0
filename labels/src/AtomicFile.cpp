#include "natlims/labels/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw OutputError("cannot write " + path + ": " + what + (err ? std::string(" (") + std::strerror(err) + ")" : ""),
                    "out");
}

// Writes `bytes` to a new temporary file beside `path` and returns its name.
std::string writeTemporary(const std::string& path, std::string_view bytes) {
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) fail(path, "cannot create a file there", errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      fail(path, "write failed", err);
    }
    done += static_cast<std::size_t>(n);
  }
  // mkstemp creates 0600; label files are ordinary documents.
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "flush failed", err);
  }
  return tmp;
}

}  // namespace

void writeFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = writeTemporary(path, bytes);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "rename failed", err);
  }
}

StagedFiles::~StagedFiles() {
  if (_committed) return;
  for (const auto& [tmp, path] : _files) ::unlink(tmp.c_str());
}

void StagedFiles::add(const std::string& path, std::string_view bytes) {
  if (_committed) throw std::logic_error("StagedFiles: add after commit");
  _files.emplace_back(writeTemporary(path, bytes), path);
}

void StagedFiles::commit() {
  _committed = true;
  for (std::size_t i = 0; i < _files.size(); ++i) {
    const auto& [tmp, path] = _files[i];
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      const int err = errno;
      for (std::size_t j = i; j < _files.size(); ++j) ::unlink(_files[j].first.c_str());
      fail(path, "rename failed", err);
    }
  }
}

}  // namespace natlims::labels
