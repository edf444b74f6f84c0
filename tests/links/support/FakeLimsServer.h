#pragma once

// A small HTTP server on loopback standing in for lims-server's session and run endpoints in the
// gateway's tests: real HTTP (Poco HTTPServer), recorded requests, answers the test sets.

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace natlims::testing {

struct RecordedRequest {
  std::string method;
  std::string uri;
  std::string contentType;
  std::string authorization;
  std::string body;
};

struct FakeAnswer {
  int status = 201;
  std::string body;  // empty for runs: {"id":"run-N"} is made up
  std::chrono::milliseconds delay{0};
};

class FakeLimsServer {
 public:
  /// Starts on 127.0.0.1, a free port. Accepts user "gateway" with password "secret".
  FakeLimsServer();
  ~FakeLimsServer();
  FakeLimsServer(const FakeLimsServer&) = delete;
  FakeLimsServer& operator=(const FakeLimsServer&) = delete;

  std::string url() const;
  /// Answers for the next POST /api/v1/runs, in order; afterwards 201 {"id":"run-N"}.
  void queueRunAnswers(std::deque<FakeAnswer> answers);
  /// Makes every token issued so far invalid (the next run call answers 401).
  void revokeTokens();

  std::vector<RecordedRequest> requests() const;
  std::vector<RecordedRequest> runRequests() const;
  std::size_t sessionCount() const;

  class Handler;  // the request handler (FakeLimsServer.cpp)
  struct State;

 private:
  std::shared_ptr<State> _state;
  class Impl;
  std::unique_ptr<Impl> _impl;
};

}  // namespace natlims::testing
