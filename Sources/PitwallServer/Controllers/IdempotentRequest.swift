import Foundation
import HTTPTypes
import Hummingbird
import PitwallCore

/// `Idempotency-Key` on a request that makes something new (a silence, a token): the first
/// request with a key is carried out, and its retry within a day is answered from what the
/// first one did instead of making a second. The same key with a different request is
/// refused (422), as is a retry while the first is still running (409). Without the header
/// nothing changes. Keys are the caller's own: the same key from another token is another key.
struct IdempotentRequest {
    static let header = HTTPField.Name("Idempotency-Key")!
    /// Set on an answer given again rather than carried out again.
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    static let keptSeconds: Double = 24 * 3600
    /// A first request still unfinished after this long was cut off (a crash, a restart)
    /// and changed nothing: its key is taken over rather than refused for the rest of the day.
    static let abandonedSeconds: Double = 60

    let records: any IdempotencyRecordStore
    let clock: any WallClock

    /// What is kept of a first answer, and how a retry is answered from it.
    struct Replay: Sendable {
        var keeping: @Sendable (String) -> String
        var answer: @Sendable (IdempotencyRecord) throws -> Response

        /// The first answer, kept whole and given again.
        static let same = Replay(keeping: { $0 }) { record in
            var response = Response.json(record.body ?? "{}", status: HTTPResponse.Status(code: record.status ?? 200))
            response.headers[IdempotentRequest.replayedHeader] = "true"
            return response
        }
    }

    /// Carries out `work` (given the request with its body read) once per key.
    func respond(
        to request: Request, context: PitwallRequestContext, replay: Replay = .same,
        _ work: (Request) async throws -> (status: HTTPResponse.Status, json: String)
    ) async throws -> Response {
        guard let key = request.headers[Self.header] else {
            let answer = try await work(request)
            return Response.json(answer.json, status: answer.status)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.badRequest("Idempotency-Key: 1 to 255 visible ASCII characters, such as a UUID", code: "invalid_idempotency_key")
        }
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        let now = clock.now()
        let caller = context.accessToken?.secretHash ?? ""
        let claim = IdempotencyRecord(
            keyHash: HexDigest.sha256(Data((caller + "\n" + key).utf8)), caller: caller,
            fingerprint: HexDigest.sha256(Data("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Data(body.readableBytesView)),
            createdAt: now)
        if let first = try await Self.claim(claim, in: records, now: now) {
            guard first.fingerprint == claim.fingerprint else {
                throw APIError(
                    .unprocessableContent, code: "idempotency_key_reused",
                    message: "Idempotency-Key: already used in the last 24 hours for another request (another body or address); use a new key for a new request")
            }
            guard first.isFinished else {
                throw APIError(
                    .conflict, code: "idempotent_request_in_progress",
                    message: "Idempotency-Key: the first request with this key is still being carried out; try again in a moment",
                    headers: [.retryAfter: "1"])
            }
            return try replay.answer(first)
        }
        let answer = try await Self.carryOut(under: claim.keyHash, in: records) { try await work(request) } keeping: { answer in
            answer.status.kind == .successful ? (answer.status.code, replay.keeping(answer.json)) : nil
        }
        return Response.json(answer.json, status: answer.status)
    }

    /// Carries out `work` under a key this request claimed: what `keeping` makes of its
    /// answer is kept for the retries; an answer it keeps nothing of, or a failure, lets the
    /// key go (nothing was made, so a retry should be carried out).
    static func carryOut<Answer>(
        under keyHash: String, in records: any IdempotencyRecordStore, _ work: () async throws -> Answer,
        keeping: (Answer) -> (status: Int, body: String)?
    ) async throws -> Answer {
        let answer: Answer
        do {
            answer = try await work()
        } catch {
            try? await records.releaseIdempotencyKey(keyHash: keyHash)
            throw error
        }
        if let kept = keeping(answer) {
            try await records.finishIdempotentRequest(keyHash: keyHash, status: kept.status, body: kept.body)
        } else {
            try await records.releaseIdempotencyKey(keyHash: keyHash)
        }
        return answer
    }

    /// Claims the key (nil), or the record of the first request that did, taking over one
    /// abandoned unfinished.
    static func claim(_ claim: IdempotencyRecord, in records: any IdempotencyRecordStore, now: Timestamp) async throws -> IdempotencyRecord? {
        let forgetting = now.adding(seconds: -keptSeconds)
        guard let first = try await records.claimIdempotencyKey(claim, forgettingBefore: forgetting) else { return nil }
        guard !first.isFinished, try await records.takeOverIdempotencyKey(claim, abandonedBefore: now.adding(seconds: -abandonedSeconds)) else { return first }
        return nil
    }
}
