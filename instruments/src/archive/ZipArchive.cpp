#include "archive/ZipArchive.h"

#include <zlib.h>

#include <algorithm>

#include "readers/FormatError.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;

std::uint16_t le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    (static_cast<unsigned char>(b[at + 1]) << 8));
}

std::uint32_t le32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(le16(b, at)) | (static_cast<std::uint32_t>(le16(b, at + 2)) << 16);
}

[[noreturn]] void truncated(const std::string& what) {
  throw FormatError(ReadErrorKind::Truncated, "zip archive " + what + " (the file looks cut short)");
}

// Inflates raw deflate data (zip method 8) or a gzip stream, never producing more than `limit`
// bytes: a member's header may lie about its size.
std::string inflateBounded(std::string_view in, int windowBits, std::size_t limit,
                           const std::string& what) {
  z_stream zs{};
  if (inflateInit2(&zs, windowBits) != Z_OK) {
    throw FormatError(ReadErrorKind::Malformed, "cannot start inflating " + what);
  }
  std::string out;
  out.resize(std::min<std::size_t>(limit + 1, std::max<std::size_t>(in.size() * 4, 4096)));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + zs.total_out);
    zs.avail_out = static_cast<uInt>(out.size() - zs.total_out);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && zs.avail_out > 0) {
      inflateEnd(&zs);
      throw FormatError(ReadErrorKind::Truncated, what + " ends in the middle of its compressed data");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      inflateEnd(&zs);
      throw FormatError(ReadErrorKind::Malformed, what + " holds damaged compressed data");
    }
    if (zs.total_out > limit) {
      inflateEnd(&zs);
      throw FormatError(ReadErrorKind::TooLarge,
                        what + " unpacks to more than " + std::to_string(limit) + " bytes");
    }
    if (zs.avail_out == 0) {
      if (out.size() > limit) {
        inflateEnd(&zs);
        throw FormatError(ReadErrorKind::TooLarge,
                          what + " unpacks to more than " + std::to_string(limit) + " bytes");
      }
      out.resize(std::min<std::size_t>(limit + 1, out.size() * 2));
    }
  }
  out.resize(zs.total_out);
  inflateEnd(&zs);
  if (out.size() > limit) {
    throw FormatError(ReadErrorKind::TooLarge,
                      what + " unpacks to more than " + std::to_string(limit) + " bytes");
  }
  return out;
}

}  // namespace

bool looksLikeZip(std::string_view b) {
  return b.substr(0, 4) == "PK\x03\x04" || b.substr(0, 4) == "PK\x05\x06" ||
         b.substr(0, 8) == "PK\x07\x08PK\x03\x04";
}

bool looksLikeGzip(std::string_view b) { return b.size() >= 2 && b[0] == '\x1f' && b[1] == '\x8b'; }

ZipArchive::ZipArchive(std::string_view bytes, std::size_t maxUnpacked)
    : _bytes(bytes), _maxUnpacked(maxUnpacked) {
  if (bytes.size() < 22) truncated("without its end record");
  // The end-of-central-directory record is 22 bytes plus a comment of up to 65535 bytes.
  const std::size_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
  std::size_t eocd = std::string_view::npos;
  for (std::size_t at = bytes.size() - 22 + 1; at-- > lowest;) {
    if (le32(bytes, at) == kEndOfCentralDirectory) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string_view::npos) truncated("without its central directory");
  const std::uint16_t count = le16(bytes, eocd + 10);
  const std::uint32_t cdSize = le32(bytes, eocd + 12);
  const std::uint32_t cdOffset = le32(bytes, eocd + 16);
  if (count == 0xFFFF || cdSize == 0xFFFFFFFFu || cdOffset == 0xFFFFFFFFu) {
    throw FormatError(ReadErrorKind::Malformed, "ZIP64 archives are not supported");
  }
  // Data before the first header (Bio-Rad's spanning marker, self-extractors) shifts every
  // offset: the directory really starts where it ends minus its size.
  _shift = static_cast<long long>(eocd) - static_cast<long long>(cdOffset) - static_cast<long long>(cdSize);
  if (_shift < 0) truncated("whose central directory lies past its end");
  std::size_t at = static_cast<std::size_t>(cdOffset + _shift);
  for (std::uint16_t i = 0; i < count; ++i) {
    if (at + 46 > eocd || le32(bytes, at) != kCentralHeader) truncated("with a damaged central directory");
    ZipEntry e;
    e.flags = le16(bytes, at + 8);
    e.method = le16(bytes, at + 10);
    e.crc = le32(bytes, at + 16);
    e.compressedSize = le32(bytes, at + 20);
    e.uncompressedSize = le32(bytes, at + 24);
    const std::uint16_t nameLen = le16(bytes, at + 28);
    const std::uint16_t extraLen = le16(bytes, at + 30);
    const std::uint16_t commentLen = le16(bytes, at + 32);
    e.localOffset = le32(bytes, at + 42);
    if (at + 46 + nameLen > eocd) truncated("with a damaged central directory");
    e.name = std::string(bytes.substr(at + 46, nameLen));
    e.normalized = lowerAscii(e.name);
    std::replace(e.normalized.begin(), e.normalized.end(), '\\', '/');
    _entries.push_back(std::move(e));
    at += 46u + nameLen + extraLen + commentLen;
  }
}

const ZipEntry* ZipArchive::find(std::string_view normalizedName) const {
  for (const auto& e : _entries) {
    if (e.normalized == normalizedName) return &e;
  }
  return nullptr;
}

const ZipEntry* ZipArchive::findSuffix(std::string_view suffix) const {
  for (const auto& e : _entries) {
    if (e.normalized.size() >= suffix.size() &&
        e.normalized.compare(e.normalized.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return &e;
    }
  }
  return nullptr;
}

std::string ZipArchive::read(const ZipEntry& entry) const {
  const std::string what = "archive member " + entry.name;
  if (entry.flags & 1u) {
    throw FormatError(ReadErrorKind::Malformed,
                      what + " is encrypted and cannot be read (a Bio-Rad .pcrd run file? "
                             "export RDML or the Cq results as CSV instead)");
  }
  if (entry.uncompressedSize > _maxUnpacked) {
    throw FormatError(ReadErrorKind::TooLarge, what + " unpacks to " +
                                                   std::to_string(entry.uncompressedSize) +
                                                   " bytes, more than the limit of " +
                                                   std::to_string(_maxUnpacked));
  }
  // Try the shifted offset first, then the recorded one: some writers count the prefix.
  std::size_t local = std::string_view::npos;
  for (long long shift : {_shift, 0LL}) {
    const long long cand = static_cast<long long>(entry.localOffset) + shift;
    if (cand >= 0 && static_cast<std::size_t>(cand) + 30 <= _bytes.size() &&
        le32(_bytes, static_cast<std::size_t>(cand)) == kLocalHeader) {
      local = static_cast<std::size_t>(cand);
      break;
    }
  }
  if (local == std::string_view::npos) truncated("member " + entry.name + " has no local header");
  const std::size_t dataAt = local + 30u + le16(_bytes, local + 26) + le16(_bytes, local + 28);
  if (dataAt + entry.compressedSize > _bytes.size()) truncated("member " + entry.name + " runs past the end");
  const std::string_view data = _bytes.substr(dataAt, entry.compressedSize);
  std::string out;
  if (entry.method == 0) {
    out = std::string(data);
  } else if (entry.method == 8) {
    out = inflateBounded(data, -MAX_WBITS, _maxUnpacked, what);
  } else {
    throw FormatError(ReadErrorKind::Malformed,
                      what + " uses compression method " + std::to_string(entry.method) +
                          ", which is not supported");
  }
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size()));
  if (crc != entry.crc || out.size() != entry.uncompressedSize) {
    throw FormatError(ReadErrorKind::Malformed, what + " fails its checksum (a damaged archive)");
  }
  return out;
}

std::string gunzip(std::string_view bytes, std::size_t maxUnpacked) {
  return inflateBounded(bytes, 16 + MAX_WBITS, maxUnpacked, "the gzip stream");
}

}  // namespace natlims::instruments::detail
