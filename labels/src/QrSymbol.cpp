#include "QrSymbol.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

QrSymbol encodeQr(std::string_view text) {
  const std::string data(text);
  // Version 0 lets libqrencode pick the smallest version. QR_MODE_8 with case sensitivity on is
  // the documented way to encode a string; libqrencode still splits upper-case letters and
  // digits into alphanumeric mode, which is what keeps a tube code in version 1 at level H.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_H, QR_MODE_8, 1), &QRcode_free);
  if (!qr) {
    const int err = errno;
    throw ContentError(std::string("code: the QR encoder refused it (") + std::strerror(err) + ")", "code");
  }
  QrSymbol s;
  s.version = qr->version;
  s.size = qr->width;
  s.dark.resize(static_cast<std::size_t>(s.size) * s.size);
  for (std::size_t i = 0; i < s.dark.size(); ++i) s.dark[i] = qr->data[i] & 1;  // other bits are flags
  return s;
}

}  // namespace natlims::labels
