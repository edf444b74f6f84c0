#pragma once

// A minimal synchronous HTTP/1.1 keep-alive client on Boost.Beast (Boost.Asio), used only to
// measure it against Poco's client for the station's choice (docs/station.md, "Network code").

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <string>

namespace natlims::station::bench {

class BeastClient {
 public:
  BeastClient(std::string host, std::string port) : _host(std::move(host)), _port(std::move(port)), _socket(_io) {}

  /// POST with a JSON body; returns the status.
  int post(const std::string& target, const std::string& body, const std::string& token, const std::string& key) {
    namespace http = boost::beast::http;
    if (!_socket.is_open()) {
      boost::asio::ip::tcp::resolver resolver(_io);
      boost::asio::connect(_socket, resolver.resolve(_host, _port));
      _socket.set_option(boost::asio::ip::tcp::no_delay(true));
    }
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, _host);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::authorization, "Bearer " + token);
    req.set("Idempotency-Key", key);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    http::write(_socket, req);
    http::response<http::string_body> res;
    http::read(_socket, _buffer, res);
    if (!res.keep_alive()) _socket.close();
    return static_cast<int>(res.result_int());
  }

 private:
  std::string _host, _port;
  boost::asio::io_context _io;
  boost::asio::ip::tcp::socket _socket;
  boost::beast::flat_buffer _buffer;
};

}  // namespace natlims::station::bench
