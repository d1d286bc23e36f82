import FolioText

/// Returns memory the allocator holds but no longer uses to the system, so a
/// long document's peak is what is live, not what was ever touched.
func releaseFreeMemory() {
    #if os(Linux)
        _ = glibcMallocTrim(0)
    #endif
}

#if os(Linux)
    // glibc's malloc_trim(3) and mallopt(3); <malloc.h> is not part of the Glibc module.
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

extension Converter {
    /// Process-wide allocator setting the `folio` command makes at start: the
    /// heap grows by what is asked, with no extra padding each time (a long
    /// document's words arrive a page at a time, and the default padding added
    /// memory that was never used). An app embedding Folio may call it too; it
    /// changes glibc's `M_TOP_PAD` for the whole process, so it is not made for
    /// you. No effect off Linux.
    public static func tuneAllocatorForLongDocuments() {
        #if os(Linux)
            _ = glibcMallopt(-2, 0)  // M_TOP_PAD
        #endif
    }
}
