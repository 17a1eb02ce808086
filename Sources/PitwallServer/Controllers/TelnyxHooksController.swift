import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCore

/// `POST /hooks/telnyx`: Telnyx's messaging webhooks, signed with Ed25519: the signature in
/// `telnyx-signature-ed25519` covers `timestamp|body`, the timestamp in `telnyx-timestamp`
/// must be recent (a replayed webhook is refused), and the key is the account's public key;
/// stored in the organisation whose configuration holds that key.
struct TelnyxHooksController {
    let sink: ProviderCallbackSink
    let configurations: ConfigurationBook
    let home: OrganisationID
    var toleranceSeconds: Double { configurations.file.providers.telnyxToleranceSeconds }

    func addRoutes(to router: Router<PitwallRequestContext>) {
        router.post("hooks/telnyx", use: webhook)
    }

    /// The stores whose account key signed `body` at `timestamp`.
    static func signers(signature: String, timestamp: String, body: Data, accounts: [TelnyxAccount]) -> [StoreID] {
        guard let signatureBytes = Data(base64Encoded: signature) else { return [] }
        let signed = Data((timestamp + "|").utf8) + body
        return accounts.filter { account in
            guard let raw = Data(base64Encoded: account.publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signatureBytes, for: signed)
        }.map(\.storeID)
    }

    @Sendable func webhook(request: Request, context: PitwallRequestContext) async throws -> Response {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 1 << 20)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "too_large", message: "a Telnyx webhook is a few kilobytes; this body is over 1 MiB")
        }
        let owners = configurations.byOrganisation(home: home)
        guard owners.contains(where: { !$0.configuration.providers.telnyx.isEmpty }) else {
            throw APIError.forbidden("no Telnyx account is configured (telnyx.accounts in the configuration file or an organisation's)")
        }
        guard let signature = request.headers[HTTPField.Name("telnyx-signature-ed25519")!], let timestamp = request.headers[HTTPField.Name("telnyx-timestamp")!] else {
            throw APIError.forbidden("missing telnyx-signature-ed25519 or telnyx-timestamp: only Telnyx's signed webhooks are taken here")
        }
        guard let seconds = Double(timestamp) else { throw APIError.forbidden("telnyx-timestamp: '\(timestamp)' is not Unix seconds") }
        let age = Double(sink.clock.now().millisecondsSinceEpoch) / 1000 - seconds
        guard abs(age) <= toleranceSeconds else {
            throw APIError.forbidden("telnyx-timestamp is \(Int(abs(age))) s from now, more than \(Int(toleranceSeconds)) s: refused as a possible replay")
        }
        let body = Data(buffer.readableBytesView)
        let signers = ProviderCallbackSink.Signer.among(owners) { configuration in
            Self.signers(signature: signature, timestamp: timestamp, body: body, accounts: configuration.providers.telnyx)
        }
        guard !signers.isEmpty else { throw APIError.forbidden("telnyx-signature-ed25519 does not verify with any configured account's public key") }
        let parsed: (update: ProviderMessageUpdate?, skipped: String?)
        do {
            parsed = try TelnyxCallback.parse(body)
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_body")
        }
        var outcomes: [ProviderCallbackSink.Outcome] = []
        if let update = parsed.update { outcomes.append(try await sink.apply(update, signedBy: signers)) }
        return Response.json(ProviderCallbackSink.summary(outcomes, skipped: parsed.skipped.map { [$0] } ?? []))
    }
}
