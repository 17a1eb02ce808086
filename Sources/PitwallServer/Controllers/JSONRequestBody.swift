import Foundation
import Hummingbird

/// A small JSON object sent with a request, read field by field; every mistake is answered
/// with 400 and the name of the field.
struct JSONRequestBody {
    private let object: [String: Any]

    /// Reads the body; an empty body is an empty object unless `required`.
    static func read(_ request: Request, example: String, required: Bool = false) async throws -> JSONRequestBody {
        let body = try await request.body.collect(upTo: 64 * 1024)
        if body.readableBytes == 0, !required { return JSONRequestBody(object: [:]) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw APIError.badRequest("the body must be a JSON object such as \(example)", code: "invalid_body")
        }
        return JSONRequestBody(object: object)
    }

    /// A string of 1 to `maximumLength` characters, or nil when absent or null.
    func text(_ key: String, maximumLength: Int = 2000) throws -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String, !text.isEmpty, text.count <= maximumLength else {
            throw APIError.badRequest("\(key): must be a string of 1 to \(maximumLength) characters", code: "invalid_body")
        }
        return text
    }

    /// A whole number in `range`, or nil when absent or null.
    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let number = value as? Int, range.contains(number) else {
            throw APIError.badRequest("\(key): must be a whole number from \(range.lowerBound) to \(range.upperBound)", code: "invalid_body")
        }
        return number
    }
}
