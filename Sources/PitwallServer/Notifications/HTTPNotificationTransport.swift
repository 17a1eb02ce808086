import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import PitwallCore

/// Delivers notification batches over HTTP: signed JSON to webhooks, `{"text": ...}` to
/// Slack-compatible incoming webhooks. Retries network errors, 408, 429 and 5xx with the
/// given delays; another 4xx means the receiver refuses, and retrying would not help.
struct HTTPNotificationTransport: NotificationTransport {
    let client: HTTPClient
    let retryDelays: [Duration]
    let linkBase: String?

    func deliver(_ batch: NotificationBatch) async -> DeliveryOutcome {
        let (url, body, headers) = request(for: batch)
        var attempt = 0
        var detail = ""
        while true {
            attempt += 1
            do {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers = headers
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await client.execute(request, timeout: .seconds(10))
                let code = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(code) { return DeliveryOutcome(delivered: true, attempts: attempt, detail: "HTTP \(code)") }
                detail = "HTTP \(code)"
                if (400..<500).contains(code), code != 408, code != 429 { return DeliveryOutcome(delivered: false, attempts: attempt, detail: detail) }
            } catch {
                detail = "\(error)"
            }
            guard attempt <= retryDelays.count else { return DeliveryOutcome(delivered: false, attempts: attempt, detail: detail) }
            try? await Task.sleep(for: retryDelays[attempt - 1])
        }
    }

    func request(for batch: NotificationBatch) -> (url: String, body: String, headers: HTTPHeaders) {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "User-Agent": "pitwall"]
        switch batch.channel.kind {
        case .webhook(let url, let secret):
            let body = NotificationMessage.json(batch, linkBase: linkBase)
            let timestamp = batch.at.millisecondsSinceEpoch / 1000
            headers.add(name: "X-Pitwall-Timestamp", value: String(timestamp))
            if let secret {
                headers.add(name: "X-Pitwall-Signature", value: "v1=" + Self.signature(secret: secret, timestamp: timestamp, body: body))
            }
            return (url, body, headers)
        case .slack(let url):
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("text", NotificationMessage.text(batch, linkBase: linkBase))
            writer.endObject()
            return (url, writer.text, headers)
        }
    }

    /// Hex HMAC-SHA256 of "TIMESTAMP.BODY" under the channel's secret: a receiver recomputes
    /// it, compares in constant time, and refuses stale timestamps to stop replays.
    static func signature(secret: String, timestamp: Int64, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
