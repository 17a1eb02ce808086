/// FNV-1a, 64 bits: the same number for the same text in every run and on every machine,
/// unlike Swift's seeded `Hasher`. For versions of a configuration and choices that must not
/// draw from a seeded generator.
public enum StableHash {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
