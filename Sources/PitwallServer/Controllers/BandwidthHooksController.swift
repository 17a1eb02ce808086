import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCore

/// `POST /hooks/bandwidth`: Bandwidth's messaging callbacks (delivery reports and incoming
/// texts), authenticated by the callback credentials set in each store's Bandwidth application;
/// stored in the organisation whose configuration holds those credentials.
struct BandwidthHooksController {
    let sink: ProviderCallbackSink
    let configurations: ConfigurationBook
    let home: OrganisationID

    func addRoutes(to router: Router<PitwallRequestContext>) {
        router.post("hooks/bandwidth", use: callback)
    }

    /// The organisations and stores whose credentials the request carries; 401 with a challenge otherwise.
    func signers(of request: Request) throws -> [ProviderCallbackSink.Signer] {
        let challenge: HTTPFields = [.wwwAuthenticate: #"Basic realm="pitwall-bandwidth""#]
        let owners = configurations.byOrganisation(home: home)
        guard owners.contains(where: { !$0.configuration.providers.bandwidth.isEmpty }) else {
            throw APIError(
                .unauthorized, code: "unauthorized", message: "no Bandwidth account is configured (bandwidth.accounts in the configuration file or an organisation's)",
                headers: challenge)
        }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
        else {
            throw APIError(.unauthorized, code: "unauthorized", message: "Bandwidth callbacks carry the callback credentials as HTTP basic authentication", headers: challenge)
        }
        let (user, password) = (String(pair[..<colon]), String(pair[pair.index(after: colon)...]))
        let signers = ProviderCallbackSink.Signer.among(owners) { configuration in
            configuration.providers.bandwidth.filter { ConstantTime.equal($0.username, user) && ConstantTime.equal($0.password, password) }.map(\.storeID)
        }
        if !signers.isEmpty { return signers }
        throw APIError(.unauthorized, code: "unauthorized", message: "the callback credentials match no configured Bandwidth account", headers: challenge)
    }

    @Sendable func callback(request: Request, context: PitwallRequestContext) async throws -> Response {
        let signers = try signers(of: request)
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 1 << 20)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "too_large", message: "a Bandwidth callback is a few kilobytes; this body is over 1 MiB")
        }
        let parsed: (updates: [ProviderMessageUpdate], skipped: [String])
        do {
            parsed = try BandwidthCallback.parse(Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_body")
        }
        var outcomes: [ProviderCallbackSink.Outcome] = []
        for update in parsed.updates { outcomes.append(try await sink.apply(update, signedBy: signers)) }
        return Response.json(ProviderCallbackSink.summary(outcomes, skipped: parsed.skipped))
    }
}

/// Compares secrets without leaking, through timing, how much of a guess was right.
enum ConstantTime {
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let (left, right) = (Array(lhs.utf8), Array(rhs.utf8))
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}
