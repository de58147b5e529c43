import AllocationCounter
import Testing

/// Heap activity on one thread over a counted region.
struct AllocationCounts: Equatable, CustomStringConvertible {
  /// Blocks obtained from the allocator (`malloc`, `calloc`, the aligned
  /// variants, and every `realloc` that had to move or create a block).
  var allocations: UInt64
  /// Blocks given back (`free`, `realloc(p, 0)`, the old block of a move).
  var frees: UInt64
  /// `realloc` calls that resized an existing block, in place or not.
  var reallocations: UInt64

  init(allocations: UInt64 = 0, frees: UInt64 = 0, reallocations: UInt64 = 0) {
    self.allocations = allocations
    self.frees = frees
    self.reallocations = reallocations
  }

  init(_ counts: simdnet_allocation_counts) {
    self.init(
      allocations: counts.allocations, frees: counts.frees, reallocations: counts.reallocations)
  }

  var description: String {
    "\(allocations) allocations, \(frees) frees, \(reallocations) reallocations"
  }
}

/// Whether this build counts allocations at all: not under a sanitizer
/// (`swift test --sanitize=address`), whose own allocator the counter steps
/// aside for, where every count is 0.
let allocationCounterIsCounting = simdnet_allocation_counter_is_counting()

/// Why the tests that count are skipped when the counter does not count.
let allocationCounterIsOff = Comment(
  rawValue: "the allocation counter steps aside under a sanitizer: nothing is counted")

/// Whether the allocation counter really replaced `malloc` in this test binary.
/// If it did not, every count is 0, so tests that expect 0 would pass vacuously.
var allocationCounterIsInterposing: Bool { simdnet_allocation_counter_is_interposing() }

/// The heap allocations `body` makes on the current thread.
///
/// `body` runs twice: once as a warm-up, so that one-time work (lazy globals
/// and `swift_once`, type metadata, caches filled on first use) is not
/// counted, and once counted. Only the calling thread is counted, which is
/// what lets Swift Testing run tests in parallel; `body` must not hand work to
/// other threads or suspend.
///
///     #expect(allocations { _ = network.predict(batch) } == 0)
func allocations(_ body: () throws -> Void) rethrows -> UInt64 {
  try allocationCounts(body).allocations
}

/// Like ``allocations(_:)``, but reports frees and reallocations too.
func allocationCounts(_ body: () throws -> Void) rethrows -> AllocationCounts {
  try body()
  return try countingAllocations(body)
}

/// Counts one run of `body`, without a warm-up run.
@inline(never)
func countingAllocations(_ body: () throws -> Void) rethrows -> AllocationCounts {
  let start = simdnet_allocation_counts_current()
  try body()
  let end = simdnet_allocation_counts_current()
  return AllocationCounts(
    allocations: end.allocations &- start.allocations,
    frees: end.frees &- start.frees,
    reallocations: end.reallocations &- start.reallocations)
}
