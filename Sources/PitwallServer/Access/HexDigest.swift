import Crypto
import Foundation

/// SHA-256 as lowercase hex: how Pitwall writes down a secret's hash, an idempotency key's,
/// an ADF prospect's fingerprint, and how Twilio states a body's.
enum HexDigest {
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
}
