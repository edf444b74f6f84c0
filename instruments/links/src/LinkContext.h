#pragma once

// What the link connections share (private to the library).

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "natlims/links/LinkLog.h"
#include "natlims/links/LinkServer.h"
#include "natlims/links/RunSink.h"

namespace natlims::links {

struct LinkContext {
  boost::asio::io_context& io;
  boost::asio::thread_pool& storeThreads;
  RunSink& sink;
  LinkServerOptions options;
  LogSink log;
};

}  // namespace natlims::links
