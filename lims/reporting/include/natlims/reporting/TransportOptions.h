#pragma once

#include <chrono>
#include <string>
#include <vector>
#include <utility>

#include "natlims/reporting/FhirBundleBuilder.h"
#include "natlims/reporting/Hl7OruBuilder.h"

namespace natlims::reporting {

/// TLS of https:// endpoints.
struct TlsOptions {
  bool verifyPeer = true;  // Default: verify the certificate chain and the host name
  std::string caFile;      // PEM bundle of trusted CAs; empty: the system's (/etc/ssl/certs)
  std::string certificateFile;  // client certificate (PEM), for receivers asking mutual TLS
  std::string privateKeyFile;   // its key (PEM)
};

/// Network settings shared by every transport.
struct NetworkOptions {
  std::chrono::milliseconds connectTimeout{5000};    // Default: 5 s
  std::chrono::milliseconds responseTimeout{30000};  // Default: 30 s for the ACK / HTTP answer
  std::string bearerToken;  // HTTP: sent as "Authorization: Bearer ..." when not empty
  std::vector<std::pair<std::string, std::string>> extraHeaders;  // HTTP: more headers
  TlsOptions tls;
};

/// Everything makeTransport needs.
struct TransportOptions {
  NetworkOptions network;
  Hl7Options hl7;
  FhirOptions fhir;
};

}  // namespace natlims::reporting
