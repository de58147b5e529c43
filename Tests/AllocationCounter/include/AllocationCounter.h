/// AllocationCounter — counts heap allocations per thread, for the tests only.
///
/// Linking this target into a binary replaces `malloc`, `calloc`, `realloc`,
/// `reallocarray`, `free`, `posix_memalign`, `aligned_alloc`, `memalign`,
/// `valloc` and `pvalloc` for the whole process (the dynamic linker binds the
/// Swift runtime's and every library's calls to them). Each replacement
/// forwards to glibc's own allocator (`__libc_malloc` and friends), so
/// behaviour and performance are unchanged; it only bumps counters that belong
/// to the calling thread.
///
/// The counters are thread-local because Swift Testing runs tests in parallel
/// on several threads: a counted region sees only what its own thread did.
/// Code inside a counted region must therefore stay on one thread (no `await`).
///
/// Typical use from Swift:
///
///     simdnet_allocation_counting_begin()
///     hotPath()
///     let allocations = simdnet_allocation_counting_end()  // 0 is the goal
///
/// Linux with glibc only, and not under a sanitizer that brings its own
/// allocator (AddressSanitizer, ThreadSanitizer, MemorySanitizer,
/// HWAddressSanitizer: the counter steps aside for it). Elsewhere nothing is
/// replaced, every count stays 0, and `simdnet_allocation_counter_is_counting`
/// and `simdnet_allocation_counter_is_interposing` return false: tests that
/// count should be skipped, saying why.
#ifndef SIMDNET_ALLOCATION_COUNTER_H
#define SIMDNET_ALLOCATION_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Running totals for one thread since the thread started. They only grow.
typedef struct simdnet_allocation_counts {
  /// Blocks obtained from the allocator: every successful `malloc`, `calloc`,
  /// `memalign`, `posix_memalign`, `aligned_alloc`, `valloc`, `pvalloc`,
  /// `realloc(NULL, n)`, and every `realloc` that moved the block elsewhere.
  uint64_t allocations;
  /// Blocks given back: `free` of a non-null pointer, `realloc(p, 0)`, and
  /// the old block of every `realloc` that moved it.
  uint64_t frees;
  /// `realloc` calls that resized an existing block, whether in place or by
  /// moving it (a move also counts one allocation and one free).
  uint64_t reallocations;
} simdnet_allocation_counts;

/// This thread's running totals. Subtract two snapshots to count a region;
/// snapshots nest freely. Never allocates.
simdnet_allocation_counts simdnet_allocation_counts_current(void);

/// Starts this thread's counted region (restarting it if one is open).
/// Never allocates.
void simdnet_allocation_counting_begin(void);

/// Ends this thread's counted region and returns the number of allocations
/// (see `simdnet_allocation_counts.allocations`) this thread made since
/// `simdnet_allocation_counting_begin`. Never allocates.
uint64_t simdnet_allocation_counting_end(void);

/// Like `simdnet_allocation_counting_end`, but returns all three counts of the
/// region.
simdnet_allocation_counts simdnet_allocation_counting_end_counts(void);

/// Whether this build counts at all: false under a sanitizer and without
/// glibc, where nothing is replaced. Never allocates.
bool simdnet_allocation_counter_is_counting(void);

/// True when the process's `malloc` really is this target's replacement (it is
/// not when the binary was linked in a way that keeps glibc's). A counter that
/// is not interposing reports 0 for everything, so tests assert this first.
/// May allocate (it asks the dynamic linker); call it outside counted regions.
bool simdnet_allocation_counter_is_interposing(void);

#ifdef __cplusplus
}
#endif

#endif  // SIMDNET_ALLOCATION_COUNTER_H
