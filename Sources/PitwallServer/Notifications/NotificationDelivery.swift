import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import PitwallCore

/// One message for one channel, in each form a channel may take: the subject and text of an
/// e-mail or a chat line, the JSON of a webhook.
struct OutgoingMessage: Sendable {
    var channel: NotificationChannel
    var subject: String
    var text: String
    var json: String
    /// The e-mail's HTML beside its text, where there is one.
    var html: String? = nil
    var at: Timestamp
}

/// Delivers notification batches and reports: signed JSON to webhooks, `{"text": ...}` to Slack-compatible
/// incoming webhooks, mail over SMTP. Retries what may pass later (network errors, HTTP 408,
/// 429 and 5xx, SMTP 4xx) with the given delays; a refusal (another 4xx, SMTP 5xx) is final.
struct NotificationDelivery: NotificationTransport {
    let client: HTTPClient
    let retryDelays: [Duration]
    let linkBase: String?

    /// One attempt's result: delivered, or failed and whether another attempt may help.
    enum Attempt {
        case delivered(String)
        case failed(String, retry: Bool)
    }

    func deliver(_ batch: NotificationBatch) async -> DeliveryOutcome {
        await deliver(
            OutgoingMessage(
                channel: batch.channel, subject: NotificationMessage.subject(batch), text: NotificationMessage.text(batch, linkBase: linkBase),
                json: NotificationMessage.json(batch, linkBase: linkBase), at: batch.at))
    }

    /// Sends `message`, retrying what may pass later.
    func deliver(_ message: OutgoingMessage) async -> DeliveryOutcome {
        var attempt = 0
        while true {
            attempt += 1
            switch await send(message) {
            case .delivered(let detail):
                return DeliveryOutcome(delivered: true, attempts: attempt, detail: detail)
            case .failed(let detail, let retry):
                guard retry, attempt <= retryDelays.count else { return DeliveryOutcome(delivered: false, attempts: attempt, detail: detail) }
            }
            try? await Task.sleep(for: retryDelays[attempt - 1])
        }
    }

    func send(_ message: OutgoingMessage) async -> Attempt {
        if case .email(let settings) = message.channel.kind {
            do {
                try await SMTPMailer(settings: settings).send(subject: message.subject, body: message.text, html: message.html, at: message.at)
                return .delivered("accepted by \(settings.host)")
            } catch let failure as SMTPFailure {
                return .failed(failure.description, retry: failure.isTransient)
            } catch {
                return .failed("\(error)", retry: true)
            }
        }
        let (url, body, headers) = request(for: message)
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers = headers
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await client.execute(request, timeout: .seconds(10))
            let code = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if (200..<300).contains(code) { return .delivered("HTTP \(code)") }
            return .failed("HTTP \(code)", retry: !(400..<500).contains(code) || code == 408 || code == 429)
        } catch {
            return .failed("\(error)", retry: true)
        }
    }

    func request(for message: OutgoingMessage) -> (url: String, body: String, headers: HTTPHeaders) {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "User-Agent": "pitwall"]
        switch message.channel.kind {
        case .webhook(let url, let secret):
            let timestamp = message.at.millisecondsSinceEpoch / 1000
            headers.add(name: "X-Pitwall-Timestamp", value: String(timestamp))
            if let secret {
                headers.add(name: "X-Pitwall-Signature", value: "v1=" + Self.signature(secret: secret, timestamp: timestamp, body: message.json))
            }
            return (url, message.json, headers)
        case .slack(let url):
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("text", message.text)
            writer.endObject()
            return (url, writer.text, headers)
        case .email:
            preconditionFailure("mail goes over SMTP, not HTTP")
        }
    }

    /// Hex HMAC-SHA256 of "TIMESTAMP.BODY" under the channel's secret: a receiver recomputes
    /// it, compares in constant time, and refuses stale timestamps to stop replays.
    static func signature(secret: String, timestamp: Int64, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
