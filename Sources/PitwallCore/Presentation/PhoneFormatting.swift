/// A phone number as a person reads it off a screen before dialling.
public enum PhoneFormatting {
    /// "+1 619-230-4936" for a North American number however it was written ("+16192304936",
    /// "(619) 230-4936", "619.230.4936"), the way dealership staff write them; any other
    /// number as it was given, since a wrong grouping is worse than none.
    public static func readable(_ phone: String) -> String {
        let punctuation = Set("+-(). ".utf8)
        let zeroToNine = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard phone.utf8.allSatisfy({ punctuation.contains($0) || zeroToNine.contains($0) }) else { return phone }
        let digits = phone.utf8.filter { zeroToNine.contains($0) }
        let countryCodeGiven = digits.count == 11 && digits.first == UInt8(ascii: "1")
        // After a "+" comes the country code, so "+619..." is not a North American number.
        guard countryCodeGiven || (digits.count == 10 && !phone.contains("+")) else { return phone }
        let national = String(decoding: digits.suffix(10), as: UTF8.self)
        return "+1 \(national.prefix(3))-\(national.dropFirst(3).prefix(3))-\(national.suffix(4))"
    }
}
