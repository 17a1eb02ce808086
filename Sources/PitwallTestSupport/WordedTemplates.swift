import PitwallCore

/// Six first texts whose words do known things, for the content analysis's tests: "a", "b"
/// and "e" ask a question, "b", "e" and "d" ask for a next step, "a", "e" and "c" name the
/// customer or the car; all six fit in one text and none carries an emoji.
public enum WordedTemplates {
    public static let texts: [TemplateID: String] = [
        "a": "Hi {first_name}, is the {vehicle} still what you want?",
        "b": "Can we book you a test drive this week?",
        "e": "Any questions about the {vehicle}? Stop by any time.",
        "c": "Thanks for your inquiry about the {vehicle}. We will be in touch.",
        "d": "Thanks for your inquiry. Book a visit at https://example.com/book",
        "f": "Thanks for reaching out. We will be in touch shortly.",
    ]
}
