import CMallocTuning
import PitwallServer

/// glibc's allocation settings for a server that stays up for weeks.
enum ServerMemory {
    /// By default glibc gives threads that allocate at once arenas of their own, up to eight a
    /// core, and keeps what is freed in each: a server taking 200,000 events measured 365 MB
    /// resident with that and 253 MB with two arenas. And each time a large block is freed it
    /// raises the size from which blocks are mapped on their own and the free memory it keeps,
    /// so a year's page (150,000 rollup rows) left the next one on the heap: four year-long
    /// pages in a row took the server to 435 MB, 255 MB with the sizes fixed (docs/performance.md).
    static func tuneForServing() {
        _ = pitwall_limit_malloc_arenas(2)
        _ = pitwall_return_freed_memory(256 * 1_024, 1_024 * 1_024)
    }

    /// What is still freed but kept after a large request, given back: after a walk through
    /// every page, year-long ones included, 264 MB resident came down to 82 MB.
    static let freedMemoryReturn = FreedMemoryReturn { _ = pitwall_give_back_free_pages() }
}
