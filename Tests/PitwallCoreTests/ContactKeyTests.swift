import Testing

@testable import PitwallCore

/// The normal forms that decide whether two leads are the same person.
struct ContactKeyTests {
    @Test(arguments: [
        ("(312) 555-0101", "13125550101"),
        ("312.555.0101", "13125550101"),
        ("+1 312 555 0101", "13125550101"),
        ("+44 20 7946 0958", "442079460958"),
        ("555-0101", "5550101"),
        ("555-01", nil),
        ("call me", nil),
        ("", nil),
        // Digits of other scripts are not phone digits.
        ("٣١٢٥٥٥٠١٠١", nil),
    ] as [(String, String?)])
    func phoneKeepsDigitsAndAddsTheNorthAmericanCountryCode(raw: String, key: String?) {
        #expect(ContactKey.phone(raw) == key)
    }

    @Test(arguments: [
        ("Emma.Torres@Example.COM", "emma.torres@example.com"),
        ("  emma@example.com\t", "emma@example.com"),
        ("MAILTO:Emma@Example.com", "emma@example.com"),
        ("ÉLODIE@Exemple.fr", "élodie@exemple.fr"),
        ("  Zoë@Example.com ", "zoë@example.com"),
        ("emma.example.com", nil),
        ("@example.com", nil),
        ("emma@", nil),
        ("   ", nil),
        ("", nil),
    ] as [(String, String?)])
    func emailIsLowerCasedTrimmedAndNeedsSomethingEachSideOfTheAt(raw: String, key: String?) {
        #expect(ContactKey.email(raw) == key)
    }

    @Test func missingContactsHaveNoKey() {
        #expect(ContactKey.phone(nil) == nil)
        #expect(ContactKey.email(nil) == nil)
    }
}
