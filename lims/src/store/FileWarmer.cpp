#include "store/FileWarmer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace natlims::lims {

namespace {

std::size_t pageSize() {
  static const auto size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

FileWarmer::FileWarmer(std::string path, std::size_t maxBytes, int periodSeconds)
    : _path(std::move(path)), _maxBytes(maxBytes), _periodSeconds(periodSeconds) {
  _thread = std::thread([this] { run(); });
}

FileWarmer::~FileWarmer() {
  {
    std::lock_guard lock(_mutex);
    _stopping = true;
  }
  _wake.notify_all();
  _thread.join();
  if (_map) munmap(_map, _mapped);
  if (_fd >= 0) ::close(_fd);
}

FileWarmer::Stats FileWarmer::stats() const {
  std::lock_guard lock(_mutex);
  return {_mappedBytes.load(), _firstPassSeconds};
}

void FileWarmer::waitForFirstPass() {
  std::unique_lock lock(_mutex);
  _wake.wait(lock, [this] { return _firstPassDone || _stopping; });
}

void FileWarmer::remapTo(std::size_t size) {
  void* map = MAP_FAILED;
  if (_map && size > _mapped) {
    // Growing keeps the pages already mapped (no new faults for them).
    map = mremap(_map, _mapped, size, MREMAP_MAYMOVE);
  }
  if (map == MAP_FAILED) {
    if (_map) munmap(_map, _mapped);
    _map = nullptr;
    _mapped = 0;
    if (size == 0) return;
    map = mmap(nullptr, size, PROT_READ, MAP_SHARED, _fd, 0);
    if (map == MAP_FAILED) return;  // nothing held; the store works as before, from the disk
  }
  _map = map;
  _mapped = size;
}

void FileWarmer::touchAll() {
  // A read of one byte per page maps it into this process; pages already mapped cost a load.
  // Pages not in memory are asked for a chunk at a time (read-ahead of 8 MiB, then the touches
  // find them there): large sequential reads, yet never so many queued at once that the
  // server's own reads wait behind the whole file at start.
  constexpr std::size_t kChunk = 8u << 20;
  const auto* bytes = static_cast<const volatile unsigned char*>(_map);
  unsigned sum = 0;
  for (std::size_t chunk = 0; chunk < _mapped; chunk += kChunk) {
    const std::size_t end = std::min(chunk + kChunk, _mapped);
    madvise(static_cast<char*>(_map) + chunk, end - chunk, MADV_WILLNEED);
    for (std::size_t at = chunk; at < end; at += pageSize()) sum += bytes[at];
    std::lock_guard lock(_mutex);
    if (_stopping) return;
  }
  (void)sum;
}

void FileWarmer::run() {
  const auto started = std::chrono::steady_clock::now();
  _fd = ::open(_path.c_str(), O_RDONLY | O_CLOEXEC);
  for (;;) {
    if (_fd >= 0) {
      struct stat st {};
      if (fstat(_fd, &st) == 0) {
        // A file that grew (or shrank, after a VACUUM) is mapped anew, to whole pages.
        std::size_t size = std::min(static_cast<std::size_t>(st.st_size), _maxBytes);
        size -= size % pageSize();
        if (size != _mapped) remapTo(size);
        _mappedBytes = _mapped;
        if (_map) touchAll();
      }
    }
    std::unique_lock lock(_mutex);
    if (!_firstPassDone) {
      _firstPassDone = true;
      _firstPassSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      _wake.notify_all();
    }
    if (_wake.wait_for(lock, std::chrono::seconds(_periodSeconds), [this] { return _stopping; })) return;
  }
}

}  // namespace natlims::lims
