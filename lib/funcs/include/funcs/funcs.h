// funcs: the OpenTofu function library over cty values.
//
// Standard() returns the functions OpenTofu offers in configuration (the
// names tofu uses, e.g. "upper", "jsonencode", "cidrsubnet"), each a
// cty::Function with OpenTofu's parameters, results and error messages.
// The groups are also available one by one. With `pure_only` the impure
// functions (bcrypt, timestamp, uuid) keep their signatures but return
// unknown values, as tofu's function.Unpredictable does during validation
// and planning. File functions are not impure in tofu's sense (they read the
// configuration's own files).
//
// Not provided yet: base64gzip (its output must equal Go's compress/flate
// byte for byte), and tofu's console-only `type`.
//
// Not provided here: `can`, `try`, `templatefile` and `templatestring`,
// which need the HCL evaluator; lib/hcl adds them to the table.
//
// Thread safety: the returned tables are immutable and their functions may
// be called concurrently.
#ifndef EDP_FUNCS_FUNCS_H_
#define EDP_FUNCS_FUNCS_H_

#include <string>

#include "cty/function.h"

namespace funcs {

struct StandardOptions {
  // Directory that relative paths given to filesystem functions are resolved
  // against (tofu: the module directory). Empty: the current directory.
  std::string base_dir;
  // Impure functions return unknown values (see file comment).
  bool pure_only = false;
  // What plantimestamp() returns: the plan's timestamp in RFC 3339 form
  // ("2024-01-02T03:04:05Z"). Empty (validation): plantimestamp() is unknown.
  std::string plan_timestamp;
};

// Every function below, merged, plus plantimestamp, and each function again
// under its "core::" name ("core::upper"), as tofu registers them.
cty::FunctionTable Standard(const StandardOptions& options = {});

// abs ceil floor log max min parseint pow signum
cty::FunctionTable NumericFunctions();
// chomp endswith format formatlist indent join lower regex regexall replace
// split startswith strcontains strrev substr title trim trimprefix
// trimsuffix trimspace upper
cty::FunctionTable StringFunctions();
// alltrue anytrue chunklist coalesce coalescelist compact concat contains
// distinct element flatten index keys length lookup matchkeys merge one
// range reverse setintersection setproduct setsubtract setunion slice sort
// sum transpose values zipmap
cty::FunctionTable CollectionFunctions();
// tobool tolist tomap tonumber toset tostring sensitive nonsensitive
// issensitive
cty::FunctionTable ConversionFunctions();
// base64decode base64encode base64gunzip jsondecode jsonencode csvdecode
// textdecodebase64 textencodebase64 urlencode urldecode yamldecode
// yamlencode
cty::FunctionTable EncodingFunctions();
// md5 sha1 sha256 sha512 base64sha256 base64sha512 rsadecrypt uuidv5, and
// (impure) uuid bcrypt
cty::FunctionTable HashFunctions(const StandardOptions& options = {});
// formatdate timeadd timecmp, and (impure) timestamp
cty::FunctionTable DateTimeFunctions(const StandardOptions& options = {});
// abspath basename dirname pathexpand file filebase64 fileexists fileset
// filemd5 filesha1 filesha256 filesha512 filebase64sha256 filebase64sha512
cty::FunctionTable FilesystemFunctions(const StandardOptions& options = {});
// cidrhost cidrnetmask cidrsubnet cidrsubnets cidrcontains
cty::FunctionTable NetworkFunctions();

}  // namespace funcs

#endif  // EDP_FUNCS_FUNCS_H_
