// OBS (object storage, S3 API; api.md 5) calls: requests signed with AWS
// SigV4 (or V2 for path style where the service demands it), XML bodies
// (lib/xml), OBS XML errors as otc::Error (code "NoSuchBucket", ...), and
// the client's retries (429/5xx/connection errors; PUTs of configurations
// are idempotent, bucket creation is looked up before a replay).
//
// Credentials: AK/SK (+ security token) from the provider configuration;
// with password or token authentication, temporary AK/SK are obtained from
// IAM (POST /v3.0/OS-CREDENTIAL/securitytokens, api.md 1.6) once and renewed
// before they expire. The endpoint is the catalog's "object" entry (or the
// "obs" / "object" endpoint override).
//
// Signature: AWS SigV4 (service "s3", the configured region) over the
// payload's SHA-256, so request headers are sent in their x-amz- form: an
// "x-obs-" header of a Request is renamed to "x-amz-" before signing, and
// every "x-amz-" response header is also visible under its "x-obs-" name
// (resp.Header("x-obs-version-id") works). Storage classes in x-amz- headers
// and bodies may come back in their S3 spelling (StorageClassFromS3).
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_OBS_H_
#define EDP_PROVIDER_OTC_OBS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otc/client.h"
#include "xml/xml.h"

namespace otc::obs {

struct Request {
  std::string method = "GET";
  std::string bucket;  // empty: the service (ListBuckets)
  std::string key;     // object key, unencoded; empty: the bucket itself
  // Sub-resources and parameters ("acl" -> "", "versionId" -> "v1"),
  // signed as OBS requires.
  std::vector<std::pair<std::string, std::string>> query;
  Headers headers;   // e.g. x-amz-acl, Content-Type, x-amz-meta-*
  std::string body;  // XML or object bytes
  // Instead of `body`: the bytes of this local file, read when the request
  // is sent (and again for each retry) and streamed to the service.
  std::string body_file;
  // Adds Content-MD5 of `body` (required by OBS for lifecycle, cors, tagging,
  // delete-multiple).
  bool content_md5 = false;
  // Accepted statuses; empty = any 2xx.
  std::vector<int> ok_codes;
  std::optional<bool> idempotent;  // defaults as Client::Request
  FindExisting find_existing;
  std::string what;  // "creating OBS bucket \"b\""
};

// Sends `req` to OBS. A non-accepted status becomes an otc::Error with the
// XML error's Code/Message/RequestId (HEAD errors: the status alone).
Result<Response> Do(const framework::Context& ctx, Client& c, const Request& req);

// The parsed XML body of a successful response (an error of kind kDecode
// naming `what` when it is not well-formed).
Result<xml::XmlNode> ParseBody(const Response& resp, const std::string& what);

// The OBS endpoint ("https://obs.eu-de.otc.t-systems.com" or otc-sim's
// http://127.0.0.1:PORT) the client uses.
Result<std::string> Endpoint(const framework::Context& ctx, Client& c);

// "{bucket}.obs.{region}.otc.t-systems.com", as the official provider
// computes bucket_domain_name.
std::string BucketDomainName(const std::string& bucket, const std::string& region);

// "STANDARD_IA" -> "WARM", "GLACIER" -> "COLD", "" -> "STANDARD"; anything
// else unchanged.
std::string StorageClassFromS3(const std::string& s3_class);

// MD5 of `data`: lower-case hex (an object's ETag) and base64 (Content-MD5).
std::string Md5Hex(std::string_view data);
std::string Md5Base64(std::string_view data);

struct FileDigest {
  std::string md5_hex;
  std::string md5_base64;  // Content-MD5
  std::string sha256_hex;
  uint64_t size = 0;
};
// Reads `path` in chunks (never whole into memory) and digests it; an error
// of kind kConfig naming the path when it cannot be read.
Result<FileDigest> DigestFile(const std::string& path);

// ETag as OBS returns it ("\"d41d8...\"") without the quotes.
std::string UnquoteEtag(std::string_view etag);

}  // namespace otc::obs

#endif  // EDP_PROVIDER_OTC_OBS_H_
