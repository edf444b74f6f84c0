#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::instruments::detail {

struct ZipEntry {
  std::string name;        // as stored
  std::string normalized;  // lower-case, '\' turned into '/': instruments write both
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressedSize = 0;
  std::uint64_t uncompressedSize = 0;
  std::uint64_t localOffset = 0;
};

/// True when the bytes start like a zip archive: a local header, an empty archive, or the
/// spanning marker PK\x07\x08 that Bio-Rad writes before the first header.
bool looksLikeZip(std::string_view bytes);

/// A zip archive read through its central directory (robust to data before the first header
/// and to OOXML packages that break the naming rules). Holds a view of `bytes`: keep them alive.
class ZipArchive {
 public:
  /// Throws FormatError: Truncated when the central directory is missing or cut, Malformed for
  /// ZIP64 or inconsistent headers.
  ZipArchive(std::string_view bytes, std::size_t maxUnpacked);

  const std::vector<ZipEntry>& entries() const { return _entries; }
  /// The entry whose normalized name equals `normalizedName` (lower-case, '/'), or nullptr.
  const ZipEntry* find(std::string_view normalizedName) const;
  /// The first entry whose normalized name ends with `suffix`, or nullptr.
  const ZipEntry* findSuffix(std::string_view suffix) const;

  /// The member's bytes, inflated and checked against its CRC-32. Throws FormatError: TooLarge
  /// above maxUnpacked, Malformed for encryption, an unknown method or a bad checksum,
  /// Truncated when the data runs past the end.
  std::string read(const ZipEntry& entry) const;

 private:
  std::string_view _bytes;
  std::size_t _maxUnpacked;
  long long _shift = 0;
  std::vector<ZipEntry> _entries;
};

/// Unpacks a gzip stream (RFC 1952), refusing more than `maxUnpacked` bytes of output.
std::string gunzip(std::string_view bytes, std::size_t maxUnpacked);

bool looksLikeGzip(std::string_view bytes);

}  // namespace natlims::instruments::detail
