import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PitwallCore

/// Twilio's callbacks, as Twilio sends them: `POST /hooks/twilio/status` (delivery reports)
/// and `POST /hooks/twilio/inbound` (texts from customers), form-encoded and signed with a
/// store's auth token. A request no configured token signed gets 403 and nothing is stored.
/// The account that signed it says whose it is: the home organisation's (the file's accounts)
/// or another's (its own configuration's), and the callback is stored in that organisation.
struct TwilioHooksController {
    let sink: ProviderCallbackSink
    let configurations: ConfigurationBook
    let home: OrganisationID
    /// The address Twilio calls is the servers', in their file.
    var publicBase: String? { configurations.file.twilio.publicURL }
    static let emptyTwiML = #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#

    func addRoutes(to router: Router<PitwallRequestContext>) {
        let hooks = router.group("hooks/twilio")
        hooks.post("status", use: status)
        hooks.post("inbound", use: inbound)
    }

    struct SignedCallback {
        var signers: [ProviderCallbackSink.Signer]
        var fields: FormFields
    }

    /// Reads the body and finds the account whose token signed it.
    func verify(_ request: Request) async throws -> SignedCallback {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 64 * 1024)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "too_large", message: "a Twilio callback is a few hundred bytes; this body is over 64 KiB")
        }
        guard let signature = request.headers[HTTPField.Name("X-Twilio-Signature")!], !signature.isEmpty else {
            throw APIError.forbidden("missing X-Twilio-Signature: only Twilio's signed callbacks are taken here")
        }
        let owners = configurations.byOrganisation(home: home)
        guard owners.contains(where: { !$0.configuration.twilio.accounts.isEmpty }) else {
            throw APIError.forbidden("no Twilio account is configured (twilio.accounts in the configuration file or an organisation's)")
        }
        let text = String(buffer: body)
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        let parameters = isForm ? FormFields.pairs(text) : []
        let url = publicURL(of: request)
        let signers = ProviderCallbackSink.Signer.among(owners) { configuration in
            configuration.twilio.accounts.filter { account in
                TwilioSignature.isValid(signature: signature, url: url, parameters: parameters, body: isForm ? nil : Data(text.utf8), authToken: account.authToken)
            }.map(\.storeID)
        }
        if !signers.isEmpty { return SignedCallback(signers: signers, fields: FormFields(isForm ? text : "")) }
        throw APIError.forbidden("X-Twilio-Signature does not match any configured account's auth token for \(url)")
    }

    /// The URL Twilio called: the configured public address, or what the request says.
    func publicURL(of request: Request) -> String {
        let path = request.uri.description
        if let base = publicBase { return base + path }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https" ? "https" : "http"
        let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] ?? "localhost"
        return "\(scheme)://\(host)\(path)"
    }

    @Sendable func status(request: Request, context: PitwallRequestContext) async throws -> Response {
        let callback = try await verify(request)
        guard let sid = callback.fields.text("MessageSid") ?? callback.fields.text("SmsSid") else {
            throw APIError.badRequest("MessageSid: missing from the status callback", code: "invalid_body")
        }
        guard let raw = callback.fields.text("MessageStatus") ?? callback.fields.text("SmsStatus") else {
            throw APIError.badRequest("MessageStatus: missing from the status callback", code: "invalid_body")
        }
        guard TwilioCallback.statuses.keys.contains(raw.lowercased()) else {
            throw APIError.badRequest(
                "MessageStatus: '\(raw)' is not one of Twilio's (\(TwilioCallback.statuses.keys.sorted().joined(separator: ", ")))", code: "invalid_body")
        }
        guard let status = TwilioCallback.deliveryStatus(raw) else {
            return Self.answer(["stored": "false", "reason": "'\(raw)' is an inbound status, not a delivery report"], status: .ok)
        }
        let report = ProviderMessageUpdate.DeliveryReport(
            provider: "twilio", messageID: sid, providerStatus: raw.lowercased(), status: status, errorCode: callback.fields.text("ErrorCode"), at: nil)
        switch try await sink.apply(.delivery(report), signedBy: callback.signers) {
        case .stored(let event, let disposition):
            return Self.answer(
                ["stored": disposition == .accepted ? "true" : "false", "event_id": event.id.rawValue, "disposition": disposition == .accepted ? "accepted" : "duplicate"],
                status: .ok)
        case .unknownMessage, .unknownSender:
            return Self.answer(
                ["stored": "false", "disposition": "held",
                 "reason": "no outbound message \(sid) is known yet: held for up to \(ProviderCallbackSink.holdDays) days and stored when its message.sent arrives"],
                status: .accepted)
        }
    }

    @Sendable func inbound(request: Request, context: PitwallRequestContext) async throws -> Response {
        let callback = try await verify(request)
        if let sid = callback.fields.text("MessageSid") ?? callback.fields.text("SmsSid") {
            let text = ProviderMessageUpdate.InboundText(provider: "twilio", messageID: sid, from: callback.fields["From"] ?? "", body: callback.fields["Body"], at: nil)
            if case .unknownSender = try await sink.apply(.inbound(text), signedBy: callback.signers) {
                context.logger.notice(
                    "Twilio inbound text from an unknown number, held", metadata: ["stores": "\(callback.signers.flatMap(\.stores).map(\.rawValue))"])
            }
        }
        // Twilio wants TwiML; an empty response sends no reply to the customer.
        return Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Self.emptyTwiML)))
    }

    static func answer(_ fields: [String: String], status: HTTPResponse.Status) -> Response {
        var writer = JSONWriter()
        writer.beginObject()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { writer.member(name, value) }
        writer.endObject()
        return Response.json(writer.text, status: status)
    }
}
