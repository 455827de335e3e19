// Realistic generated inputs for the HCL benchmarks (bench_hcl and its Go
// twin read the same files): a Terragrunt root.hcl (locals, remote_state,
// generate with a heredoc, inputs), a unit terragrunt.hcl (include,
// terraform source, dependency blocks with mock outputs, inputs built from
// dependency outputs) and a ~5k-line main.tf of OTC resources (templates,
// function calls, conditionals, for expressions, nested blocks, heredocs).
//
// Every expression evaluates without errors in the context the benchmarks
// build (variables local, var, dependency, count; the functions the
// generated text calls).
//
// Thread safety: pure functions.
#ifndef EDP_BENCH_HCL_INPUTS_H_
#define EDP_BENCH_HCL_INPUTS_H_

#include <string>
#include <utility>
#include <vector>

namespace edp::bench {

// (file name, contents), deterministic.
std::vector<std::pair<std::string, std::string>> GenerateHclInputs();

}  // namespace edp::bench

#endif  // EDP_BENCH_HCL_INPUTS_H_
