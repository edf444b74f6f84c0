#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "natlims/links/AstmOptions.h"
#include "natlims/links/Hl7Options.h"
#include "natlims/links/LinkLog.h"
#include "natlims/links/RunSink.h"

namespace natlims::links {

struct LinkServerOptions {
  AstmOptions astm;
  Hl7Options hl7;
  /// Threads that hand complete messages to the sink (a store may take seconds; the links keep
  /// serving other instruments meanwhile). Default: 2.
  std::size_t storeThreads = 2;
};

/// The instrument link servers (Boost.Asio, one network thread): ASTM E1381/E1394 and HL7 v2 over
/// MLLP, each on its own TCP port, any number of instruments connected at once. Each complete
/// message is mapped to a RunDocument and handed to the sink; the link acknowledges it only after
/// the sink stored it (AstmReceiver, docs/links.md). Nothing of an incomplete message ever reaches
/// the sink.
class LinkServer {
 public:
  LinkServer(RunSink& sink, LinkServerOptions options, LogSink log);
  ~LinkServer();
  LinkServer(const LinkServer&) = delete;
  LinkServer& operator=(const LinkServer&) = delete;

  /// Opens the ASTM port (0: any free port) and returns the port bound. Throws std::system_error
  /// when the address cannot be bound (a port in use is an error: SO_REUSEPORT is never set).
  std::uint16_t listenAstm(const std::string& address, std::uint16_t port);
  /// Opens the HL7/MLLP port, as listenAstm.
  std::uint16_t listenHl7(const std::string& address, std::uint16_t port);
  /// Starts serving (returns at once).
  void start();
  /// Stops accepting, closes the connections and waits for stores in progress. Idempotent.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> _impl;
};

}  // namespace natlims::links
