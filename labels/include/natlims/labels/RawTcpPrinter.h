#pragma once

#include <string>

#include "natlims/labels/LabelConfig.h"
#include "natlims/labels/LabelPrinter.h"

namespace natlims::labels {

/// A label printer's raw TCP port (9100, "JetDirect"): the job's bytes are the whole protocol.
///
/// Connecting is tried 1 + options.retries times, options.retryDelayMs apart (doubling), each
/// with options.timeoutMs; then PrinterError names the printer, the attempts and the last
/// reason. Once connected, a send that fails or times out is NOT retried: the printer may have
/// printed part of the job, and sending it again could print a code twice (two tubes, one
/// code). The error says how many bytes went out so that someone checks the printer first.
class RawTcpPrinter : public LabelPrinter {
 public:
  RawTcpPrinter(std::string host, int port, PrinterOptions options = {});

  /// "HOST:PORT", "HOST" (port 9100) or "[IPv6]:PORT"; throws ConfigError (field "printer").
  static RawTcpPrinter fromAddress(const std::string& address, PrinterOptions options = {});

  void print(std::string_view job) override;
  std::string describe() const override;

  const std::string& host() const { return _host; }
  int port() const { return _port; }

 private:
  std::string _host;
  int _port;
  PrinterOptions _options;
};

}  // namespace natlims::labels
