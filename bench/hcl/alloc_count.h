// Heap allocation counting for benchmarks: alloc_count.cc replaces the
// global operator new/delete of the binary it is linked into; every
// allocation function call (any form of operator new) counts once.
//
// Thread safety: the counter is atomic (relaxed).
#ifndef EDP_BENCH_HCL_ALLOC_COUNT_H_
#define EDP_BENCH_HCL_ALLOC_COUNT_H_

namespace edp::bench {

// Allocations since the program started.
unsigned long long AllocationCount();

}  // namespace edp::bench

#endif  // EDP_BENCH_HCL_ALLOC_COUNT_H_
