/// Components and metrics as people say them: `ai_assistant` is "AI assistant", `crm_api`
/// "CRM API", `database_query_time` "Database query time". The identifiers stay as they are
/// in events, the API and configuration; only pages and messages read them out.
public enum SystemWords {
    /// Words that are said letter by letter, so they are written in capitals.
    static let initialisms: Set<String> = [
        "ai", "api", "bdc", "cpu", "crm", "db", "dms", "dns", "http", "https", "id", "ip", "llm", "mms", "rcs", "sms", "smtp", "sql", "ui", "url", "vpn",
    ]

    public static func readable(_ identifier: String) -> String {
        let words = identifier.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " }).map(String.init)
        guard !words.isEmpty else { return identifier }
        let spoken = words.enumerated().map { index, word in
            if initialisms.contains(word.lowercased()) { return word.uppercased() }
            // A word someone already wrote in capitals ("Twilio", "OpenAI") is kept as written.
            if word != word.lowercased() || index > 0 { return word }
            return word.prefix(1).uppercased() + word.dropFirst()
        }
        return spoken.joined(separator: " ")
    }
}
