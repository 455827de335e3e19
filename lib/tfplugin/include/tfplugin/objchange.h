// What OpenTofu core computes around a provider's PlanResourceChange, over
// the wire schema (tfplugin::SchemaBlock), for clients of the protocol (the
// provider demo now, edp-stack's builtin engine later).
//
// ProposedNewState is tofu's objchange.ProposedNew (rpcs.md 3.9): the
// configuration, with the prior state's values kept for computed attributes
// the configuration leaves null, nested blocks correlated with the prior
// state by index (list), key (map) or, for sets, the first unused prior
// element whose non-computed attributes equal the configured ones. A null
// configuration (destroy) proposes null.
//
// NormalizeConfig turns a configuration object whose absent nested blocks
// are null (e.g. decoded from JSON) into what tofu sends: list and set
// blocks as empty collections, map blocks as empty maps, recursively.
//
// Thread safety: pure functions.
#ifndef EDP_TFPLUGIN_OBJCHANGE_H_
#define EDP_TFPLUGIN_OBJCHANGE_H_

#include "cty/value.h"
#include "tfplugin/schema.h"

namespace tfplugin {

cty::Value ProposedNewState(const SchemaBlock& schema, const cty::Value& prior, const cty::Value& config);

cty::Value NormalizeConfig(const SchemaBlock& schema, const cty::Value& config);

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_OBJCHANGE_H_
