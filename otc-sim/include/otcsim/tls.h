// The simulator's own certificate authority: an EC P-256 CA created at
// start-up and a server certificate for 127.0.0.1, ::1 and localhost
// (plus *.localhost) signed by it.
#ifndef OTCSIM_TLS_H_
#define OTCSIM_TLS_H_

#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace otcsim {

// Creates the CA and server certificate, writes the CA certificate (PEM) to
// `ca_path`, and returns a server SSL_CTX (caller frees with SSL_CTX_free).
// Returns nullptr and sets *err on failure.
SSL_CTX* CreateTlsContext(const std::string& ca_path, std::string* err);

}  // namespace otcsim

#endif  // OTCSIM_TLS_H_
