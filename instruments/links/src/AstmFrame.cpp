#include "natlims/links/AstmFrame.h"

namespace natlims::links {

std::string astmChecksum(std::string_view bytes) {
  unsigned sum = 0;
  for (char c : bytes) sum += static_cast<unsigned char>(c);
  static const char kHex[] = "0123456789ABCDEF";
  return {kHex[(sum >> 4) & 0xF], kHex[sum & 0xF]};
}

std::string buildAstmFrame(int frameNumber, std::string_view text, bool last) {
  std::string body;
  body.reserve(text.size() + 2);
  body.push_back(static_cast<char>('0' + ((frameNumber % 8) + 8) % 8));
  body.append(text);
  body.push_back(last ? astm::kEtx : astm::kEtb);
  std::string frame;
  frame.reserve(body.size() + 5);
  frame.push_back(astm::kStx);
  frame += body;
  frame += astmChecksum(body);
  frame.push_back(astm::kCr);
  frame.push_back(astm::kLf);
  return frame;
}

std::vector<std::string> buildAstmFrames(const std::vector<std::string>& records, std::size_t maxText,
                                         int firstFrameNumber) {
  if (maxText == 0) maxText = astm::kMaxFrameText;
  std::vector<std::string> frames;
  int fn = firstFrameNumber;
  for (const auto& record : records) {
    std::string text = record;
    text.push_back(astm::kCr);
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t n = std::min(maxText, text.size() - pos);
      const bool last = pos + n == text.size();
      frames.push_back(buildAstmFrame(fn, std::string_view(text).substr(pos, n), last));
      fn = (fn + 1) % 8;
      pos += n;
    }
  }
  return frames;
}

}  // namespace natlims::links
