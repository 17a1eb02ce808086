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

#endif
