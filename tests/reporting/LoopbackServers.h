#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>

namespace natlims::reporting::test {

/// A real MLLP receiver on 127.0.0.1 (port chosen by the kernel) that answers each message the
/// way it is told. Every connection is served on its own in one thread; messages are recorded.
class MllpTestServer {
 public:
  enum class Mode {
    Accept,          // AA echoing MSH-10
    Error,           // AE with MSA-3 and an ERR segment that quotes the message's PID-3 and PID-5
    Reject,          // AR
    Garbage,         // bytes that are no MLLP block
    Silent,          // reads the message and never answers
    Close,           // reads the message and closes the connection
    OtherControlId,  // AA for another control id
  };

  explicit MllpTestServer(Mode mode);
  ~MllpTestServer();
  MllpTestServer(const MllpTestServer&) = delete;
  MllpTestServer& operator=(const MllpTestServer&) = delete;

  std::uint16_t port() const { return _port; }
  std::string url() const { return "mllp://127.0.0.1:" + std::to_string(_port); }
  void setMode(Mode mode) { _mode = mode; }
  std::vector<std::string> received() const;

 private:
  void run();
  void serve(Poco::Net::StreamSocket& socket);

  Poco::Net::ServerSocket _socket;
  std::uint16_t _port = 0;
  std::atomic<Mode> _mode;
  std::atomic<bool> _stop{false};
  mutable std::mutex _mutex;
  std::vector<std::string> _received;  // guarded by _mutex
  std::thread _thread;
};

/// One HTTP request as the test server saw it.
struct SeenRequest {
  std::string method;
  std::string uri;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

/// What the test server answers.
struct CannedAnswer {
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
  std::map<std::string, std::string> headers;
  int delayMillis = 0;
};

/// A real Poco HTTP(S) server on 127.0.0.1 answering every request with `answer(request)` and
/// recording the requests. HTTPS when a certificate and key (PEM files) are given.
class HttpTestServer {
 public:
  using Answer = std::function<CannedAnswer(const SeenRequest&)>;

  explicit HttpTestServer(Answer answer, const std::string& certificateFile = {}, const std::string& keyFile = {});
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  std::uint16_t port() const { return _port; }
  /// "http://127.0.0.1:PORT" + path (https:// when secure).
  std::string url(const std::string& path = "/fhir") const;
  std::vector<SeenRequest> requests() const;

  struct Shared;

 private:
  std::shared_ptr<Shared> _shared;
  std::uint16_t _port = 0;
  bool _secure = false;
  std::unique_ptr<Poco::Net::HTTPServer> _server;
};

/// A temporary directory removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return _path; }

 private:
  std::string _path;
};

/// Runs a shell command; returns its exit status and captures stdout.
int runCommand(const std::string& command, std::string* output = nullptr);

/// A self-signed certificate for 127.0.0.1 / localhost made with the openssl program into
/// `dir` (cert.pem, key.pem); false when openssl failed.
bool makeSelfSignedCertificate(const std::string& dir);

}  // namespace natlims::reporting::test
