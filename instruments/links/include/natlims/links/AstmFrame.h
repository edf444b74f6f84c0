#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::links {

/// ASTM E1381 (CLSI LIS1-A) low-level bytes and frames.
namespace astm {
inline constexpr char kStx = 0x02;
inline constexpr char kEtx = 0x03;
inline constexpr char kEot = 0x04;
inline constexpr char kEnq = 0x05;
inline constexpr char kAck = 0x06;
inline constexpr char kNak = 0x15;
inline constexpr char kEtb = 0x17;
inline constexpr char kCr = 0x0D;
inline constexpr char kLf = 0x0A;
/// The standard's limit on the text of one frame; longer records continue in ETB frames.
inline constexpr std::size_t kMaxFrameText = 240;
}  // namespace astm

/// The checksum of a frame: the sum of the bytes from the frame number through ETX/ETB inclusive,
/// modulo 256, as two upper-case hex digits ("1A|B|C|D\r\x03" -> "BF").
std::string astmChecksum(std::string_view frameNumberThroughTerminator);

/// One frame: STX, the frame number digit (`frameNumber` mod 8), `text`, ETX when `last` else ETB,
/// the checksum, CR LF.
std::string buildAstmFrame(int frameNumber, std::string_view text, bool last);

/// The frames a strict sender sends for `records` (record texts without their CR): each record
/// starts a new frame and ends with CR; a record whose text (with CR) is longer than `maxText` is
/// split, intermediate frames ending ETB. Frame numbers run from `firstFrameNumber`, 1..7, 0, 1...
std::vector<std::string> buildAstmFrames(const std::vector<std::string>& records,
                                         std::size_t maxText = astm::kMaxFrameText,
                                         int firstFrameNumber = 1);

}  // namespace natlims::links
