extension AccessToken {
    /// The token as `GET /v1/tokens` and `pitwall token list --json` show it: never the
    /// secret, nor its whole hash.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("name", name)
        writer.member("scope", scope.rawValue)
        writer.key("stores")
        if let stores {
            writer.beginArray()
            for store in stores { writer.string(store.rawValue) }
            writer.endArray()
        } else {
            writer.null()
        }
        writer.member("created_at", createdAt)
        for (key, instant) in [("expires_at", expiresAt), ("revoked_at", revokedAt), ("last_used_at", lastUsedAt)] {
            writer.key(key)
            if let instant { writer.string(instant.rfc3339) } else { writer.null() }
        }
        writer.endObject()
    }

    /// `{"tokens": [...]}`, as `GET /v1/tokens` and `pitwall token list --json` print a list.
    public static func listJSON(_ tokens: [AccessToken]) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("tokens")
        writer.beginArray()
        for token in tokens { token.write(to: &writer) }
        writer.endArray()
        writer.endObject()
        return writer.text
    }
}
