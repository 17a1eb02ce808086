#ifndef PITWALL_MALLOC_TUNING_H
#define PITWALL_MALLOC_TUNING_H

#if defined(__linux__)
#include <malloc.h>
#endif

/// Caps how many allocation arenas glibc creates; 0 where there is no such setting.
static inline int pitwall_limit_malloc_arenas(int count) {
#if defined(__linux__) && defined(M_ARENA_MAX)
    return mallopt(M_ARENA_MAX, count);
#else
    (void)count;
    return 0;
#endif
}

/// Fixes the sizes at which glibc maps a large block on its own (returned to the system when
/// freed) and gives free memory at the top of the heap back, instead of raising both each time
/// a large block is freed; 0 where there is no such setting.
static inline int pitwall_return_freed_memory(int mapped_from_bytes, int trimmed_from_bytes) {
#if defined(__linux__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    return mallopt(M_MMAP_THRESHOLD, mapped_from_bytes) && mallopt(M_TRIM_THRESHOLD, trimmed_from_bytes);
#else
    (void)mapped_from_bytes;
    (void)trimmed_from_bytes;
    return 0;
#endif
}

/// Gives the system back every free page of the heap, not only those at its top; 0 where
/// there is no such call.
static inline int pitwall_give_back_free_pages(void) {
#if defined(__linux__) && defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

#endif
