import Crypto
import Foundation

/// Twilio's request signature (`X-Twilio-Signature`), checked as Twilio specifies: base64 of
/// HMAC-SHA1, keyed with the account's auth token, over the full URL Twilio called followed
/// by every form parameter's name and value, sorted by name (then value). A JSON body is
/// covered instead by the `bodySHA256` query parameter, the hex SHA-256 of the body.
enum TwilioSignature {
    static func compute(url: String, parameters: [(String, String)], authToken: String) -> String {
        var data = url
        // Twilio's reference libraries sign a repeated identical pair once.
        var seen = Set<String>()
        let unique = parameters.filter { seen.insert($0.0 + "\u{0}" + $0.1).inserted }
        for (name, value) in unique.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            data += name + value
        }
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(data.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(code).base64EncodedString()
    }

    /// Whether `signature` fits the request under `authToken`. The URL is tried as given,
    /// without its port, and with the scheme's default port, since proxies and Twilio's own
    /// libraries differ on writing it.
    static func isValid(signature: String, url: String, parameters: [(String, String)], body: Data?, authToken: String) -> Bool {
        var checked = parameters
        if let body, let components = URLComponents(string: url), let expected = components.queryItems?.first(where: { $0.name == "bodySHA256" })?.value {
            // The JSON variant: the body's hash is in the URL, and no form parameters are signed.
            let actual = HexDigest.sha256(body)
            guard RandomSecret.matches(actual, expected.lowercased()) else { return false }
            checked = []
        }
        return variants(of: url).contains { candidate in
            RandomSecret.matches(compute(url: candidate, parameters: checked, authToken: authToken), signature)
        }
    }

    static func variants(of url: String) -> [String] {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return [url] }
        var urls = [url]
        if components.port != nil {
            components.port = nil
            if let bare = components.string { urls.append(bare) }
        } else if let port = ["https": 443, "http": 80][scheme] {
            components.port = port
            if let explicit = components.string { urls.append(explicit) }
        }
        return urls
    }
}
