// Replaces the C allocator's entry points with counting wrappers around
// glibc's own implementation. See include/AllocationCounter.h for the API.
//
// Why this works: a symbol defined in the executable comes first in the
// dynamic linker's search order, so libswiftCore's (and every other shared
// library's) calls to `malloc` land here. Forwarding to `__libc_malloc` and
// friends, which glibc exports for exactly this purpose, avoids the usual
// `dlsym(RTLD_NEXT, ...)` bootstrap problem (dlsym itself allocates).
//
// The counters live in initial-exec TLS: reaching them is a fixed offset from
// the thread pointer, never a call to `__tls_get_addr`, which could allocate
// and recurse into these wrappers.
//
// Under a sanitizer that brings its own allocator (AddressSanitizer,
// ThreadSanitizer, MemorySanitizer, HWAddressSanitizer) the counter steps
// aside: replacing `malloc` with glibc's would hand the sanitizer blocks it
// never made (the test binary crashed at start). Nothing is replaced then,
// and `simdnet_allocation_counter_is_counting` says so.

#ifndef _GNU_SOURCE
#define _GNU_SOURCE  // RTLD_DEFAULT
#endif
#include "AllocationCounter.h"

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#define SIMDNET_TLS __thread __attribute__((tls_model("initial-exec")))

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer) || __has_feature(hwaddress_sanitizer)
#define SIMDNET_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)  // GCC's spelling
#define SIMDNET_UNDER_SANITIZER 1
#endif

#if defined(__GLIBC__) && !defined(SIMDNET_UNDER_SANITIZER)
#define SIMDNET_COUNTS 1
#endif

static SIMDNET_TLS simdnet_allocation_counts totals;
static SIMDNET_TLS simdnet_allocation_counts region_start;

#if defined(SIMDNET_COUNTS)

#include <malloc.h>

// glibc's real allocator. These are exported by libc.so.6 but not declared in
// any header.
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void __libc_free(void *pointer);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

#define SIMDNET_REPLACEMENT __attribute__((visibility("default"), used))

static inline void *counted_allocation(void *block) {
  if (block != NULL) totals.allocations += 1;
  return block;
}

static inline int is_power_of_two(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

// MARK: - The replacements

SIMDNET_REPLACEMENT void *malloc(size_t size) { return counted_allocation(__libc_malloc(size)); }

SIMDNET_REPLACEMENT void *calloc(size_t count, size_t size) {
  return counted_allocation(__libc_calloc(count, size));
}

SIMDNET_REPLACEMENT void free(void *pointer) {
  if (pointer != NULL) totals.frees += 1;
  __libc_free(pointer);
}

SIMDNET_REPLACEMENT void *realloc(void *pointer, size_t size) {
  if (pointer == NULL) return counted_allocation(__libc_realloc(NULL, size));
  void *result = __libc_realloc(pointer, size);
  if (size == 0 && result == NULL) {
    // glibc frees the block and returns NULL.
    totals.frees += 1;
  } else if (result != NULL) {
    totals.reallocations += 1;
    if (result != pointer) {
      totals.allocations += 1;
      totals.frees += 1;
    }
  }  // else: failure, the old block is untouched.
  return result;
}

SIMDNET_REPLACEMENT void *reallocarray(void *pointer, size_t count, size_t size) {
  // glibc's own reallocarray calls its internal realloc, bypassing ours.
  size_t bytes;
  if (__builtin_mul_overflow(count, size, &bytes)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(pointer, bytes);
}

SIMDNET_REPLACEMENT int posix_memalign(void **result, size_t alignment, size_t size) {
  if (!is_power_of_two(alignment) || alignment % sizeof(void *) != 0) return EINVAL;
  int saved_errno = errno;  // posix_memalign reports through its result only.
  void *block = __libc_memalign(alignment, size);
  errno = saved_errno;
  if (block == NULL) return ENOMEM;
  *result = counted_allocation(block);
  return 0;
}

SIMDNET_REPLACEMENT void *aligned_alloc(size_t alignment, size_t size) {
  if (!is_power_of_two(alignment)) {
    errno = EINVAL;
    return NULL;
  }
  return counted_allocation(__libc_memalign(alignment, size));  // sets ENOMEM
}

SIMDNET_REPLACEMENT void *memalign(size_t alignment, size_t size) {
  return counted_allocation(__libc_memalign(alignment, size));
}

SIMDNET_REPLACEMENT void *valloc(size_t size) { return counted_allocation(__libc_valloc(size)); }

SIMDNET_REPLACEMENT void *pvalloc(size_t size) { return counted_allocation(__libc_pvalloc(size)); }

#endif  // SIMDNET_COUNTS

// MARK: - The API

static simdnet_allocation_counts difference(simdnet_allocation_counts end,
                                            simdnet_allocation_counts start) {
  return (simdnet_allocation_counts){
      .allocations = end.allocations - start.allocations,
      .frees = end.frees - start.frees,
      .reallocations = end.reallocations - start.reallocations,
  };
}

simdnet_allocation_counts simdnet_allocation_counts_current(void) { return totals; }

void simdnet_allocation_counting_begin(void) { region_start = totals; }

simdnet_allocation_counts simdnet_allocation_counting_end_counts(void) {
  return difference(totals, region_start);
}

uint64_t simdnet_allocation_counting_end(void) {
  return simdnet_allocation_counting_end_counts().allocations;
}

bool simdnet_allocation_counter_is_counting(void) {
#if defined(SIMDNET_COUNTS)
  return true;
#else
  return false;  // Under a sanitizer, or without glibc: nothing is replaced.
#endif
}

bool simdnet_allocation_counter_is_interposing(void) {
#if defined(SIMDNET_COUNTS)
  return (uintptr_t)dlsym(RTLD_DEFAULT, "malloc") == (uintptr_t)&malloc &&
         (uintptr_t)dlsym(RTLD_DEFAULT, "free") == (uintptr_t)&free;
#else
  return false;  // Nothing is replaced and every count stays 0.
#endif
}
