#include "natlims/labels/RawTcpPrinter.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/Timespan.h>

#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

namespace {

constexpr int kDefaultPort = 9100;
constexpr std::size_t kChunk = 16 * 1024;

Poco::Timespan millis(int ms) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms) * 1000); }

}  // namespace

RawTcpPrinter::RawTcpPrinter(std::string host, int port, PrinterOptions options)
    : _host(std::move(host)), _port(port), _options(options) {
  if (_host.empty()) throw ConfigError("printer: no host given", "printer");
  if (_port < 1 || _port > 65535) throw ConfigError("printer: port must be 1..65535", "printer");
}

RawTcpPrinter RawTcpPrinter::fromAddress(const std::string& address, PrinterOptions options) {
  std::string host = address;
  int port = kDefaultPort;
  std::string portText;
  if (!address.empty() && address.front() == '[') {
    const auto close = address.find(']');
    if (close == std::string::npos) throw ConfigError("printer: '" + address + "' lacks ']'", "printer");
    host = address.substr(1, close - 1);
    if (close + 1 < address.size()) {
      if (address[close + 1] != ':') throw ConfigError("printer: '" + address + "' is not [HOST]:PORT", "printer");
      portText = address.substr(close + 2);
    }
  } else if (const auto colon = address.rfind(':'); colon != std::string::npos) {
    host = address.substr(0, colon);
    portText = address.substr(colon + 1);
    if (portText.empty()) throw ConfigError("printer: '" + address + "' has no port after ':'", "printer");
  }
  if (!portText.empty() && (!Poco::NumberParser::tryParse(portText, port) || port < 1 || port > 65535))
    throw ConfigError("printer: '" + portText + "' is not a port number 1..65535", "printer");
  if (host.empty()) throw ConfigError("printer: '" + address + "' names no host (HOST:PORT)", "printer");
  return RawTcpPrinter(host, port, options);
}

std::string RawTcpPrinter::describe() const {
  const bool v6 = _host.find(':') != std::string::npos;
  return "printer " + (v6 ? "[" + _host + "]" : _host) + ":" + std::to_string(_port);
}

void RawTcpPrinter::print(std::string_view job) {
  const int attempts = 1 + _options.retries;
  int delay = _options.retryDelayMs;
  std::string lastError;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    Poco::Net::StreamSocket socket;
    try {
      socket.connect(Poco::Net::SocketAddress(_host, static_cast<Poco::UInt16>(_port)), millis(_options.timeoutMs));
    } catch (const Poco::Exception& e) {
      lastError = e.displayText();
      if (attempt < attempts) {
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        delay *= 2;
      }
      continue;
    }
    std::size_t sent = 0;
    try {
      socket.setSendTimeout(millis(_options.timeoutMs));
      socket.setNoDelay(true);
      while (sent < job.size()) {
        // MSG_NOSIGNAL: a printer that hangs up must give an error here, not SIGPIPE the program.
        const int n = socket.sendBytes(job.data() + sent, static_cast<int>(std::min(kChunk, job.size() - sent)),
                                       MSG_NOSIGNAL);
        if (n <= 0) throw Poco::Net::NetException("connection closed by the printer");
        sent += static_cast<std::size_t>(n);
      }
      // Closing our side tells the printer the job is complete; the kernel still delivers
      // whatever is buffered.
      socket.shutdownSend();
      socket.close();
    } catch (const Poco::Exception& e) {
      throw PrinterError(describe() + " stopped accepting data after " + std::to_string(sent) + " of " +
                             std::to_string(job.size()) + " bytes (" + e.displayText() +
                             "); labels may be partly printed: check the printer before printing again",
                         "printer");
    }
    return;
  }
  throw PrinterError(describe() + " unreachable after " + std::to_string(attempts) +
                         (attempts == 1 ? " attempt: " : " attempts: ") + lastError,
                     "printer");
}

}  // namespace natlims::labels
