/// A request sent with an `Idempotency-Key`, as the database keeps it so that the client's
/// retry is answered, not carried out a second time.
public struct IdempotencyRecord: Hashable, Sendable {
    /// SHA-256 of the caller's token hash and the key: one client's keys never meet another's.
    public var keyHash: String
    /// The hash of the caller's token, whose old records its next claim forgets.
    public var caller: String
    /// SHA-256 of the method, path and body: the same key with another request is a mistake.
    public var fingerprint: String
    /// The answer once the request is done; nil while it is being carried out.
    public var status: Int?
    public var body: String?
    public var createdAt: Timestamp

    public init(keyHash: String, caller: String, fingerprint: String, status: Int? = nil, body: String? = nil, createdAt: Timestamp) {
        self.keyHash = keyHash
        self.caller = caller
        self.fingerprint = fingerprint
        self.status = status
        self.body = body
        self.createdAt = createdAt
    }

    public var isFinished: Bool { status != nil }
}

/// Where idempotency keys are claimed and their answers kept. Like sessions, the records
/// belong to no organisation: the key's hash already names the token that sent it.
public protocol IdempotencyRecordStore: Sendable {
    /// Claims `record.keyHash` for a request about to be carried out: nil when this call
    /// claimed it, else the record already there (in flight or done), which stands. The
    /// caller's records made before `forgettingBefore` are forgotten first, so a key can be
    /// used again a day on. (The caller's only: servers whose clocks disagree, like tests with
    /// clocks of their own, never forget each other's.)
    func claimIdempotencyKey(_ record: IdempotencyRecord, forgettingBefore: Timestamp) async throws -> IdempotencyRecord?

    /// Keeps the answer of the request that claimed the key.
    func finishIdempotentRequest(keyHash: String, status: Int, body: String) async throws

    /// Lets the key go again: the request failed and changed nothing, so a retry should run.
    func releaseIdempotencyKey(keyHash: String) async throws

    /// Takes over `record.keyHash` when the request holding it is still unfinished and began
    /// before `abandonedBefore` (a crash or a restart cut it off): true when this call took it,
    /// now begun at `record.createdAt`. False when it is finished, younger, gone, or another
    /// caller took it over first; one compare-and-set, so two servers never both take it.
    func takeOverIdempotencyKey(_ record: IdempotencyRecord, abandonedBefore: Timestamp) async throws -> Bool
}
