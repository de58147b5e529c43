import AllocationCounter
import Dispatch
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The allocation counter must not be vacuous: tests that expect zero
/// allocations only mean something if the counter sees real ones.
@Suite("Allocation counter", .enabled(if: allocationCounterIsCounting, allocationCounterIsOff))
struct AllocationCounterTests {
  private final class Box {
    var value = 0
  }

  @Test("malloc and free are the counter's, not glibc's")
  func interposes() {
    #expect(allocationCounterIsInterposing)
  }

  @Test("An empty region counts nothing")
  func emptyRegion() {
    #expect(allocations {} == 0)
    #expect(allocationCounts {} == AllocationCounts())
    simdnet_allocation_counting_begin()
    let region = simdnet_allocation_counting_end()
    #expect(region == 0)
  }

  @Test("Arithmetic on SIMD4<Double> counts nothing")
  func simdArithmetic() {
    var sum = SIMD4<Double>(repeating: 0)
    let x = SIMD4<Double>(1, 2, 3, 4)
    #expect(allocations { sum = sum.addingProduct(x, x) } == 0)
    #expect(sum == 2 * x * x)
  }

  @Test("A class instance counts one allocation")
  func classInstance() {
    var kept: [Box] = []
    kept.reserveCapacity(2)  // so that appending needs no new buffer
    #expect(allocations { kept.append(Box()) } == 1)
    #expect(kept.count == 2)  // warm-up run and counted run
  }

  @Test("A new Array counts one allocation")
  func array() {
    var kept: [[Int]] = []
    kept.reserveCapacity(2)
    let count = Int.random(in: 10...20)
    #expect(allocations { kept.append(Array(repeating: 7, count: count)) } == 1)
    #expect(kept.map(\.count) == [count, count])
  }

  @Test("Allocations made inside the Swift runtime are counted, and so are frees")
  func runtimeAllocation() {
    let counts = allocationCounts {
      let pointer = UnsafeMutablePointer<Double>.allocate(capacity: 1000)
      pointer.initialize(repeating: 1, count: 1000)
      pointer.deallocate()
    }
    #expect(counts == AllocationCounts(allocations: 1, frees: 1))
  }

  @Test("Nested snapshots and begin/end agree")
  func nesting() {
    var kept: [Box] = []
    kept.reserveCapacity(3)
    let outer = simdnet_allocation_counts_current()
    simdnet_allocation_counting_begin()
    kept.append(Box())
    let inner = countingAllocations { kept.append(Box()) }
    let region = simdnet_allocation_counting_end()
    let total = simdnet_allocation_counts_current().allocations - outer.allocations
    #expect(inner.allocations == 1)
    #expect(region == 2)
    #expect(total == 2)
  }

  @Test("Only the current thread is counted")
  func otherThreads() {
    final class Shared: @unchecked Sendable {  // handed over through semaphores
      var allocations: UInt64 = 0
      var blocks: [Box] = []
    }
    let shared = Shared()
    let go = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      go.wait()
      shared.blocks.reserveCapacity(100)
      shared.allocations =
        countingAllocations {
          for _ in 0..<100 { shared.blocks.append(Box()) }
        }.allocations
      done.signal()
    }
    thread.start()
    let here = countingAllocations {
      go.signal()
      done.wait()
    }
    #expect(shared.allocations == 100)
    #expect(here.allocations == 0)
  }

  #if canImport(Glibc)
    // In these tests the counted regions only call the allocator and keep the
    // results; the expectations come afterwards, since recording one may
    // allocate.

    @Test("realloc: growing that moves counts an allocation, a free and a reallocation")
    func reallocMoves() {
      var byte: UInt8?
      var moved = true
      let counts = countingAllocations {
        guard let small = malloc(16) else { return }
        small.storeBytes(of: 42, as: UInt8.self)
        let smallAddress = Int(bitPattern: small)
        // Far beyond the small block: glibc usually moves it (to its own
        // mapping), but may grow it in place when it ends the heap.
        guard let large = realloc(small, 1 << 22) else { return free(small) }
        moved = Int(bitPattern: large) != smallAddress
        byte = large.load(as: UInt8.self)
        free(large)
      }
      #expect(byte == 42)
      let expected =
        moved
        ? AllocationCounts(allocations: 2, frees: 2, reallocations: 1)
        : AllocationCounts(allocations: 1, frees: 1, reallocations: 1)
      #expect(counts == expected)
    }

    @Test("realloc(NULL, n) allocates and realloc(p, 0) frees")
    func reallocEdges() {
      var shrunk: UnsafeMutableRawPointer? = UnsafeMutableRawPointer(bitPattern: 1)
      let counts = countingAllocations {
        let block = realloc(nil, 64)
        block?.storeBytes(of: 1, as: UInt8.self)
        shrunk = realloc(block, 0)
      }
      #expect(shrunk == nil)
      #expect(counts == AllocationCounts(allocations: 1, frees: 1))
    }

    @Test("posix_memalign: alignment, EINVAL and ENOMEM")
    func posixMemalign() {
      var results: [Int32] = []
      results.reserveCapacity(4)
      var address = 0
      let counts = countingAllocations {
        var block: UnsafeMutableRawPointer?
        results.append(posix_memalign(&block, 3, 16))
        results.append(posix_memalign(&block, 4, 16))  // not a multiple of sizeof(void *)
        results.append(posix_memalign(&block, 64, Int.max))
        results.append(posix_memalign(&block, 256, 100))
        address = Int(bitPattern: block)
        free(block)
      }
      #expect(results == [EINVAL, EINVAL, ENOMEM, 0])
      #expect(address != 0 && address % 256 == 0)
      #expect(counts == AllocationCounts(allocations: 1, frees: 1))
    }

    @Test("aligned_alloc and valloc: alignment, EINVAL and ENOMEM")
    func alignedAlloc() {
      var failures: [(UnsafeMutableRawPointer?, Int32)] = []
      failures.reserveCapacity(2)
      var addresses = (0, 0)
      let counts = countingAllocations {
        errno = 0
        failures.append((aligned_alloc(24, 48), errno))
        errno = 0
        failures.append((aligned_alloc(64, Int.max), errno))
        let aligned = aligned_alloc(4096, 4096)
        let legacy = valloc(10)  // page-aligned
        addresses = (Int(bitPattern: aligned), Int(bitPattern: legacy))
        free(aligned)
        free(legacy)
      }
      #expect(failures.map { $0.0 == nil } == [true, true])
      #expect(failures.map(\.1) == [EINVAL, ENOMEM])
      #expect(addresses.0 != 0 && addresses.0 % 4096 == 0)
      #expect(addresses.1 != 0 && addresses.1 % 4096 == 0)
      #expect(counts == AllocationCounts(allocations: 2, frees: 2))
    }
  #endif
}
