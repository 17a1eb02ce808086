import Foundation
import Hummingbird
import PitwallCore

/// A small JSON object sent with a request, read field by field; every mistake is answered
/// with 400 and the name of the field.
struct JSONRequestBody {
    private let object: [String: JSONValue]

    /// Reads the body; an empty body is an empty object unless `required`.
    static func read(_ request: Request, example: String, required: Bool = false) async throws -> JSONRequestBody {
        let body = try await request.body.collect(upTo: 64 * 1024)
        if body.readableBytes == 0, !required { return JSONRequestBody(object: [:]) }
        let value: JSONValue
        do {
            value = try JSONTextReader.read(Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest("the body is not JSON (\(error.description)): send a JSON object such as \(example)", code: "invalid_body")
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest("the body must be a JSON object such as \(example)", code: "invalid_body")
        }
        return JSONRequestBody(object: object)
    }

    /// A string of 1 to `maximumLength` characters, or nil when absent or null.
    func text(_ key: String, maximumLength: Int = 2000) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard case .string(let text) = value, !text.isEmpty, text.count <= maximumLength else {
            throw APIError.badRequest("\(key): must be a string of 1 to \(maximumLength) characters", code: "invalid_body")
        }
        return text
    }

    /// A list of strings of 1 to `maximumLength` characters each, or nil when absent or null.
    func strings(_ key: String, maximumLength: Int = 2000) throws -> [String]? {
        guard let value = object[key], value != .null else { return nil }
        guard case .array(let items) = value else {
            throw APIError.badRequest("\(key): must be a list of strings", code: "invalid_body")
        }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item, !text.isEmpty, text.count <= maximumLength else {
                throw APIError.badRequest("\(key)[\(index)]: must be a string of 1 to \(maximumLength) characters", code: "invalid_body")
            }
            return text
        }
    }

    /// A number, sent as a JSON number or as text, handed on as text so it meets the same checks
    /// as a dashboard form's field; nil when absent or null.
    func numberText(_ key: String) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        switch value {
        case .number(let number): return "\(number)"
        case .string(let text) where !text.isEmpty && text.count <= 64: return text
        default: throw APIError.badRequest("\(key): must be a number", code: "invalid_body")
        }
    }

    /// A whole number in `range`, or nil when absent or null.
    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = object[key], value != .null else { return nil }
        guard case .number(let number) = value, number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound)
        else {
            throw APIError.badRequest("\(key): must be a whole number from \(range.lowerBound) to \(range.upperBound)", code: "invalid_body")
        }
        return Int(number)
    }
}
